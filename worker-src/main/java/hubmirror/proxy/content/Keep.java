package hubmirror.proxy.content;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.upstream.Exchange;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.proxy.v2.PullRequest;
import hubmirror.registry.BlobDeadline;
import hubmirror.registry.CacheKey;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.PartPlan;
import hubmirror.registry.Reference;
import hubmirror.workers.Crypto;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.Response;
import org.teavm.jso.core.JSUndefined;

/**
 * What the content step keeps of an upstream answer it asked for (a miss, {@link ContentTarget}): the relay has
 * made it the client's answer, and checked a small one against its digest; this step stores what may be stored —
 * a verified manifest in the edge cache and the content bucket, a whole blob by a second download
 * ({@link BlobFill}, {@link BucketFill}) — and notes which repository has it ({@link Links}). Nothing of a
 * client's own credentials ever comes here. Each returns the answer as it is.
 */
final class Keep {
    private static final String[] STORED_MANIFEST_HEADERS = {"content-type"};
    private static final String[] STORED_BLOB_HEADERS = {"content-type", "content-length"};

    private Keep() {
    }

    /** A manifest the relay verified against {@code target}'s digest (a 200 to a GET), stored after the answer has gone. */
    static Response manifest(Mirror mirror, PullRequest pull, ContentTarget target, Response answer) {
        if (!target.stores() || answer.getStatus() != 200 || !mirror.method.equals("GET") || answer.getBody() == null) {
            return answer;
        }
        String digest = target.digest;
        Headers kept = ContentTarget.entryHeaders(answer.getHeaders(), STORED_MANIFEST_HEADERS, digest);
        Promise<JSUndefined> stored = answer.copy().arrayBuffer().then(body -> {
            kept.set("content-length", String.valueOf(body.getByteLength()));
            EdgeCache.put(mirror.ctx, target.storeKey, new Response(body, Replies.init(200, kept)));
            R2Bucket bucket = mirror.config.contentBucket;
            if (bucket != null && digest.startsWith("sha256:")) {
                ContentBucket.putManifest(mirror, bucket, ContentBucket.key(pull, CacheKey.MANIFESTS, digest), body,
                        kept.get("content-type"), digest, Reference.hex(digest));
            }
            if (pull.route.tag() == null) {
                // (a tag's resolution under this repository wrote the link already)
                Links.here(mirror, pull.registry.host, pull.route.name(), CacheKey.MANIFESTS, digest);
            }
            return JSUndefined.instance();
        });
        if (mirror.ctx != null) {
            mirror.ctx.waitUntil(stored);
        }
        return answer;
    }

    /** A blob's answer as it streams to the client: its link, and a fill when it is a whole blob that may be stored. */
    static Response blob(Mirror mirror, PullRequest pull, Exchange exchange, ContentTarget target, Response answer) {
        int status = answer.getStatus();
        if (!target.stores() || status != 200 && status != 206 || answer.getBody() == null) {
            return answer;
        }
        double length = Upstream.contentLength(answer.getHeaders().get("content-length"));
        if (length < 0) {
            mirror.log.note("not cached: a blob without a length");
            return answer;
        }
        String digest = pull.route.digest();
        if (status == 200) {
            Links.here(mirror, pull.registry.host, pull.route.name(), CacheKey.BLOBS, digest);
        }
        String algorithm = status == 200 && mirror.method.equals("GET") ? Reference.webCryptoAlgorithm(digest) : null;
        fill(mirror, pull, exchange.upstream(), target.storeKey, status, length, answer.getHeaders(), digest, algorithm);
        return answer;
    }

    /**
     * Stores the blob from a second fetch after the answer has gone, when it may be stored and is not already: into
     * the content bucket when there is one (then from there into the edge cache, when it fits), else into the edge
     * cache.
     */
    private static void fill(Mirror mirror, PullRequest pull, Upstream upstream, String key, int status, double length,
            Headers headers, String digest, String algorithm) {
        if (algorithm == null || !CachePolicy.isWholeBlob(status, mirror.method, mirror.request.getHeaders().has("range"),
                length)) {
            mirror.log.note("not cached: not a whole blob");
            return;
        }
        R2Bucket bucket = mirror.config.contentBucket;
        PartPlan plan = new PartPlan(length, mirror.config.bucketPartBytes);
        boolean toBucket = bucket != null && algorithm.equals("SHA-256") && plan.fits();
        boolean edgeFits = length <= mirror.config.edgeCacheMaxBytes;
        boolean edgeWorks = CachePolicy.cacheWorksOn(mirror.url.getHostname()) && EdgeCache.mayFill();
        if (!toBucket && !(edgeFits && edgeWorks)) {
            mirror.log.note("not cached: " + (!edgeFits ? "larger than the edge cache's EDGE_CACHE_MAX_BYTES"
                    + (bucket == null ? ", and no CONTENT_BUCKET" : ", and than R2's 10,000 parts")
                    : "the Cache API stores nothing here (*.workers.dev, or no cache service)"));
            return;
        }
        if (BlobFill.isRunning(key)) {
            mirror.log.note("not cached by this request: a fill of the blob is under way");
            return;
        }
        int deadline = BlobDeadline.fillMillis(length, mirror.config.idleTimeoutMillis, mirror.config.blobMinRate);
        BlobFill edge = edgeFits && edgeWorks ? edgeFill(mirror, key, length, headers, digest, algorithm, deadline) : null;
        Promise<JSUndefined> stored;
        if (toBucket) {
            if (edge == null) {
                mirror.log.note("stored in the content bucket only: " + (!edgeFits
                        ? "larger than the edge cache's EDGE_CACHE_MAX_BYTES" : "the Cache API stores nothing here"));
            }
            stored = new BucketFill(bucket, ContentBucket.key(pull, CacheKey.BLOBS, digest), digest, Reference.hex(digest),
                    plan, deadline, mirror.config.verifyBlobDigest, edge, key).start(upstream.url(), upstream.refetchHeaders());
        } else {
            stored = edge.start(upstream.url(), upstream.refetchHeaders());
        }
        if (mirror.ctx != null) {
            mirror.ctx.waitUntil(stored);
        }
    }

    /** The edge cache's fill of the blob: its entry, and the commit mark a hit must come from. */
    static BlobFill edgeFill(Mirror mirror, String key, double length, Headers headers, String digest, String algorithm,
            int deadline) {
        Headers kept = ContentTarget.entryHeaders(headers, STORED_BLOB_HEADERS, digest);
        String id = Crypto.randomUUID();
        kept.set(BlobFill.FILL, id);
        Headers mark = new Headers();
        mark.set(BlobFill.FILL, id);
        mark.set("cache-control", CachePolicy.IMMUTABLE);
        return new BlobFill(key, BlobFill.markOf(key), kept, mark, length, algorithm, Reference.hex(digest),
                mirror.config.verifyBlobDigest, deadline);
    }
}
