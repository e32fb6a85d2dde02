package hubmirror.proxy.content;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.proxy.v2.PullRequest;

import hubmirror.registry.BlobDeadline;
import hubmirror.registry.CacheKey;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.Reference;
import hubmirror.registry.RegistryRoute;
import hubmirror.workers.Crypto;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.ReadableStream;
import hubmirror.workers.Response;
import org.teavm.jso.core.JSUndefined;

/**
 * A blob's body, moved by the runtime: handed on as it is, under the blob's deadline ({@link BlobRelay}); an
 * anonymous whole GET is stored by a second fetch ({@link BlobFill}). Only a body without a length (rare: every
 * registry and CDN the mirror knows sends one) takes the JS guard ({@link BodyGuard}).
 */
public final class BlobAnswer {
    private static final String[] STORED_BLOB_HEADERS = {"content-type", "content-length"};

    private final Mirror mirror;
    private final PullRequest pull;
    private final RegistryRoute route;
    /** The exchange the blob came from: its abort, and the last hop a fill fetches again. */
    private final Upstream upstream;
    private final ContentTarget target;

    public BlobAnswer(Mirror mirror, PullRequest pull, Upstream upstream, ContentTarget target) {
        this.mirror = mirror;
        this.pull = pull;
        this.route = pull.route;
        this.upstream = upstream;
        this.target = target;
    }

    public Response stream(Response answer, Headers headers) {
        String digest = route.digest();
        boolean whole = answer.getStatus() == 200 && mirror.method.equals("GET");
        String algorithm = whole ? Reference.webCryptoAlgorithm(digest) : null;
        double length = Upstream.contentLength(headers.get("content-length"));
        headers.set("content-type", "application/octet-stream");
        if (length < 0) {
            ReadableStream body = BodyGuard.watch(answer.getBody(), mirror.config.idleTimeoutMillis, algorithm,
                    algorithm != null ? Reference.hex(digest) : null, upstream.controller());
            if (target.stores()) {
                mirror.log.note("not cached: a blob without a length");
            }
            return mirror.replies.stream(answer, body, headers);
        }
        int deadline = BlobDeadline.millis(length, mirror.config.idleTimeoutMillis, mirror.config.blobMinRate);
        if (target.stores()) {
            if (answer.getStatus() == 200) {
                Links.here(mirror, pull.registry.host, route.name(), CacheKey.BLOBS, digest);
            }
            fill(answer.getStatus(), length, headers, digest, algorithm);
        }
        return mirror.replies.stream(answer, BlobRelay.bounded(answer.getBody(), length, deadline), headers);
    }

    /**
     * Stores the blob from a second fetch after the answer has gone, when it may be stored and is not already: into
     * the content bucket when there is one (then from there into the edge cache, when it fits), else into the edge
     * cache.
     */
    private void fill(int status, double length, Headers headers, String digest, String algorithm) {
        if (algorithm == null || !CachePolicy.isWholeBlob(status, mirror.method, mirror.request.getHeaders().has("range"),
                length)) {
            mirror.log.note("not cached: not a whole blob");
            return;
        }
        R2Bucket bucket = mirror.config.contentBucket;
        boolean toBucket = bucket != null && algorithm.equals("SHA-256") && length <= CachePolicy.R2_MAX_PUT_BYTES;
        boolean edgeFits = length <= mirror.config.edgeCacheMaxBytes;
        boolean edgeWorks = CachePolicy.cacheWorksOn(mirror.url.getHostname()) && EdgeCache.mayFill();
        if (!toBucket && !(edgeFits && edgeWorks)) {
            mirror.log.note("not cached: " + (!edgeFits ? "larger than the edge cache's EDGE_CACHE_MAX_BYTES"
                    + (bucket == null ? ", and no CONTENT_BUCKET" : ", and than one R2 put (5 GiB)")
                    : "the Cache API stores nothing here (*.workers.dev, or no cache service)"));
            return;
        }
        String key = target.storeKey;
        if (BlobFill.isRunning(key)) {
            mirror.log.note("not cached by this request: a fill of the blob is under way");
            return;
        }
        int deadline = BlobDeadline.fillMillis(length, mirror.config.idleTimeoutMillis, mirror.config.blobMinRate);
        BlobFill edge = edgeFits && edgeWorks ? edgeFill(key, length, headers, digest, algorithm, deadline) : null;
        Promise<JSUndefined> stored;
        if (toBucket) {
            if (edge == null) {
                mirror.log.note("stored in the content bucket only: " + (!edgeFits
                        ? "larger than the edge cache's EDGE_CACHE_MAX_BYTES" : "the Cache API stores nothing here"));
            }
            stored = new BucketFill(bucket, ContentBucket.key(pull, CacheKey.BLOBS, digest), digest, Reference.hex(digest),
                    length, deadline, edge, key).start(upstream.url(), upstream.refetchHeaders());
        } else {
            stored = edge.start(upstream.url(), upstream.refetchHeaders());
        }
        if (mirror.ctx != null) {
            mirror.ctx.waitUntil(stored);
        }
    }

    /** The edge cache's fill of the blob: its entry, and the commit mark a hit must come from. */
    private BlobFill edgeFill(String key, double length, Headers headers, String digest, String algorithm, int deadline) {
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
