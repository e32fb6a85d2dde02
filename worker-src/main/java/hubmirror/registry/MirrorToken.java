package hubmirror.registry;

/**
 * The token the mirror's own token endpoint gives a client that did not log in. It stands for "anonymous"
 * and nothing more (anyone may have one), so it carries no secret: a request that bears it, or no
 * {@code Authorization} at all, is pulled with the mirror's own upstream identity and may use the cache.
 * A client that logged in gets the upstream's token wrapped by the mirror ({@link #wrap}): it names the
 * upstream whose token service issued it, and goes to that upstream only ({@link #forUpstream}).
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

    /** Marks a token the mirror handed on from an upstream's token service: {@code hubmirror~<registry>~<token>}. */
    public static final String WRAPPED = "hubmirror~";

    /** The token as the client gets it: it says which upstream it is for (registry names hold no {@code ~}). */
    public static String wrap(String upstream, String token) {
        return WRAPPED + upstream + "~" + token;
    }

    /**
     * What of a client's {@code Authorization} goes to {@code upstream}: Basic credentials as they are when
     * {@code upstream} is the registry of the host they were sent to ({@code hostRegistry}: clients keep
     * credentials per host, so a login at the mirror's main host is a Docker Hub login and one at
     * {@code ghcr.<domain>} a ghcr.io login), a token the mirror wrapped for this upstream unwrapped; null when the
     * request is anonymous for this upstream: no credentials, the mirror's anonymous token, credentials given for
     * another registry, a token of another upstream's (containerd reuses a host's last token for every
     * repository), or a token the mirror did not hand out.
     */
    public static String forUpstream(String authorization, String upstream, String hostRegistry) {
        if (authorization == null || authorization.isEmpty()) {
            return null;
        }
        int space = authorization.indexOf(' ');
        if (space != 6 || !authorization.regionMatches(true, 0, "Bearer", 0, 6)) {
            return space > 0 && authorization.regionMatches(true, 0, "Basic", 0, space) && upstream.equals(hostRegistry)
                    ? authorization : null;
        }
        String token = authorization.substring(7);
        if (!token.startsWith(WRAPPED)) {
            return null;
        }
        int end = token.indexOf('~', WRAPPED.length());
        if (end < 0 || !token.regionMatches(WRAPPED.length(), upstream, 0, upstream.length())
                || end - WRAPPED.length() != upstream.length() || end == token.length() - 1) {
            return null;
        }
        return "Bearer " + token.substring(end + 1);
    }

    /** The token endpoint's answer for an anonymous client, in the token protocol's JSON. */
    public static String grant() {
        return "{\"token\":\"" + ANONYMOUS + "\",\"access_token\":\"" + ANONYMOUS + "\",\"expires_in\":"
                + EXPIRES_IN_SECONDS + "}";
    }
}
