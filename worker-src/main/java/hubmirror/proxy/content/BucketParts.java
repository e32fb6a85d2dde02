package hubmirror.proxy.content;

import hubmirror.proxy.http.Replies;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.registry.CacheKey;
import hubmirror.registry.PartPlan;
import hubmirror.workers.AbortSignal;
import hubmirror.workers.DigestStream;
import hubmirror.workers.FixedLengthStream;
import hubmirror.workers.Headers;
import hubmirror.workers.Hex;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.R2MultipartUpload;
import hubmirror.workers.R2Object;
import hubmirror.workers.R2PutOptions;
import hubmirror.workers.Response;
import hubmirror.workers.StreamPipeOptions;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSError;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * A blob larger than one R2 put ({@code CONTENT_BUCKET_PART_BYTES}, 4.995 GiB by default) stored as a multipart upload:
 * each part a ranged download of the last hop piped natively into {@code uploadPart} through a
 * {@code FixedLengthStream} of the part's length, one part after another (bounded memory, one subrequest each).
 * R2 does not check a multipart object against a digest. What is checked before the object's commit mark is
 * written ({@link #markKey}, naming the object's etag, so a later upload of the same key is not covered by an
 * earlier mark) follows {@code VERIFY_BLOBS}, as for the edge cache: {@code length} (the default) — every part is
 * exactly the range asked for, whole, and the parts make the blob's length; {@code digest} — also the completed
 * object read back through a native {@code DigestStream}, deleted when it does not hash to the digest. That read is
 * the one cost per byte (~6–10 ms of CPU per MB measured in workerd, more than a Worker gets for a 5 GiB layer
 * unless its {@code limits.cpu_ms} is raised), which is why it is not the default. {@link ContentBucket} serves a
 * multipart object only with its mark. No JavaScript runs per chunk.
 */
final class BucketParts {
    /** The custom metadata entry that says an object was stored in parts, and needs its mark to be served. */
    static final String PARTS = "parts";

    private final R2Bucket bucket;
    private final String key;
    private final String digest;
    private final String hex;
    private final PartPlan plan;
    private final int deadlineMillis;
    /** {@code VERIFY_BLOBS=digest}: the completed object is hashed before it is marked. */
    private final boolean verifyDigest;
    private AbortSignal signal;
    private R2MultipartUpload upload;
    private boolean completed;

    /** @param deadlineMillis for the download of all the parts, and again for reading them back */
    BucketParts(R2Bucket bucket, String key, String digest, String hex, PartPlan plan, int deadlineMillis, boolean verifyDigest) {
        this.bucket = bucket;
        this.key = key;
        this.digest = digest;
        this.hex = hex;
        this.plan = plan;
        this.deadlineMillis = deadlineMillis;
        this.verifyDigest = verifyDigest;
    }

    /** The commit mark of a multipart object: without it (or with another etag in it), the object is not served. */
    static String markKey(String key) {
        return key + CacheKey.MARK_SUFFIX;
    }

    /**
     * Whether {@code object} may be served: stored in one put (checked by R2), or in parts with its mark — one that
     * names its etag and, when {@code requireDigest} ({@code VERIFY_BLOBS=digest}), says it was hashed (an object
     * checked for its length only, stored before the policy changed, is not served then: it is stored again).
     */
    static Promise<JSBoolean> isServable(R2Bucket bucket, String key, R2Object object, boolean requireDigest) {
        if (R2Object.Of.customOf(object, PARTS) == null) {
            return Promise.resolve(JSBoolean.valueOf(true));
        }
        return bucket.head(markKey(key)).then(mark -> JSBoolean.valueOf(mark != null
                && object.getEtag().equals(R2Object.Of.customOf(mark, "etag"))
                && (!requireDigest || "digest".equals(R2Object.Of.customOf(mark, "checked")))), failure -> JSBoolean.valueOf(false));
    }

    /** Downloads {@code url}'s blob part by part into the bucket, checks it and marks it; resolves with the object. */
    Promise<R2Object> store(String url, Headers headers) {
        signal = AbortSignal.timeout(deadlineMillis);
        R2PutOptions options = R2PutOptions.create().customMetadata("digest", digest)
                .customMetadata(PARTS, String.valueOf(plan.count()));
        options.setHttpMetadata(ContentBucket.httpMetadata("application/octet-stream"));
        return bucket.createMultipartUpload(key, options)
                .flatThen(started -> parts(started, url, headers, 1, JSArray.create()))
                .flatThen(this::complete)
                .flatThen(object -> verifyDigest ? verify(object) : Promise.resolve(object))
                .flatThen(this::mark)
                .flatCatchError(this::undo);
    }

    /** Part {@code number} and the ones after it, each once the one before is stored. */
    private Promise<JSArray<R2MultipartUpload.UploadedPart>> parts(R2MultipartUpload started, String url, Headers headers,
            int number, JSArray<R2MultipartUpload.UploadedPart> done) {
        upload = started;
        if (number > plan.count()) {
            return Promise.resolve(done);
        }
        Headers ranged = new Headers(headers);
        ranged.set("range", "bytes=" + Replies.digits(plan.offset(number)) + "-" + Replies.digits(plan.last(number)));
        return BlobFill.refetch(url, ranged, signal)
                .flatThen(answer -> part(answer, number))
                .flatThen(receipt -> {
                    done.push(receipt);
                    return parts(started, url, headers, number + 1, done);
                });
    }

    /** One part's answer (exactly the bytes asked for) into the upload. */
    private Promise<R2MultipartUpload.UploadedPart> part(Response answer, int number) {
        double length = plan.length(number);
        String expected = "bytes " + Replies.digits(plan.offset(number)) + "-" + Replies.digits(plan.last(number))
                + "/" + Replies.digits(plan.total());
        if (answer.getStatus() != 206 || answer.getBody() == null || answer.getHeaders().has("content-encoding")
                || !expected.equals(answer.getHeaders().get("content-range"))
                || Upstream.contentLength(answer.getHeaders().get("content-length")) != length) {
            Upstream.discard(answer);
            return Promise.reject(new JSError("part " + number + " answered " + answer.getStatus() + " "
                    + answer.getHeaders().get("content-range") + ", not " + expected));
        }
        FixedLengthStream exact = new FixedLengthStream(length);
        Promise<R2MultipartUpload.UploadedPart> put = upload.uploadPart(number, exact.getReadable());
        return BlobFill.pipedInto(answer.getBody().pipeTo(exact.getWritable(), StreamPipeOptions.withSignal(signal)), put);
    }

    private Promise<R2Object> complete(JSArray<R2MultipartUpload.UploadedPart> parts) {
        return upload.complete(parts).then(object -> {
            completed = true;
            return object;
        });
    }

    /** What R2 now holds, hashed natively (R2 checks no digest of a multipart object); the object when it matches. */
    private Promise<R2Object> verify(R2Object stored) {
        // the read has a deadline of its own: it is a second pass over every byte
        AbortSignal reading = AbortSignal.timeout(deadlineMillis);
        DigestStream hash = DigestStream.create("SHA-256");
        return bucket.get(key).flatThen(object -> {
            if (object == null || object.getBody() == null || !object.getEtag().equals(stored.getEtag())) {
                return Promise.reject(new JSError("the bucket no longer holds the object just completed"));
            }
            return object.getBody().pipeTo(hash, StreamPipeOptions.withSignal(reading))
                    .flatThen(piped -> hash.getDigest())
                    .flatThen(sum -> matches(sum, object));
        });
    }

    private Promise<R2Object> matches(ArrayBuffer sum, R2Object object) {
        if (!Hex.of(sum).equals(hex)) {
            return Promise.reject(new JSError("the parts do not hash to " + digest));
        }
        return Promise.resolve(object);
    }

    /** The commit mark: the object's etag, so this mark covers this upload only. */
    private Promise<R2Object> mark(R2Object object) {
        R2PutOptions options = R2PutOptions.create().customMetadata("digest", digest)
                .customMetadata("etag", object.getEtag()).customMetadata("checked", verifyDigest ? "digest" : "length");
        return bucket.put(markKey(key), "", options).then(marked -> object);
    }

    /** A failed upload is aborted; a completed object that did not verify is deleted; the failure goes on. */
    private Promise<R2Object> undo(JSObject failure) {
        Promise<JSUndefined> cleared;
        if (completed) {
            cleared = bucket.remove(key);
        } else if (upload != null) {
            cleared = upload.abort();
        } else {
            cleared = Promise.resolve(JSUndefined.instance());
        }
        return cleared.then(done -> JSUndefined.instance(), ignored -> JSUndefined.instance())
                .flatThen(settled -> Promise.reject(failure));
    }
}
