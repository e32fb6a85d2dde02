package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Which manifest a tag yields depends on the media types the client accepts (a list, an index, one
 * manifest): a tag's cache entry is keyed on that set, written the same way however the client spelled it.
 */
public final class ManifestAccept {
    private static final int MAX_TYPES = 32;

    private ManifestAccept() {
    }

    /**
     * The media types of an {@code Accept} value, lowercased, without parameters, sorted, distinct and
     * comma-joined; "" for none. Null when the value is too long or holds characters a media type does
     * not (then the request is not cached: such a key could collide with another).
     */
    public static String normalize(String accept) {
        if (accept == null) {
            return "";
        }
        if (accept.length() > HeaderPolicy.MAX_HEADER_LENGTH) {
            return null;
        }
        List<String> types = new ArrayList<>();
        int start = 0;
        while (start <= accept.length()) {
            int comma = accept.indexOf(',', start);
            int end = comma < 0 ? accept.length() : comma;
            int semicolon = accept.indexOf(';', start);
            int typeEnd = semicolon >= 0 && semicolon < end ? semicolon : end;
            String type = accept.substring(start, typeEnd).trim().toLowerCase();
            if (!type.isEmpty()) {
                if (!isMediaType(type)) {
                    return null;
                }
                insertSorted(types, type);
            }
            start = end + 1;
        }
        if (types.size() > MAX_TYPES) {
            return null;
        }
        return String.join(",", types);
    }

    /** Keeps {@code types} sorted and distinct (a handful of entries; Collections.sort costs bundle size). */
    private static void insertSorted(List<String> types, String type) {
        int i = 0;
        while (i < types.size() && types.get(i).compareTo(type) < 0) {
            i++;
        }
        if (i == types.size() || !types.get(i).equals(type)) {
            types.add(i, type);
        }
    }

    private static boolean isMediaType(String s) {
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1 || s.indexOf('/', slash + 1) >= 0) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' || c == '.' || c == '+'
                    || c == '-' || c == '_' || c == '*';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether a manifest of {@code contentType} answers a client whose media types are {@code normalized} (the
     * form {@link #normalize} gives): a client that names none takes what the registry chooses; otherwise the
     * type (without parameters, any case) must be one it named, or match a {@code type/*} or {@code *}{@code /*}.
     */
    public static boolean accepts(String normalized, String contentType) {
        if (normalized == null || normalized.isEmpty()) {
            return true;
        }
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon >= 0 ? contentType.substring(0, semicolon) : contentType).trim().toLowerCase();
        int slash = type.indexOf('/');
        String range = slash > 0 ? type.substring(0, slash) + "/*" : null;
        int start = 0;
        while (start <= normalized.length()) {
            int comma = normalized.indexOf(',', start);
            String named = normalized.substring(start, comma < 0 ? normalized.length() : comma);
            if (named.equals(type) || named.equals("*/*") || named.equals(range)) {
                return true;
            }
            start = (comma < 0 ? normalized.length() : comma) + 1;
        }
        return false;
    }
}
