package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The token realms the mirror may call for an upstream (its {@code auth} list; {@code UPSTREAM_AUTH} for Docker
 * Hub), and how clients reach them: the upstream's challenge names a realm; if it is exactly one of the
 * upstream's, the client is sent to the mirror's realm for that upstream and index ({@link TokenPath#of}), and
 * the token endpoint calls that realm's URL and nothing else. The mirror's realm carries the upstream, so a
 * client's token request can only reach the token services of the upstream that challenged it. A realm the
 * mirror does not know, or a challenge it cannot read whole, is never passed on. A listed realm may name its
 * host by a pattern ({@code https://*-docker.pkg.dev/v2/token}): such a realm is called by the mirror for its
 * own identity only, never handed to clients (the token endpoint could not say which host it means).
 */
public final class TokenRealm {
    private TokenRealm() {
    }

    /**
     * {@code UPSTREAM_AUTH}: comma-separated realm URLs ({@code https://auth.docker.io/token}). An entry
     * without a path is a token service's base, as older configurations gave it: its realm is
     * {@code <base>/token}. Null when an entry is not an http(s) URL with a plain path, or when there is none.
     */
    public static List<String> parseRealms(String config) {
        List<String> realms = parseRealmList(config);
        return realms == null || realms.isEmpty() ? null : realms;
    }

    /** {@link #parseRealms}, but an empty list is allowed: a registry that needs no token. */
    public static List<String> parseRealmList(String config) {
        List<String> realms = new ArrayList<>(1);
        for (String entry : Tokens.split(config, ',')) {
            String realm = canonical(entry, true);
            if (realm == null) {
                return null;
            }
            int pathStart = realm.indexOf('/', realm.indexOf("://") + 3);
            if (pathStart < 0) {
                realm = realm + TokenPath.MIRROR_PATH;
            } else if (pathStart == realm.length() - 1) {
                realm = realm + TokenPath.MIRROR_PATH.substring(1);
            }
            realms.add(realm);
        }
        return realms;
    }

    /**
     * Which of {@code realms} {@code realm} is, exactly (scheme and host in any case), or by a host pattern
     * of the list; -1 for none.
     */
    public static int indexOf(String realm, List<String> realms) {
        String canonical = canonical(realm, false);
        if (canonical == null) {
            return -1;
        }
        int exact = realms.indexOf(canonical);
        if (exact >= 0) {
            return exact;
        }
        for (int i = 0; i < realms.size(); i++) {
            if (matchesPattern(canonical, realms.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** The URL to call for a challenge's {@code realm}: the listed one it is, or itself when a pattern lists it; else null. */
    public static String resolve(String realm, List<String> realms) {
        int index = realm == null ? -1 : indexOf(realm, realms);
        return index < 0 ? null : isPattern(realms.get(index)) ? canonical(realm) : realms.get(index);
    }

    /** Whether a listed realm names its host by a pattern ({@code *-docker.pkg.dev}). */
    public static boolean isPattern(String listed) {
        return listed.startsWith("*", listed.indexOf("://") + 3);
    }

    // scheme://*suffix/path matches scheme://<label part>suffix/path, the * standing for letters, digits and -
    private static boolean matchesPattern(String realm, String listed) {
        if (!isPattern(listed)) {
            return false;
        }
        int star = listed.indexOf('*');
        String scheme = listed.substring(0, star);
        String rest = listed.substring(star + 1);
        if (!realm.startsWith(scheme)) {
            return false;
        }
        int slash = rest.indexOf('/');
        String suffix = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash);
        int authorityEnd = realm.indexOf('/', scheme.length());
        String authority = realm.substring(scheme.length(), authorityEnd < 0 ? realm.length() : authorityEnd);
        String realmPath = authorityEnd < 0 ? "" : realm.substring(authorityEnd);
        if (!realmPath.equals(path) || authority.length() <= suffix.length() || !authority.endsWith(suffix)) {
            return false;
        }
        for (int i = 0; i < authority.length() - suffix.length(); i++) {
            char c = authority.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** A registry's name as image names write it: a lowercase host with a dot, or localhost, and a port. */
    public static boolean isRegistryName(String s) {
        return !s.isEmpty() && s.length() <= 253 && UpstreamSelection.isRegistryHost(s) && s.equals(s.toLowerCase())
                && !s.startsWith(".") && !s.startsWith("-") && !s.startsWith(":") && !s.contains("..");
    }

    /**
     * The upstream's {@code WWW-Authenticate} as the mirror hands it on, rebuilt from what it understood:
     * a Bearer challenge whose realm is one of {@code realms}, with the mirror's realm, the service, the
     * scope made pull-only with {@code library/} names, and the error; or a Basic challenge with its realm
     * label. Null for anything else (an unknown realm, another scheme, a challenge not read whole): the
     * mirror then refuses the answer rather than send a client's credentials somewhere it cannot vouch for.
     */
    public static String rewriteChallenge(String header, String mirrorOrigin, List<String> realms) {
        return rewriteChallenge(header, mirrorOrigin, UpstreamTable.DOCKER_HUB, realms, true);
    }

    /**
     * {@link #rewriteChallenge(String, String, List)} for {@code upstream}, whose realms are {@code realms}: the
     * mirror's realm names the upstream; scopes get {@code library/} names only when {@code library}. A scope
     * parameter with no {@code :} in it ({@code scope="aws"} of ECR Public's {@code /v2/}) is left out.
     */
    public static String rewriteChallenge(String header, String mirrorOrigin, String upstream, List<String> realms,
            boolean library) {
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
        if (index < 0 || isPattern(realms.get(index))) {
            return null;
        }
        AuthChallenge out = AuthChallenge.of("Bearer").with("realm", mirrorOrigin + TokenPath.of(upstream, index));
        String service = challenge.param("service");
        if (service != null) {
            out = out.with("service", service);
        }
        String scope = challenge.param("scope");
        if (scope != null) {
            List<String> scopes = Scope.normalizeAll(scope, library);
            if (scopes == null && scope.indexOf(':') >= 0) {
                return null;
            }
            // a scope with no resource in it (ECR Public's scope="aws" on /v2/) asks for nothing: left out
            if (scopes != null && !scopes.isEmpty()) {
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
        return canonical(url, false);
    }

    /** @param pattern whether the host may start with {@code *} (a listed realm, never one a challenge names) */
    static String canonical(String url, boolean pattern) {
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
        if (!isAuthority(pattern && authority.startsWith("*") ? authority.substring(1) : authority)) {
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
                // a trailing slash is a path of its own (ECR Public's realm is https://public.ecr.aws/token/)
                if (segment.isEmpty() && i < path.length() || segment.equals(".") || segment.equals("..")) {
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
