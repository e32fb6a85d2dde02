package hubmirror.registry;

/**
 * The mirror's own realms: the paths of its token endpoint that stand for one realm of one upstream
 * ({@code /token}, {@code /token/<n>}, {@code /token/<registry>}, {@code /token/<registry>/<n>}), which
 * {@link TokenRealm#rewriteChallenge} hands to clients in place of the upstream's realm.
 */
public final class TokenPath {
    public static final String MIRROR_PATH = "/token";

    private TokenPath() {
    }

    /**
     * The path on the mirror that stands for the realm at {@code index} of {@code upstream}: Docker Hub's are
     * {@code /token} and {@code /token/<n>} (as before there were other upstreams), another registry's
     * {@code /token/<registry>} and {@code /token/<registry>/<n>}.
     */
    public static String of(String upstream, int index) {
        String base = upstream.equals(UpstreamTable.DOCKER_HUB) ? MIRROR_PATH : MIRROR_PATH + "/" + upstream;
        return index == 0 ? base : base + "/" + (index + 1);
    }

    /** Docker Hub's realm at {@code index}. */
    public static String of(int index) {
        return of(UpstreamTable.DOCKER_HUB, index);
    }

    /** Whether a request path on the mirror is in its token endpoint's space. */
    public static boolean isTokenPath(String path) {
        return path.equals(MIRROR_PATH) || path.startsWith(MIRROR_PATH + "/");
    }

    /**
     * The upstream a mirror token path is for ({@link #of}), or null when it names none: it may
     * still be one this deployment does not serve; {@link #indexOf} says which of its realms.
     */
    public static String upstreamOf(String path) {
        if (path.equals(MIRROR_PATH)) {
            return UpstreamTable.DOCKER_HUB;
        }
        if (!path.startsWith(MIRROR_PATH + "/")) {
            return null;
        }
        int start = MIRROR_PATH.length() + 1;
        int slash = path.indexOf('/', start);
        String first = path.substring(start, slash < 0 ? path.length() : slash);
        if (realmNumber(first) >= 0) {
            return slash < 0 ? UpstreamTable.DOCKER_HUB : null;
        }
        return TokenRealm.isRegistryName(first) ? first : null;
    }

    /** The realm index a mirror token path stands for, or -1: only a number from 2 to {@code count}. */
    public static int indexOf(String path, int count) {
        String upstream = upstreamOf(path);
        if (upstream == null) {
            return -1;
        }
        String base = upstream.equals(UpstreamTable.DOCKER_HUB) && !path.startsWith(MIRROR_PATH + "/" + upstream)
                ? MIRROR_PATH : MIRROR_PATH + "/" + upstream;
        if (path.equals(base)) {
            return count > 0 ? 0 : -1;
        }
        int n = path.startsWith(base + "/") ? realmNumber(path.substring(base.length() + 1)) : -1;
        return n >= 2 && n <= count ? n - 1 : -1;
    }

    // 1-4 digits without a leading zero, or -1
    private static int realmNumber(String s) {
        if (s.isEmpty() || s.length() > 4 || s.charAt(0) == '0') {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
