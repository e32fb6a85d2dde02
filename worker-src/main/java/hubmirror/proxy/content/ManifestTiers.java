package hubmirror.proxy.content;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.http.Replies;
import hubmirror.registry.CacheKey;
import hubmirror.registry.Reference;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.Response;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * The content tiers as a {@code /download} reads a manifest by digest — a tag resolved under this repository with a
 * {@code HEAD}, or an index of it naming the digest: the repository's right to it — in the entries a pull reads and
 * writes: the bucket (no subrequest), else the edge cache. A manifest the download had to fetch, checked against its
 * digest, is kept there the way {@link Keep} keeps a pull's, so the next download or pull asks the upstream for the
 * tag's {@code HEAD} only (which Docker Hub does not count against its pull quota).
 */
public final class ManifestTiers {
    private static final String[] STORED_HEADERS = {"content-type"};

    private final Mirror mirror;
    private final UpstreamState upstream;

    public ManifestTiers(Mirror mirror, UpstreamState upstream) {
        this.mirror = mirror;
        this.upstream = upstream;
    }

    /** The stored manifest {@code digest} (its body and type), or null when neither tier has it. */
    public Promise<Response> stored(String digest) {
        R2Bucket bucket = mirror.config.contentBucket;
        Promise<Response> fromBucket = bucket != null
                ? ContentBucket.manifest(bucket, ContentBucket.key(upstream.host, CacheKey.MANIFESTS, digest), digest)
                : Promise.resolve((Response) null);
        return fromBucket.flatThen(hit -> hit != null ? Promise.resolve(hit) : EdgeCache.match(edgeKey(digest), null));
    }

    /** A manifest read from the upstream and checked against {@code digest}, kept after the answer has gone. */
    public void keep(String digest, ArrayBuffer body, String contentType) {
        Headers answered = new Headers();
        if (contentType != null) {
            answered.set("content-type", contentType);
        }
        Headers kept = ContentTarget.entryHeaders(answered, STORED_HEADERS, digest);
        kept.set("content-length", String.valueOf(body.getByteLength()));
        EdgeCache.put(mirror.ctx, edgeKey(digest), new Response(body.slice(0, body.getByteLength()), Replies.init(200, kept)));
        R2Bucket bucket = mirror.config.contentBucket;
        if (bucket != null && digest.startsWith("sha256:")) {
            ContentBucket.putManifest(mirror, bucket, ContentBucket.key(upstream.host, CacheKey.MANIFESTS, digest),
                    body.slice(0, body.getByteLength()), contentType, digest, Reference.hex(digest));
        }
    }

    private String edgeKey(String digest) {
        return StoredAnswers.key(mirror, upstream.host, CacheKey.MANIFESTS, digest);
    }
}
