package hubmirror.registry;

/** Which headers cross the mirror, by allowlist: the client's to the upstream, the upstream's to the client. */
public final class HeaderPolicy {
    /** A header longer than this is not one a registry client sends. */
    public static final int MAX_HEADER_LENGTH = 8192;

    // What a pulling client legitimately sends; everything else (cookies, client addresses, method
    // overrides, Origin, Referer, Via, CDN-Loop, hop-by-hop headers) stays with the mirror.
    private static final String[] FORWARDED = {
        "accept", "accept-encoding", "authorization", "user-agent", "range", "if-range", "if-match",
        "if-none-match", "if-modified-since", "if-unmodified-since"
    };

    /** Request headers that make the upstream's answer depend on what the client already has. */
    private static final String[] CONDITIONAL = {
        "range", "if-range", "if-match", "if-none-match", "if-modified-since", "if-unmodified-since"
    };

    // What a registry client reads. WWW-Authenticate and Link are rewritten, not relayed (see TokenRealm,
    // LinkHeader); Set-Cookie, CORS, Location, Cache-Control, Server and X-… stay behind.
    private static final String[] RELAYED = {
        "content-type", "content-length", "content-range", "accept-ranges", "docker-content-digest",
        "docker-distribution-api-version", "etag", "last-modified", "ratelimit-limit", "ratelimit-remaining",
        "ratelimit-reset", "docker-ratelimit-source", "retry-after", "oci-subject", "oci-filters-applied",
        "warning"
    };

    private HeaderPolicy() {
    }

    /** The names {@link #forwardToUpstream} lets through, comma-separated (for a filter that runs in JS). */
    public static String forwardedNames() {
        return String.join(",", FORWARDED);
    }

    /**
     * Whether {@code name} is a forwarded header that makes an answer particular to one client: a request with one
     * does not share a concurrent request's upstream answer.
     */
    public static boolean isConditional(String name) {
        return Tokens.contains(CONDITIONAL, name);
    }

    /** {@code name} is lowercase, as the Workers runtime hands header names out. */
    public static boolean forwardToUpstream(String name) {
        return Tokens.contains(FORWARDED, name);
    }

    /** A signed storage URL is fetched with what goes upstream anyway, less the credentials. */
    public static boolean keepOnRedirect(String name) {
        return !name.equals("authorization") && forwardToUpstream(name);
    }

    // A blob fetched again for the cache: the whole of it, as the registry stores it (no range, condition or
    // content coding), with the credentials of the request it repeats — the mirror's own token when the
    // registry serves the blob itself or a redirect target asked for its token, none on a signed storage URL.
    private static final String[] REFETCHED = {"accept", "authorization", "user-agent"};

    public static boolean keepOnRefetch(String name) {
        return Tokens.contains(REFETCHED, name);
    }

    public static boolean relayToClient(String name) {
        return Tokens.contains(RELAYED, name);
    }
}
