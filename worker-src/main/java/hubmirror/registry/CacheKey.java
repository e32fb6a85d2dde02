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

    /**
     * Content keys are {@code <origin>PREFIX<upstream>BLOBS<digest>} and {@code …MANIFESTS<digest>}, built by
     * the proxy from these parts in one JS concatenation (they are built on every cache hit, and TeaVM's
     * {@code +} and {@code String.concat} both copy through a char array). A blob's commit mark is its key
     * with {@code MARK_SUFFIX}: written only once the blob was stored whole and verified, naming the fill that
     * stored it; a cache may keep part of a body that failed on its way in (Miniflare does), so a blob entry
     * counts only when its mark names it.
     */
    public static final String BLOBS = "/blobs/";
    public static final String MANIFESTS = "/manifests/";

    /**
     * That the upstream served {@code digest} ({@code kind}: {@link #BLOBS} or {@link #MANIFESTS}) under the
     * repository {@code name}: bytes are stored once per digest, but a hit is served under a repository only when
     * its link says the upstream has the digest there (else a {@code HEAD} there asks, and writes it).
     */
    public static String link(String origin, String upstream, String name, String kind, String digest) {
        return origin + PREFIX + upstream + "/links/" + name + kind + digest;
    }

    /** {@code accept} as {@link ManifestAccept#normalize} wrote it. */
    public static String tag(String origin, String upstream, String name, String tag, String accept) {
        return origin + PREFIX + upstream + "/tags/" + name + "/" + tag + "?accept=" + accept;
    }
}
