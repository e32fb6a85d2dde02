package hubmirror.proxy.content;

import hubmirror.proxy.config.MirrorConfig;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.upstream.MirrorIdentity;
import hubmirror.proxy.upstream.SmallBlob;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.registry.BlobDeadline;
import hubmirror.registry.CacheKey;
import hubmirror.registry.PartPlan;
import hubmirror.registry.Reference;
import hubmirror.workers.FixedLengthStream;
import hubmirror.workers.Headers;
import hubmirror.workers.Json;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.Response;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * One repository of one upstream, as a pre-warm run reads it with the mirror's identity ({@link Prewarm}): its
 * manifests (a tag resolved with a free {@code HEAD}; what the bucket has read from there) and its blobs, each
 * copied into the bucket with R2 checking its SHA-256, within the run's subrequests.
 */
final class PrewarmSource {
    private static final String ACCEPT = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";
    /** A manifest's worst case: a request refused for want of a token, the token, the request again. */
    private static final int MANIFEST_COST = 3;
    /** A blob's: the same, and the redirect to its storage. */
    private static final int BLOB_COST = 4;
    private static final int MAX_MANIFEST = 4 << 20;

    private final MirrorConfig config;
    private final R2Bucket bucket;
    private final Prewarm.Tally tally;
    private final UpstreamState upstream;
    private final String repository;

    PrewarmSource(MirrorConfig config, R2Bucket bucket, Prewarm.Tally tally, UpstreamState upstream, String repository) {
        this.config = config;
        this.bucket = bucket;
        this.tally = tally;
        this.upstream = upstream;
        this.repository = repository;
    }

    private MirrorIdentity identity(String accept) {
        Headers headers = new Headers();
        if (accept != null) {
            headers.set("accept", accept);
        }
        return new MirrorIdentity(config, upstream, repository, headers);
    }

    /**
     * The manifest {@code reference} names: a tag resolved with a {@code HEAD} (free against Docker Hub's quota),
     * then the manifest from the bucket when it is there, else fetched by digest and checked against it; null
     * when the run's budget is spent before it.
     */
    Promise<Held> manifest(String reference) {
        if (Reference.isDigest(reference)) {
            return byDigest(reference);
        }
        if (tally.budget < MANIFEST_COST) {
            return Promise.resolve((Held) null);
        }
        tally.budget -= MANIFEST_COST;
        MirrorIdentity identity = identity(ACCEPT);
        String target = upstream.entry.registry() + "/v2/" + repository + "/manifests/" + reference;
        return identity.send(target, "HEAD", false).flatThen(answer -> {
            identity.current().settled();
            Upstream.discard(answer);
            String digest = answer.getHeaders().get("docker-content-digest");
            if (answer.getStatus() != 200 || digest == null || !Reference.isDigest(digest)) {
                return Promise.reject(failure("the tag " + reference + " answered " + answer.getStatus()
                        + (answer.getStatus() == 200 ? " without a digest" : "")));
            }
            return byDigest(digest);
        });
    }

    private Promise<Held> byDigest(String digest) {
        String key = ContentBucket.key(upstream.host, CacheKey.MANIFESTS, digest);
        return bucket.get(key).flatThen(found -> {
            if (found != null) {
                String type = found.getHttpMetadata() != null ? found.getHttpMetadata().getContentType() : null;
                return found.arrayBuffer().then(body -> held(body, type, digest, true));
            }
            return fetched(digest);
        });
    }

    private Promise<Held> fetched(String digest) {
        if (tally.budget < MANIFEST_COST) {
            return Promise.resolve((Held) null);
        }
        tally.budget -= MANIFEST_COST;
        MirrorIdentity identity = identity(ACCEPT);
        String target = upstream.entry.registry() + "/v2/" + repository + "/manifests/" + digest;
        return identity.send(target, "GET", true).flatThen(answer -> {
            Upstream exchange = identity.current();
            if (answer.getStatus() != 200) {
                exchange.settled();
                Upstream.discard(answer);
                return Promise.reject(failure("the manifest " + digest + " answered " + answer.getStatus()));
            }
            String type = answer.getHeaders().get("content-type");
            return exchange.readBody(answer, MAX_MANIFEST).flatThen(body -> {
                exchange.settled();
                return checked(body, digest, type);
            });
        });
    }

    private Promise<Held> checked(ArrayBuffer body, String digest, String type) {
        if (digest == null || !digest.startsWith("sha256:") || !Reference.isDigest(digest)) {
            return Promise.reject(failure("a manifest without a sha256 digest"));
        }
        return SmallBlob.Fields.hashesTo(body, digest).flatThen(matches -> matches.booleanValue()
                ? Promise.resolve(held(body, type, digest, false))
                : Promise.reject(failure("a manifest that does not match its digest " + digest)));
    }

    private Held held(ArrayBuffer body, String type, String digest, boolean stored) {
        Held held = (Held) SmallBlob.Fields.of(body, type, digest);
        held.setStored(stored);
        return held;
    }

    /** The manifest into the bucket (when it is not there), then its config and layers. */
    Promise<JSUndefined> keep(Held manifest) {
        String key = ContentBucket.key(upstream.host, CacheKey.MANIFESTS, manifest.getDigest());
        Promise<JSUndefined> stored = manifest.isStored() ? Promise.resolve(JSUndefined.instance())
                : bucket.put(key, manifest.getBody(), ContentBucket.options(manifest.getType(), manifest.getDigest(),
                        Reference.hex(manifest.getDigest()))).then(object -> {
                            tally.copied++;
                            tally.bytes += manifest.getBody().getByteLength();
                            return JSUndefined.instance();
                        });
        if (Prewarm.isIndex(manifest)) {
            return stored;
        }
        List<JSObject> blobs = new ArrayList<>();
        JSObject json = manifest.getJson();
        JSObject configBlob = json != null ? Json.get(json, "config") : null;
        if (configBlob != null) {
            blobs.add(configBlob);
        }
        JSObject layers = json != null ? Json.get(json, "layers") : null;
        if (layers != null && JSArray.isArray(layers)) {
            JSArray<JSObject> list = (JSArray<JSObject>) layers;
            for (int i = 0; i < list.getLength(); i++) {
                blobs.add(list.get(i));
            }
        }
        return stored.flatThen(x -> blobs(blobs, 0));
    }

    private Promise<JSUndefined> blobs(List<JSObject> blobs, int index) {
        if (index == blobs.size()) {
            return Promise.resolve(JSUndefined.instance());
        }
        JSObject descriptor = blobs.get(index);
        String digest = Prewarm.text(descriptor, "digest");
        JSObject size = Json.get(descriptor, "size");
        double length = size != null && Json.isNumber(size) ? ((JSNumber) size).doubleValue() : -1;
        return blob(digest, length).flatThen(x -> blobs(blobs, index + 1));
    }

    /** One blob into the bucket (in parts when larger than one put), unless it is there or the run's budget is spent. */
    private Promise<JSUndefined> blob(String digest, double length) {
        if (digest == null || !digest.startsWith("sha256:") || !Reference.isDigest(digest) || length < 0) {
            tally.notes.add(repository + ": a blob without a sha256 digest and a size");
            return Promise.resolve(JSUndefined.instance());
        }
        String key = ContentBucket.key(upstream.host, CacheKey.BLOBS, digest);
        // an object in parts without its mark (an isolate gone before the mark) is not there: it is copied again
        return bucket.head(key).flatThen(found -> found == null ? Promise.resolve(JSBoolean.valueOf(false))
                : BucketParts.isServable(bucket, key, found, config.verifyBlobDigest)).flatThen(there -> {
            if (there.booleanValue()) {
                return Promise.resolve(JSUndefined.instance());
            }
            PartPlan plan = new PartPlan(length, config.bucketPartBytes);
            if (!plan.fits()) {
                tally.notes.add(digest + ": more than R2's 10,000 parts, not pre-warmed");
                return Promise.resolve(JSUndefined.instance());
            }
            // in parts: the last hop found with a GET of its first byte (a URL signed for GET: S3-backed registries
            // sign their redirect for the request's method), then one ranged download per part
            int cost = plan.inParts() ? BLOB_COST + plan.count() : BLOB_COST;
            if (tally.budget < cost) {
                tally.left.add(upstream.name() + "/" + repository + "@" + digest);
                return Promise.resolve(JSUndefined.instance());
            }
            tally.budget -= cost;
            String url = upstream.entry.registry() + "/v2/" + repository + "/blobs/" + digest;
            if (plan.inParts()) {
                Headers firstByte = new Headers();
                firstByte.set("range", "bytes=0-0");
                MirrorIdentity found = new MirrorIdentity(config, upstream, repository, firstByte);
                return found.send(url, "GET", false)
                        .flatThen(answer -> found.current().followAll(answer))
                        .flatThen(answer -> storeParts(found.current(), answer, key, digest, plan));
            }
            MirrorIdentity identity = identity(null);
            return identity.send(url, "GET", false)
                    .flatThen(answer -> identity.current().followAll(answer))
                    .flatThen(answer -> store(identity.current(), answer, key, digest, length));
        });
    }

    /** A blob larger than one put, found where its last hop is, into the bucket in parts. */
    private Promise<JSUndefined> storeParts(Upstream exchange, Response answer, String key, String digest, PartPlan plan) {
        exchange.settled();
        Upstream.discard(answer);
        if (answer.getStatus() != 206 && answer.getStatus() != 200) {
            return Promise.reject(failure(digest + " answered " + answer.getStatus() + " to a GET of its first byte"));
        }
        int deadline = BlobDeadline.fillMillis(plan.total(), config.idleTimeoutMillis, config.blobMinRate);
        return new BucketParts(bucket, key, digest, Reference.hex(digest), plan, deadline, config.verifyBlobDigest)
                .store(exchange.url(), exchange.refetchHeaders())
                .then(object -> {
                    tally.copied++;
                    tally.bytes += plan.total();
                    return JSUndefined.instance();
                });
    }

    private Promise<JSUndefined> store(Upstream exchange, Response answer, String key, String digest, double length) {
        if (answer.getStatus() != 200 || answer.getBody() == null
                || Upstream.contentLength(answer.getHeaders().get("content-length")) != length) {
            exchange.settled();
            Upstream.discard(answer);
            return Promise.reject(failure(digest + " answered " + answer.getStatus() + ", not the whole blob"));
        }
        exchange.settled();
        FixedLengthStream exact = new FixedLengthStream(length);
        Promise<hubmirror.workers.R2Object> put = bucket.put(key, exact.getReadable(),
                ContentBucket.options("application/octet-stream", digest, Reference.hex(digest)));
        return answer.getBody().pipeTo(exact.getWritable()).flatThen(piped -> put).then(object -> {
            tally.copied++;
            tally.bytes += length;
            return JSUndefined.instance();
        });
    }

    /** A manifest as fetched and checked: its bytes, type, digest, and parsed JSON. */
    interface Held extends SmallBlob {
        /** Whether it came from the bucket (then it is there already). */
        @JSProperty
        boolean isStored();

        @JSProperty
        void setStored(boolean stored);
    }

    private static JSObject failure(String message) {
        return new org.teavm.jso.core.JSError(message);
    }
}
