package hubmirror.proxy.content;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.v2.PullRequest;
import hubmirror.registry.CachePolicy;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.R2GetOptions;
import hubmirror.workers.R2HttpMetadata;
import hubmirror.workers.R2Object;
import hubmirror.workers.R2PutOptions;
import hubmirror.workers.R2Range;
import hubmirror.workers.Response;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * The R2 content tier ({@code CONTENT_BUCKET}): one store for every data centre, behind the edge cache. Objects are
 * keyed by upstream and digest ({@code registry-1.docker.io/blobs/sha256:…}), written only whole and only when R2
 * itself checked them against their digest (a put with {@code sha256}) — or, for a blob stored in parts, served only
 * once its mark was written after the check {@code VERIFY_BLOBS} asks for ({@link BucketParts}: each part's range and
 * length, or also a native hash of the whole). A read that fails is a miss: the upstream answers.
 */
public final class ContentBucket {
    private ContentBucket() {
    }

    /** The object key of {@code digest} ({@code kind}: {@code /blobs/} or {@code /manifests/}) of the request's upstream. */
    public static String key(PullRequest pull, String kind, String digest) {
        return key(pull.registry.host, kind, digest);
    }

    /** The object key of {@code digest} of the upstream {@code host}: the one spelling every reader and writer uses. */
    static String key(String host, String kind, String digest) {
        return host + kind + digest;
    }

    /**
     * A blob from the bucket as a stored answer (200, or 206 for {@code range}; no body for a {@code head}), or
     * null when the bucket does not have it.
     */
    static Promise<Response> blob(R2Bucket bucket, String key, String digest, String range, boolean head, boolean requireDigest) {
        Promise<R2Object> found;
        if (head && range == null) {
            found = bucket.head(key);
        } else {
            R2GetOptions options = R2GetOptions.create();
            if (range != null) {
                Headers asked = new Headers();
                asked.set("range", range);
                options.setRangeHeaders(asked);
            }
            found = bucket.get(key, options);
        }
        return found.flatThen(object -> object == null ? Promise.resolve((Response) null)
                : BucketParts.isServable(bucket, key, object, requireDigest).then(servable -> servable.booleanValue()
                        ? blobAnswer(object, digest, range != null) : unmarked(object)),
                failure -> Promise.resolve(missed(key, failure)));
    }

    /** An object stored in parts whose check has not (yet) written its mark: a miss, its body let go. */
    private static Response unmarked(R2Object object) {
        if (object.hasBody() && !object.getBody().isLocked()) {
            object.getBody().cancel();
        }
        return null;
    }

    private static Response blobAnswer(R2Object object, String digest, boolean ranged) {
        double size = object.getSize();
        Headers headers = new Headers();
        headers.set("content-type", "application/octet-stream");
        headers.set("docker-content-digest", digest);
        R2Range range = ranged ? object.range() : null;
        if (range == null) {
            headers.set("content-length", Replies.digits(size));
            return new Response(object.hasBody() ? object.getBody() : null, Replies.init(200, headers));
        }
        double offset = R2Range.Of.offsetOf(range);
        double length = R2Range.Of.lengthOf(range);
        if (offset < 0) {
            offset = size - length; // a suffix: the last bytes
        }
        if (length < 0 || offset + length > size) {
            length = size - offset;
        }
        headers.set("content-length", Replies.digits(length));
        headers.set("content-range", "bytes " + Replies.digits(offset) + "-" + Replies.digits(offset + length - 1) + "/" + Replies.digits(size));
        return new Response(object.getBody(), Replies.init(206, headers));
    }

    /** A manifest from the bucket, read whole (it is small), as a stored answer; null when the bucket does not have it. */
    static Promise<Response> manifest(R2Bucket bucket, String key, String digest) {
        return bucket.get(key).flatThen(object -> {
            if (object == null) {
                return Promise.resolve((Response) null);
            }
            String type = object.getHttpMetadata() != null ? object.getHttpMetadata().getContentType() : null;
            return object.arrayBuffer().then(body -> {
                Headers headers = new Headers();
                if (type != null) {
                    headers.set("content-type", type);
                }
                headers.set("content-length", String.valueOf(body.getByteLength()));
                headers.set("docker-content-digest", digest);
                headers.set("cache-control", CachePolicy.IMMUTABLE);
                return new Response(body, Replies.init(200, headers));
            });
        }, failure -> Promise.resolve(missed(key, failure)));
    }

    private static Response missed(String key, JSObject failure) {
        WorkerGlobalScope.logError("hubmirror: the content bucket could not be read: " + key + ": "
                + WorkerGlobalScope.describe(failure));
        return null;
    }

    /** What an object is stored with: its type, that it never changes, its digest; R2 checks the bytes against it. */
    static R2PutOptions options(String contentType, String digest, String hex) {
        R2PutOptions options = R2PutOptions.create().customMetadata("digest", digest);
        options.setHttpMetadata(httpMetadata(contentType));
        options.setSha256(hex);
        return options;
    }

    /** Its type, and that it never changes. */
    static R2HttpMetadata httpMetadata(String contentType) {
        R2HttpMetadata http = R2HttpMetadata.create();
        http.setContentType(contentType);
        http.setCacheControl(CachePolicy.IMMUTABLE);
        return http;
    }

    /** A verified manifest, kept in the bucket too (after the answer has gone). */
    public static void putManifest(Mirror mirror, R2Bucket bucket, String key, ArrayBuffer body, String contentType,
            String digest, String hex) {
        Promise<JSObject> stored = bucket.put(key, body, options(contentType, digest, hex)).then(object -> (JSObject) null,
                failure -> {
                    WorkerGlobalScope.logError("hubmirror: not stored in the content bucket: " + key + ": "
                            + WorkerGlobalScope.describe(failure));
                    return null;
                });
        if (mirror.ctx != null) {
            mirror.ctx.waitUntil(stored);
        }
    }
}
