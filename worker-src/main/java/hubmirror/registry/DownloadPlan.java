package hubmirror.registry;

/**
 * How much of the content tiers one {@code /download} may use within the requests a Worker may make
 * ({@code DOWNLOAD_MAX_SUBREQUESTS}: 50 an invocation on the Free plan). Fetches and Cache API calls count; R2 calls
 * do not (they count against a separate, larger limit for Cloudflare's own services). Every blob — the config and
 * each layer — is counted as a miss (its upstream GET and the redirect to its storage), then what the tiers add to
 * it, and the most the budget allows is chosen:
 * <ul>
 * <li>with the R2 bucket: read from R2 (free), and a miss filled into it (its second download, 1);</li>
 * <li>else, where the edge cache works: read from it (the commit mark and the entry, 2), and a miss filled into it
 *     (its second download, the entry and the mark, and the entry's delete should the fill fail: 4; with
 *     {@code VERIFY_BLOBS=digest} the entry's read-back too, 5) — or read only, when that is all that fits;</li>
 * <li>else (or when even that does not fit) straight from the upstream.</li>
 * </ul>
 */
public final class DownloadPlan {
    /**
     * The requests a download makes besides its blobs: the token and a refused first request (2), the tag's
     * {@code HEAD} (1), and two manifests (the tag's, an index's platform's), each an edge lookup, a fetch and its
     * entry (6); one to spare.
     */
    public static final int FIXED_REQUESTS = 10;
    private static final int UPSTREAM = 2;
    private static final int BUCKET_FILL = 1;
    private static final int EDGE_READ = 2;
    private static final int EDGE_FILL = 4;

    private final boolean bucket;
    private final boolean readEdge;
    private final boolean fill;
    private final int needed;
    private final boolean fits;

    private DownloadPlan(boolean bucket, boolean readEdge, boolean fill, int needed, boolean fits) {
        this.bucket = bucket;
        this.readEdge = readEdge;
        this.fill = fill;
        this.needed = needed;
        this.fits = fits;
    }

    /**
     * @param layers the image's layers (its config is counted as one more blob)
     * @param bucketBound whether {@code CONTENT_BUCKET} is bound; {@code edgeWorks} whether the edge cache stores
     *        anything on this host; {@code verifyDigest} whether an edge fill reads its entry back ({@code VERIFY_BLOBS})
     */
    public static DownloadPlan of(int layers, int maxSubrequests, boolean bucketBound, boolean edgeWorks, boolean verifyDigest) {
        int blobs = layers + 1;
        int edgeFill = EDGE_FILL + (verifyDigest ? 1 : 0);
        if (bucketBound) {
            if (cost(blobs, UPSTREAM + BUCKET_FILL) <= maxSubrequests) {
                return new DownloadPlan(true, false, true, cost(blobs, UPSTREAM + BUCKET_FILL), true);
            }
        } else if (edgeWorks) {
            if (cost(blobs, UPSTREAM + EDGE_READ + edgeFill) <= maxSubrequests) {
                return new DownloadPlan(false, true, true, cost(blobs, UPSTREAM + EDGE_READ + edgeFill), true);
            }
            if (cost(blobs, UPSTREAM + EDGE_READ) <= maxSubrequests) {
                return new DownloadPlan(false, true, false, cost(blobs, UPSTREAM + EDGE_READ), true);
            }
        }
        int least = cost(blobs, UPSTREAM);
        return new DownloadPlan(bucketBound, false, false, least, least <= maxSubrequests);
    }

    private static int cost(int blobs, int perBlob) {
        return FIXED_REQUESTS + blobs * perBlob;
    }

    /** Whether layers are read from the R2 bucket (it costs no subrequest, so whenever it is bound). */
    public boolean readsBucket() {
        return bucket;
    }

    public boolean readsEdge() {
        return readEdge;
    }

    /** Whether a layer read whole from the upstream is stored (in the bucket, or else the edge cache). */
    public boolean fills() {
        return fill;
    }

    /** The requests the chosen plan needs at most. */
    public int needed() {
        return needed;
    }

    /** Whether the download fits at all (straight from the upstream at least). */
    public boolean fits() {
        return fits;
    }

    /** How the layers go, for the log line. */
    public String describe() {
        String from = bucket ? "r2" : readEdge ? "edge" : "upstream";
        return "layers from " + from + (bucket || readEdge ? ", else upstream" : "") + (fill ? ", filled" : "");
    }
}
