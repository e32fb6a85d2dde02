package hubmirror.registry;

import java.util.List;

/**
 * Maps the upstream's token realm to one on the mirror and back. Clients only ever see
 * {@code <mirror>/token}: the realm's path below {@code UPSTREAM_AUTH} is carried in the mirror's path
 * ({@code /token} for Docker Hub's {@code https://auth.docker.io/token}), so the mirror can only ever
 * call realms under {@code UPSTREAM_AUTH}, whatever a client or the upstream says.
 */
public final class TokenRealm {
    public static final String MIRROR_PATH = "/token";

    private TokenRealm() {
    }

    /**
     * The realm's path relative to {@code authBase} (starting with {@code /}), or null when the realm is not
     * under {@code authBase}: another scheme, host or port, a path outside it, a query, user info, or
     * dot segments.
     */
    public static String relativeToBase(String realm, String authBase) {
        String base = stripTrailingSlash(authBase);
        int authorityStart = base.indexOf("://");
        if (authorityStart <= 0 || realm.length() <= base.length()) {
            return null;
        }
        int baseAuthorityEnd = base.indexOf('/', authorityStart + 3);
        int prefixEnd = baseAuthorityEnd < 0 ? base.length() : baseAuthorityEnd;
        // scheme and authority compare case-insensitively, the path exactly
        if (!realm.regionMatches(true, 0, base, 0, prefixEnd)
                || !realm.startsWith(base.substring(prefixEnd), prefixEnd)) {
            return null;
        }
        String relative = realm.substring(base.length());
        return isSafePath(relative) ? relative : null;
    }

    /** The path on the mirror that stands for the upstream realm at {@code relative}. */
    public static String mirrorPath(String relative) {
        return relative.equals(MIRROR_PATH) ? MIRROR_PATH : MIRROR_PATH + relative;
    }

    /** Whether a request path on the mirror is its token endpoint. */
    public static boolean isMirrorPath(String path) {
        return path.equals(MIRROR_PATH) || path.startsWith(MIRROR_PATH + "/");
    }

    /** The upstream realm's path relative to {@code UPSTREAM_AUTH} for a mirror token path, or null. */
    public static String relativeFromMirrorPath(String path) {
        if (path.equals(MIRROR_PATH)) {
            return MIRROR_PATH;
        }
        String relative = path.substring(MIRROR_PATH.length());
        return isMirrorPath(path) && isSafePath(relative) ? relative : null;
    }

    /**
     * The upstream's {@code WWW-Authenticate} as the mirror hands it on: a Bearer realm moved to
     * {@code mirrorOrigin}, short names in the scope made {@code library/…}. Other schemes pass unchanged.
     * Null when the realm lies outside {@code authBase}: the mirror refuses to send clients there.
     */
    public static String rewriteChallenge(String header, String mirrorOrigin, String authBase) {
        AuthChallenge challenge = AuthChallenge.parse(header);
        if (challenge == null || !challenge.isBearer()) {
            return header;
        }
        String realm = challenge.param("realm");
        String relative = realm == null ? null : relativeToBase(realm, authBase);
        if (relative == null) {
            return null;
        }
        challenge = challenge.with("realm", mirrorOrigin + mirrorPath(relative));
        String scope = challenge.param("scope");
        List<String> scopes = scope == null ? null : Scope.normalizeAll(scope);
        if (scopes != null) {
            StringBuilder joined = new StringBuilder();
            for (String s : scopes) {
                joined.append(joined.length() == 0 ? "" : " ").append(s);
            }
            challenge = challenge.with("scope", joined.toString());
        }
        return challenge.toString();
    }

    public static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    // "/" segment ("/" segment)*, segments of unreserved characters, no "." or ".." segments
    private static boolean isSafePath(String path) {
        if (path.length() < 2 || path.charAt(0) != '/') {
            return false;
        }
        int segmentStart = 1;
        for (int i = 1; i <= path.length(); i++) {
            char c = i < path.length() ? path.charAt(i) : '/';
            if (c == '/') {
                String segment = path.substring(segmentStart, i);
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    return false;
                }
                segmentStart = i + 1;
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~')) {
                return false;
            }
        }
        return true;
    }
}
