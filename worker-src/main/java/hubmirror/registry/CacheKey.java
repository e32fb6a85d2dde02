package hubmirror.registry;

/**
 * Cache API keys. Content is keyed by upstream and digest alone, so a layer that many images share is
 * stored once; a tag's entry by upstream, repository, tag and the accepted manifest types. The keys live
 * under the mirror's own origin (the Cache API keeps entries per zone) on a path no route serves.
 */
public final class CacheKey {
    public static final String PREFIX = "/.hubmirror-cache/v1/";
    public static final String MARK_SUFFIX = "/stored";

    private CacheKey() {
    }

    /** What follows the upstream in a blob's key, before the digest. */
    public static final String BLOBS = "/blobs/";
    public static final String MANIFESTS = "/manifests/";

    // (the proxy builds the same strings with one JS concatenation: StringPrototype.concat)
    public static String blob(String origin, String upstream, String digest) {
        return origin + PREFIX + upstream + BLOBS + digest;
    }

    /**
     * A blob's commit mark: written only once the blob was stored whole and verified, naming the fill that
     * stored it. A cache may keep part of a body that failed on its way in (Miniflare does), so a blob
     * entry counts only when its mark names it.
     */
    public static String blobMark(String origin, String upstream, String digest) {
        return blob(origin, upstream, digest) + MARK_SUFFIX;
    }

    public static String manifest(String origin, String upstream, String digest) {
        return origin + PREFIX + upstream + MANIFESTS + digest;
    }

    /** {@code accept} as {@link ManifestAccept#normalize} wrote it. */
    public static String tag(String origin, String upstream, String name, String tag, String accept) {
        return origin + PREFIX + upstream + "/tags/" + name + "/" + tag + "?accept=" + accept;
    }
}
