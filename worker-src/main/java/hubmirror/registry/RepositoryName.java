package hubmirror.registry;

/**
 * Repository names as the distribution grammar has them: path components of lowercase letters and
 * digits joined by {@code .}, {@code _}, {@code __} or runs of {@code -}, separated by {@code /}, at most
 * 255 characters. Docker Hub keeps its official images under {@code library/}, so a one-component name
 * ({@code busybox}) means {@code library/busybox}.
 */
public final class RepositoryName {
    public static final int MAX_LENGTH = 255;
    private static final String OFFICIAL_NAMESPACE = "library/";

    private RepositoryName() {
    }

    /** Whether {@code name} is a valid repository name (without a registry host). */
    public static boolean isValid(String name) {
        if (name.isEmpty() || name.length() > MAX_LENGTH) {
            return false;
        }
        int start = 0;
        while (true) {
            int slash = name.indexOf('/', start);
            int end = slash < 0 ? name.length() : slash;
            if (!isPathComponent(name, start, end)) {
                return false;
            }
            if (slash < 0) {
                return true;
            }
            start = slash + 1;
        }
    }

    /** The name Docker Hub stores the image under: one component gets {@code library/} in front. */
    public static String normalize(String name) {
        return name.indexOf('/') < 0 ? OFFICIAL_NAMESPACE + name : name;
    }

    // alpha-numeric (separator alpha-numeric)*, separator = "." | "_" | "__" | "-"+
    private static boolean isPathComponent(String s, int start, int end) {
        if (start >= end || !isAlphaNumeric(s.charAt(start)) || !isAlphaNumeric(s.charAt(end - 1))) {
            return false;
        }
        int i = start;
        while (i < end) {
            char c = s.charAt(i);
            if (isAlphaNumeric(c)) {
                i++;
                continue;
            }
            int sepStart = i;
            if (c == '-') {
                while (i < end && s.charAt(i) == '-') {
                    i++;
                }
            } else if (c == '.') {
                i++;
            } else if (c == '_') {
                i++;
                if (i < end && s.charAt(i) == '_') {
                    i++;
                }
            } else {
                return false;
            }
            if (i == sepStart || !isAlphaNumeric(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isAlphaNumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }
}
