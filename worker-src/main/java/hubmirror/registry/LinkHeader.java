package hubmirror.registry;

/**
 * The {@code Link} header of a paginated answer ({@code tags/list}, {@code _catalog}):
 * {@code </v2/…?last=x&n=100>; rel="next"}. The mirror passes it on only as a path on itself.
 */
public final class LinkHeader {
    private LinkHeader() {
    }

    /**
     * {@code </v2/…>; rel="next"} with the target made a path on the mirror (a path under {@code /v2/} as
     * it is, an absolute URL on {@code upstreamRegistry} without its origin); null for anything else.
     */
    public static String rewrite(String value, String upstreamRegistry) {
        return rewrite(value, upstreamRegistry, null);
    }

    /** {@link #rewrite(String, String)}, the path then under the registry prefix the client used ({@code /v2/ghcr.io/…}). */
    public static String rewrite(String value, String upstreamRegistry, String prefix) {
        String v = value.trim();
        int close = v.indexOf('>');
        if (!v.startsWith("<") || close < 0) {
            return null;
        }
        String target = v.substring(1, close);
        String params = v.substring(close + 1).trim();
        if (!params.equals("; rel=\"next\"") && !params.equals(";rel=\"next\"") && !params.equals("; rel=next")) {
            return null;
        }
        String origin = TokenRealm.stripTrailingSlash(upstreamRegistry);
        if (target.regionMatches(true, 0, origin, 0, origin.length()) && target.startsWith("/v2/", origin.length())) {
            target = target.substring(origin.length());
        }
        if (!target.startsWith("/v2/") || !isPlain(target)) {
            return null;
        }
        return "<" + (prefix != null ? "/v2/" + prefix + target.substring(3) : target) + ">; rel=\"next\"";
    }

    // path and query characters only: nothing that could end the <…> or start another header
    private static boolean isPlain(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 127 || c == '<' || c == '>' || c == '"' || c == '\\') {
                return false;
            }
        }
        return !s.contains("//") && !s.contains("/../") && !s.contains("/./");
    }
}
