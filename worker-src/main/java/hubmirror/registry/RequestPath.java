package hubmirror.registry;

/**
 * The path exactly as the client sent it. Routing works on this, not on a parsed URL: a URL parser
 * resolves {@code /v2/%2e%2e/x} to {@code /x}, which would turn a traversal attempt on the registry API
 * into a friendly home page instead of an error.
 */
public final class RequestPath {
    private RequestPath() {
    }

    /** The path of an absolute URL ({@code scheme://authority/path?query}), without query or fragment. */
    public static String of(String url) {
        int authority = url.indexOf("://");
        int start = authority < 0 ? -1 : url.indexOf('/', authority + 3);
        if (start < 0) {
            return "/";
        }
        int end = url.length();
        int query = url.indexOf('?', start);
        if (query >= 0) {
            end = query;
        }
        int fragment = url.indexOf('#', start);
        if (fragment >= 0 && fragment < end) {
            end = fragment;
        }
        return url.substring(start, end);
    }

    /** Whether a segment is {@code .} or {@code ..}, spelled plainly or percent-encoded. */
    public static boolean hasDotSegment(String path) {
        int start = 0;
        while (start < path.length()) {
            int slash = path.indexOf('/', start);
            int end = slash < 0 ? path.length() : slash;
            if (isDots(path, start, end)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isDots(String s, int start, int end) {
        int dots = 0;
        int i = start;
        while (i < end) {
            if (s.charAt(i) == '.') {
                i++;
            } else if (s.regionMatches(true, i, "%2e", 0, 3)) {
                i += 3;
            } else {
                return false;
            }
            dots++;
        }
        return dots == 1 || dots == 2;
    }
}
