package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * What may be pulled ({@code ALLOW_IMAGES}, {@code DENY_IMAGES}): comma-separated patterns on an image's full
 * name with its registry, {@code docker.io/library/*}, {@code ghcr.io/my-org/**}. {@code *} stands for any part
 * of one path segment, {@code **} (a whole segment) for any number of segments, none included. Deny wins;
 * with an allowlist, only what it matches may be pulled.
 */
public final class ImageRules {
    private final List<String[]> allow;
    private final List<String[]> deny;

    private ImageRules(List<String[]> allow, List<String[]> deny) {
        this.allow = allow;
        this.deny = deny;
    }

    private static final String PATTERNS = " must be comma-separated image patterns like docker.io/library/* or ghcr.io/my-org/**";

    /**
     * The rules of {@code ALLOW_IMAGES} ({@code allow}; null or empty: everything not denied) and {@code DENY_IMAGES};
     * a list with a malformed pattern is a sentence in {@code problems} and counts as unset.
     */
    public static ImageRules read(String allow, String deny, List<String> problems) {
        List<String[]> allowed = patterns(allow);
        List<String[]> denied = patterns(deny);
        if (allowed == null) {
            problems.add("ALLOW_IMAGES" + PATTERNS);
        }
        if (denied == null) {
            problems.add("DENY_IMAGES" + PATTERNS);
        }
        return new ImageRules(allowed != null ? allowed : new ArrayList<>(), denied != null ? denied : new ArrayList<>());
    }

    /** Whether nothing is restricted. */
    public boolean isOpen() {
        return allow.isEmpty() && deny.isEmpty();
    }

    /** Whether {@code image} ({@code <registry>/<repository>}) may be pulled. */
    public boolean permits(String image) {
        String[] name = segments(image);
        for (String[] pattern : deny) {
            if (matches(pattern, 0, name, 0)) {
                return false;
            }
        }
        if (allow.isEmpty()) {
            return true;
        }
        for (String[] pattern : allow) {
            if (matches(pattern, 0, name, 0)) {
                return true;
            }
        }
        return false;
    }

    private static List<String[]> patterns(String list) {
        List<String[]> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (String text : Tokens.split(list, ',')) {
            String[] pattern = segments(text);
            for (int i = 0; i < pattern.length; i++) {
                if (!isSegmentPattern(pattern[i], i == 0)) {
                    return null;
                }
            }
            out.add(pattern);
        }
        return out;
    }

    // a registry host (first) or a name component, with * wildcards; or ** alone
    private static boolean isSegmentPattern(String s, boolean first) {
        if (s.equals("**")) {
            return true;
        }
        if (s.isEmpty() || s.contains("**")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' || c == '*'
                    || (first && c == ':'))) {
                return false;
            }
        }
        return true;
    }

    private static String[] segments(String s) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        while (start <= s.length()) {
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            parts.add(s.substring(start, end));
            start = end + 1;
        }
        String[] out = new String[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = parts.get(i);
        }
        return out;
    }

    private static boolean matches(String[] pattern, int p, String[] name, int n) {
        if (p == pattern.length) {
            return n == name.length;
        }
        if (pattern[p].equals("**")) {
            for (int k = n; k <= name.length; k++) {
                if (matches(pattern, p + 1, name, k)) {
                    return true;
                }
            }
            return false;
        }
        return n < name.length && glob(pattern[p], 0, name[n], 0) && matches(pattern, p + 1, name, n + 1);
    }

    // * matches any run of characters within the segment
    private static boolean glob(String pattern, int p, String text, int t) {
        while (p < pattern.length()) {
            char c = pattern.charAt(p);
            if (c == '*') {
                for (int k = t; k <= text.length(); k++) {
                    if (glob(pattern, p + 1, text, k)) {
                        return true;
                    }
                }
                return false;
            }
            if (t >= text.length() || text.charAt(t) != c) {
                return false;
            }
            p++;
            t++;
        }
        return t == text.length();
    }
}
