package hubmirror.registry;

/** Which request headers travel to the upstream, and which survive a redirect to blob storage. */
public final class HeaderPolicy {
    /** A header longer than this is not one a registry client sends. */
    public static final int MAX_HEADER_LENGTH = 8192;

    // Hop-by-hop (RFC 9110 §7.6.1), plus what the proxy itself sets or must not forward:
    // Host is the upstream's, Expect makes workerd throw, Content-Length is the runtime's business.
    private static final String[] NOT_FORWARDED = {
        "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection", "te",
        "trailer", "transfer-encoding", "upgrade", "host", "expect", "content-length", "x-real-ip",
        "forwarded", "cookie"
    };

    // A signed storage URL is fetched with a fresh set of headers: never credentials or cookies.
    private static final String[] KEPT_ON_REDIRECT = {
        "accept", "user-agent", "range", "if-range", "if-none-match", "if-match",
        "if-modified-since", "if-unmodified-since"
    };

    private HeaderPolicy() {
    }

    /** {@code name} is lowercase, as the Workers runtime hands header names out. */
    public static boolean forwardToUpstream(String name) {
        if (name.startsWith("cf-") || name.startsWith("x-forwarded-")) {
            return false;
        }
        return !contains(NOT_FORWARDED, name);
    }

    public static boolean keepOnRedirect(String name) {
        return contains(KEPT_ON_REDIRECT, name);
    }

    private static boolean contains(String[] list, String name) {
        for (String entry : list) {
            if (entry.equals(name)) {
                return true;
            }
        }
        return false;
    }
}
