package hubmirror.registry;

/**
 * The token the mirror's own token endpoint gives a client that did not log in. It stands for "anonymous"
 * and nothing more (anyone may have one), so it carries no secret: a request that bears it, or no
 * {@code Authorization} at all, is pulled with the mirror's own upstream identity and may use the cache.
 * Any other credentials are the client's own and go upstream untouched.
 */
public final class MirrorToken {
    public static final String ANONYMOUS = "hubmirror-anonymous";
    /** Clients ask again after this; nothing depends on it but their token caches. */
    public static final int EXPIRES_IN_SECONDS = 3600;

    private MirrorToken() {
    }

    /** Whether a request with this {@code Authorization} value (or none) is anonymous. */
    public static boolean isAnonymous(String authorization) {
        if (authorization == null || authorization.isEmpty()) {
            return true;
        }
        int space = authorization.indexOf(' ');
        return space == 6 && authorization.regionMatches(true, 0, "Bearer", 0, 6)
                && authorization.startsWith(ANONYMOUS, 7) && authorization.length() == 7 + ANONYMOUS.length();
    }

    /** The token endpoint's answer for an anonymous client, in the token protocol's JSON. */
    public static String grant() {
        return "{\"token\":\"" + ANONYMOUS + "\",\"access_token\":\"" + ANONYMOUS + "\",\"expires_in\":"
                + EXPIRES_IN_SECONDS + "}";
    }
}
