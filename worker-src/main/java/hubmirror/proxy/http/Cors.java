package hubmirror.proxy.http;

/** CORS for a public, pull-only API: any web origin may read it, without cookies. */
public final class Cors {
    static final String ALLOW_HEADERS = "Authorization, Accept, Range, If-None-Match, If-Range, Content-Type";
    static final String ALLOW_METHODS = "GET, HEAD, OPTIONS";
    static final String EXPOSE_HEADERS = "Docker-Content-Digest, Docker-Distribution-Api-Version, "
            + "WWW-Authenticate, Content-Range, Content-Length, Link, RateLimit-Limit, RateLimit-Remaining, "
            + "Retry-After";

    private Cors() {
    }

    /**
     * The origin to allow: the caller's own when it sent a real one ({@code scheme://host[:port]}),
     * otherwise the mirror's. Never {@code *} and never the bare host the seed used.
     */
    public static String allowOrigin(String requestOrigin, String selfOrigin) {
        return isOrigin(requestOrigin) ? requestOrigin : selfOrigin;
    }

    static boolean isOrigin(String s) {
        if (s == null || s.length() > 255) {
            return false;
        }
        int hostStart = s.startsWith("https://") ? 8 : s.startsWith("http://") ? 7 : -1;
        if (hostStart < 0 || hostStart == s.length()) {
            return false;
        }
        for (int i = hostStart; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '-' || c == ':' || c == '[' || c == ']';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
