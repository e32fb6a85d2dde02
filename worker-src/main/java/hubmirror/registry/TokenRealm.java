package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The token realms the mirror may call ({@code UPSTREAM_AUTH}), and how clients reach them: the upstream's
 * challenge names a realm; if it is exactly one of the configured ones, the client is sent to the mirror's
 * {@code /token} (the first realm) or {@code /token/<n>} (the n-th), and the token endpoint calls that
 * realm's URL and nothing else. A realm the mirror does not know, or a challenge it cannot read whole, is
 * never passed on.
 */
public final class TokenRealm {
    public static final String MIRROR_PATH = "/token";

    private TokenRealm() {
    }

    /**
     * {@code UPSTREAM_AUTH}: comma-separated realm URLs ({@code https://auth.docker.io/token}). An entry
     * without a path is a token service's base, as older configurations gave it: its realm is
     * {@code <base>/token}. Null when an entry is not an http(s) URL with a plain path.
     */
    public static List<String> parseRealms(String config) {
        List<String> realms = new ArrayList<>(1);
        int start = 0;
        while (start <= config.length()) {
            int comma = config.indexOf(',', start);
            int end = comma < 0 ? config.length() : comma;
            String entry = config.substring(start, end).trim();
            start = end + 1;
            if (entry.isEmpty()) {
                continue;
            }
            String realm = canonical(entry);
            if (realm == null) {
                return null;
            }
            int pathStart = realm.indexOf('/', realm.indexOf("://") + 3);
            if (pathStart < 0) {
                realm = realm + MIRROR_PATH;
            } else if (pathStart == realm.length() - 1) {
                realm = realm + MIRROR_PATH.substring(1);
            }
            realms.add(realm);
        }
        return realms.isEmpty() ? null : realms;
    }

    /** Which of {@code realms} {@code realm} is, exactly (scheme and host in any case); -1 for none. */
    public static int indexOf(String realm, List<String> realms) {
        String canonical = canonical(realm);
        return canonical == null ? -1 : realms.indexOf(canonical);
    }

    /** The path on the mirror that stands for the realm at {@code index}. */
    public static String mirrorPath(int index) {
        return index == 0 ? MIRROR_PATH : MIRROR_PATH + "/" + (index + 1);
    }

    /** Whether a request path on the mirror is in its token endpoint's space. */
    public static boolean isMirrorPath(String path) {
        return path.equals(MIRROR_PATH) || path.startsWith(MIRROR_PATH + "/");
    }

    /** The realm index a mirror token path stands for, or -1: only {@code /token} and {@code /token/2…n}. */
    public static int indexFromMirrorPath(String path, int count) {
        if (path.equals(MIRROR_PATH)) {
            return 0;
        }
        if (!path.startsWith(MIRROR_PATH + "/") || path.length() > MIRROR_PATH.length() + 4) {
            return -1;
        }
        int n = 0;
        for (int i = MIRROR_PATH.length() + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c < '0' || c > '9' || (n == 0 && c == '0')) {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n >= 2 && n <= count ? n - 1 : -1;
    }

    /**
     * The upstream's {@code WWW-Authenticate} as the mirror hands it on, rebuilt from what it understood:
     * a Bearer challenge whose realm is one of {@code realms}, with the mirror's realm, the service, the
     * scope made pull-only with {@code library/} names, and the error; or a Basic challenge with its realm
     * label. Null for anything else (an unknown realm, another scheme, a challenge not read whole): the
     * mirror then refuses the answer rather than send a client's credentials somewhere it cannot vouch for.
     */
    public static String rewriteChallenge(String header, String mirrorOrigin, List<String> realms) {
        AuthChallenge challenge = AuthChallenge.parse(header);
        if (challenge == null) {
            return null;
        }
        if (challenge.scheme().equalsIgnoreCase("Basic")) {
            String label = challenge.param("realm");
            return label != null && challenge.count() == 1 ? AuthChallenge.of("Basic").with("realm", label).toString() : null;
        }
        if (!challenge.isBearer()) {
            return null;
        }
        String realm = challenge.param("realm");
        int index = realm == null ? -1 : indexOf(realm, realms);
        if (index < 0) {
            return null;
        }
        AuthChallenge out = AuthChallenge.of("Bearer").with("realm", mirrorOrigin + mirrorPath(index));
        String service = challenge.param("service");
        if (service != null) {
            out = out.with("service", service);
        }
        String scope = challenge.param("scope");
        if (scope != null) {
            List<String> scopes = Scope.normalizeAll(scope);
            if (scopes == null) {
                return null;
            }
            if (!scopes.isEmpty()) {
                out = out.with("scope", String.join(" ", scopes));
            }
        }
        String error = challenge.param("error");
        if (error != null) {
            out = out.with("error", error);
        }
        return out.toString();
    }

    public static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * {@code scheme://host[:port][/path]} with scheme and host lowercased, or null: another scheme, user
     * info, a query or fragment, an empty, {@code .} or {@code ..} segment, or a character outside
     * unreserved ones in the path.
     */
    static String canonical(String url) {
        int schemeEnd = url.indexOf("://");
        if (schemeEnd < 0) {
            return null;
        }
        String scheme = url.substring(0, schemeEnd).toLowerCase();
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return null;
        }
        int authorityEnd = url.indexOf('/', schemeEnd + 3);
        String authority = url.substring(schemeEnd + 3, authorityEnd < 0 ? url.length() : authorityEnd).toLowerCase();
        if (!isAuthority(authority)) {
            return null;
        }
        String path = authorityEnd < 0 ? "" : url.substring(authorityEnd);
        if (!path.isEmpty() && !path.equals("/") && !isSafePath(path)) {
            return null;
        }
        return scheme + "://" + authority + path;
    }

    private static boolean isAuthority(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' || c == ':'
                    || c == '[' || c == ']')) {
                return false;
            }
        }
        return true;
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
