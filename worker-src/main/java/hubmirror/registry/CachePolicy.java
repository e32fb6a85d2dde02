package hubmirror.registry;

/** What the cache keeps, and how long a tag's digest is believed. */
public final class CachePolicy {
    /** Cloudflare's limit per Cache API object: larger blobs stream through uncached. */
    public static final double MAX_OBJECT_BYTES = 512e6;
    /**
     * What one R2 {@code put}, or one part of a multipart upload, takes: 5 MiB less than 5 GiB (R2's limits page:
     * "4.995 GiB"); a larger object needs a multipart upload.
     */
    public static final double R2_MAX_PUT_BYTES = 5363466240.0;
    /** Content named by its digest never changes. */
    public static final String IMMUTABLE = "public, max-age=31536000, immutable";
    public static final int DEFAULT_TAG_TTL_SECONDS = 60;
    public static final int DEFAULT_STALE_IF_ERROR_SECONDS = 7 * 24 * 3600;

    private CachePolicy() {
    }

    /** Whether a blob answer may be stored: a whole 200 to a GET, of known length within the limit. */
    public static boolean storesBlob(int status, String method, boolean range, double length, double maxBytes) {
        return isWholeBlob(status, method, range, length) && length <= maxBytes;
    }

    /** A whole blob's answer to a GET, of a known length: what a fill may store (a range or a HEAD is not). */
    public static boolean isWholeBlob(int status, String method, boolean range, double length) {
        return status == 200 && method.equals("GET") && !range && length >= 0;
    }

    /**
     * Whether the Cache API keeps anything for requests to {@code hostname}: on {@code *.workers.dev} every put is
     * a no-op, so a blob is not fetched a second time for it.
     */
    public static boolean cacheWorksOn(String hostname) {
        return !(hostname.equals("workers.dev") || hostname.endsWith(".workers.dev"));
    }

    /** A tag resolved at {@code resolvedAt} (ms) is used without asking the upstream. */
    public static boolean isFresh(double resolvedAt, double now, int ttlSeconds) {
        return resolvedAt >= 0 && now - resolvedAt < ttlSeconds * 1000.0 && now >= resolvedAt;
    }

    /** A tag resolved at {@code resolvedAt} may still be served when the upstream fails. */
    public static boolean mayServeStale(double resolvedAt, double now, int staleSeconds) {
        return resolvedAt >= 0 && now - resolvedAt < staleSeconds * 1000.0;
    }

    /** How long a cached tag entry is kept: long enough to serve it stale. */
    public static String tagCacheControl(int ttlSeconds, int staleSeconds) {
        return "public, max-age=" + (ttlSeconds + staleSeconds);
    }
}
