package hubmirror.proxy.content;

import hubmirror.proxy.Clock;
import hubmirror.proxy.Isolate;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.registry.PartPlan;
import hubmirror.workers.AbortSignal;
import hubmirror.workers.FixedLengthStream;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.R2Object;
import hubmirror.workers.Response;
import hubmirror.workers.StreamPipeOptions;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSUndefined;

/**
 * A blob stored in the R2 content tier the way {@link BlobFill} stores one in the edge cache: from a second download
 * of the last hop (for Docker Hub the CDN's signed URL), piped natively through a {@code FixedLengthStream} of the
 * length the client's answer declared into {@code bucket.put} with the blob's SHA-256, which R2 checks. Nothing is
 * stored unless every byte arrived and hashed to the digest; no JavaScript runs per chunk. When the blob fits the
 * edge cache, it then goes there from R2 ({@link BlobFill} with the bucket's object as its source), so the data
 * centre that filled it has it at hand too. A blob larger than one put goes in parts ({@link BucketParts}).
 */
final class BucketFill {
    private final R2Bucket bucket;
    private final String objectKey;
    private final String digest;
    private final String hex;
    private final double length;
    /** How it goes into the bucket: one put up to {@code CONTENT_BUCKET_PART_BYTES}, in parts above. */
    private final PartPlan plan;
    private final int deadlineMillis;
    /** {@code VERIFY_BLOBS=digest}: a blob stored in parts is hashed before it is served (one put R2 checks itself). */
    private final boolean verifyDigest;
    /** The edge cache's fill from the bucket once stored, or null when the blob does not go there. */
    private final BlobFill edge;
    /** The place the fill holds in this isolate (the edge cache's key: one fill per blob at a time). */
    private final String place;
    private Response pending;

    BucketFill(R2Bucket bucket, String objectKey, String digest, String hex, PartPlan plan, int deadlineMillis,
            boolean verifyDigest, BlobFill edge, String place) {
        this.bucket = bucket;
        this.objectKey = objectKey;
        this.digest = digest;
        this.hex = hex;
        this.length = plan.total();
        this.plan = plan;
        this.deadlineMillis = deadlineMillis;
        this.verifyDigest = verifyDigest;
        this.edge = edge;
        this.place = place;
    }

    /** Fetches {@code url} with {@code headers} into the bucket; settles when stored (and copied) or given up. */
    Promise<JSUndefined> start(String url, Headers headers) {
        if (plan.inParts()) {
            // the parts' download, and (VERIFY_BLOBS=digest) a read of them all to hash them: each within the deadline
            Isolate.get().fills.hold(place, Clock.stamp() + (verifyDigest ? 2.0 : 1.0) * deadlineMillis);
            return new BucketParts(bucket, objectKey, digest, hex, plan, deadlineMillis, verifyDigest).store(url, headers)
                    .flatThen(this::copyToEdge)
                    .flatCatchError(this::failed);
        }
        Isolate.get().fills.hold(place, Clock.stamp() + deadlineMillis);
        AbortSignal signal = AbortSignal.timeout(deadlineMillis);
        return BlobFill.refetch(url, headers, signal)
                .flatThen(answer -> store(answer, signal))
                .flatThen(this::copyToEdge)
                .flatCatchError(this::failed);
    }

    /** The second answer, when it is the same whole blob, into the bucket; R2 checks its SHA-256. */
    private Promise<R2Object> store(Response answer, AbortSignal signal) {
        pending = answer;
        if (!BlobFill.isWholeBlob(answer, length)) {
            return Promise.reject(BlobFill.notWhole(answer));
        }
        FixedLengthStream exact = new FixedLengthStream(length);
        Promise<R2Object> put = bucket.put(objectKey, exact.getReadable(),
                ContentBucket.options("application/octet-stream", digest, hex));
        pending = null;
        // both must succeed: the pipe's end is all the bytes; the put's, R2's check of them
        return BlobFill.pipedInto(answer.getBody().pipeTo(exact.getWritable(), StreamPipeOptions.withSignal(signal)), put);
    }

    private Promise<JSUndefined> copyToEdge(R2Object stored) {
        if (edge == null) {
            Isolate.get().fills.release(place);
            return Promise.resolve(JSUndefined.instance());
        }
        return edge.start(bucket.get(objectKey).then(this::asAnswer));
    }

    /** The bucket's object as the answer a fill reads (its status and length as the upstream's would be). */
    private Response asAnswer(R2Object object) {
        Headers headers = new Headers();
        headers.set("content-length", Replies.digits(length));
        return object == null ? new Response("", Replies.init(404, headers))
                : new Response(object.getBody(), Replies.init(200, headers));
    }

    private Promise<JSUndefined> failed(JSObject failure) {
        Isolate.get().fills.release(place);
        if (pending != null) {
            Upstream.discard(pending);
        }
        WorkerGlobalScope.logError("hubmirror: not stored in the content bucket: " + objectKey + ": "
                + WorkerGlobalScope.describe(failure));
        return Promise.resolve(JSUndefined.instance());
    }
}
