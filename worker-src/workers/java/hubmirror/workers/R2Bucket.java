package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * An R2 bucket binding ({@code [[r2_buckets]]}): one store for every data centre, objects up to ~5 TiB (a single
 * {@code put} up to 4.995 GiB, {@link R2MultipartUpload} beyond). A {@code put} with {@link R2PutOptions#setSha256}
 * is checked by R2 against the bytes it received, natively: a mismatch rejects the put. Every method answers a
 * promise that rejects, never throws; an absent object is null, never a JS {@code undefined}.
 */
public abstract class R2Bucket implements JSObject {
    private R2Bucket() {
    }

    /** The object's metadata, or null when there is none. */
    public final Promise<R2Object> head(String key) {
        return head(this, key);
    }

    @JSBody(params = {"bucket", "key"}, script = "try { return bucket.head(key).then(function (found) { return found || null; }); }"
            + " catch (failure) { return Promise.reject(failure); }")
    private static native Promise<R2Object> head(R2Bucket bucket, String key);

    /**
     * The object with its body, or null when there is none. With {@code options}: a range (the body is that range,
     * {@link R2Object#getRange} says which), and conditions: when they fail, the object without a body
     * ({@link R2Object#hasBody} is false).
     */
    public final Promise<R2Object> get(String key, R2GetOptions options) {
        return get(this, key, options);
    }

    public final Promise<R2Object> get(String key) {
        return get(this, key, null);
    }

    @JSBody(params = {"bucket", "key", "options"}, script = "try { return bucket.get(key, options || undefined)"
            + ".then(function (found) { return found || null; }); } catch (failure) { return Promise.reject(failure); }")
    private static native Promise<R2Object> get(R2Bucket bucket, String key, R2GetOptions options);

    /**
     * Stores {@code body} (a stream of known length: a {@link FixedLengthStream}'s readable side, or a body with a
     * Content-Length) under {@code key}; resolves with the stored object's metadata. With conditions in
     * {@code options} that fail, resolves null and stores nothing.
     */
    public final Promise<R2Object> put(String key, ReadableStream body, R2PutOptions options) {
        return put(this, key, body, options);
    }

    public final Promise<R2Object> put(String key, ArrayBuffer body, R2PutOptions options) {
        return put(this, key, body, options);
    }

    public final Promise<R2Object> put(String key, String body, R2PutOptions options) {
        return putText(this, key, body, options);
    }

    @JSBody(params = {"bucket", "key", "body", "options"}, script = "try { return bucket.put(key, body, options || undefined)"
            + ".then(function (stored) { return stored || null; }); } catch (failure) { return Promise.reject(failure); }")
    private static native Promise<R2Object> put(R2Bucket bucket, String key, JSObject body, R2PutOptions options);

    @JSBody(params = {"bucket", "key", "body", "options"}, script = "try { return bucket.put(key, body, options || undefined)"
            + ".then(function (stored) { return stored || null; }); } catch (failure) { return Promise.reject(failure); }")
    private static native Promise<R2Object> putText(R2Bucket bucket, String key, String body, R2PutOptions options);

    /** Deletes {@code key} (nothing when it is absent). */
    public final Promise<JSUndefined> remove(String key) {
        return remove(this, key);
    }

    @JSBody(params = {"bucket", "key"}, script = "try { return bucket['delete'](key); }"
            + " catch (failure) { return Promise.reject(failure); }")
    private static native Promise<JSUndefined> remove(R2Bucket bucket, String key);

    /** Up to {@code limit} (at most 1000) objects whose keys start with {@code prefix}, after {@code cursor} (or null). */
    public final Promise<R2Objects> list(String prefix, int limit, String cursor) {
        return list(this, prefix, limit, cursor);
    }

    @JSBody(params = {"bucket", "prefix", "limit", "cursor"}, script = "try { var options = { 'prefix': prefix, 'limit': limit };"
            + " if (cursor !== null) options.cursor = cursor; return bucket.list(options); }"
            + " catch (failure) { return Promise.reject(failure); }")
    private static native Promise<R2Objects> list(R2Bucket bucket, String prefix, int limit, String cursor);

    /** Starts a multipart upload of {@code key}; the object appears when it is completed. */
    public final Promise<R2MultipartUpload> createMultipartUpload(String key, R2PutOptions options) {
        return create(this, key, options);
    }

    @JSBody(params = {"bucket", "key", "options"}, script = "try { return bucket.createMultipartUpload(key, options || undefined); }"
            + " catch (failure) { return Promise.reject(failure); }")
    private static native Promise<R2MultipartUpload> create(R2Bucket bucket, String key, R2PutOptions options);

    /** The multipart upload {@code uploadId} of {@code key} started earlier (by this or another invocation). */
    public final R2MultipartUpload resumeMultipartUpload(String key, String uploadId) {
        return resume(this, key, uploadId);
    }

    @JSBody(params = {"bucket", "key", "id"}, script = "return bucket.resumeMultipartUpload(key, id);")
    private static native R2MultipartUpload resume(R2Bucket bucket, String key, String id);

    /** A page of {@link #list}. */
    public interface R2Objects extends JSObject {
        @org.teavm.jso.JSProperty
        JSArray<R2Object> getObjects();

        @org.teavm.jso.JSProperty
        boolean isTruncated();

        /** Where the next page starts; only when {@link #isTruncated}. */
        @org.teavm.jso.JSProperty
        String getCursor();
    }
}
