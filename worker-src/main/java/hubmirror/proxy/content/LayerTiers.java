package hubmirror.proxy.content;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.upstream.MirrorIdentity;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.registry.BlobDeadline;
import hubmirror.registry.CacheKey;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.DownloadPlan;
import hubmirror.registry.PartPlan;
import hubmirror.registry.Reference;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import org.teavm.jso.core.JSUndefined;

/**
 * The content tiers as a {@code /download} reads a layer of an image it just resolved (its manifest, read from the
 * upstream under this repository and checked against its digest, lists the layer: the repository's right to it).
 * The bucket or the edge cache first, as the {@link DownloadPlan} allows within the invocation's subrequests; else
 * the upstream with the mirror's identity, and a layer read whole from there is stored the way a pull stores it,
 * so that a second download (or pull) costs the upstream nothing. Answers the bytes asked for, or a failure.
 */
public final class LayerTiers {
    private final Mirror mirror;
    private final UpstreamState upstream;
    private final String repository;
    private final DownloadPlan plan;

    public LayerTiers(Mirror mirror, UpstreamState upstream, String repository, DownloadPlan plan) {
        this.mirror = mirror;
        this.upstream = upstream;
        this.repository = repository;
        this.plan = plan;
    }

    /** Bytes {@code from} to {@code to} of the layer {@code digest} ({@code size} bytes): 200 when whole, else 206. */
    public Promise<Response> read(String digest, double size, double from, double to) {
        String range = from == 0 && to == size - 1 ? null : "bytes=" + Replies.digits(from) + "-" + Replies.digits(to);
        String edgeKey = StoredAnswers.key(mirror, upstream.host, CacheKey.BLOBS, digest);
        Promise<Response> stored;
        if (plan.readsBucket()) {
            stored = ContentBucket.blob(mirror.config.contentBucket, ContentBucket.key(upstream.host, CacheKey.BLOBS, digest),
                    digest, range, false, mirror.config.verifyBlobDigest);
        } else if (plan.readsEdge()) {
            stored = EdgeCache.blob(edgeKey, range);
        } else {
            stored = Promise.resolve((Response) null);
        }
        return stored.flatThen(hit -> hit != null && hit.getStatus() != 416 ? Promise.resolve(hit)
                : fromUpstream(digest, size, range, edgeKey, hit));
    }

    /** The upstream's answer; {@code refused} a stored answer that did not serve (a 416), let go first. */
    private Promise<Response> fromUpstream(String digest, double size, String range, String edgeKey, Response refused) {
        if (refused != null) {
            Upstream.discard(refused);
        }
        Headers headers = new Headers();
        if (range != null) {
            headers.set("range", range);
        }
        MirrorIdentity identity = new MirrorIdentity(mirror.config, upstream, repository, headers);
        return identity.send(upstream.entry.registry() + "/v2/" + repository + "/blobs/" + digest, "GET", false)
                .flatThen(answer -> identity.current().followAll(answer))
                .then(answer -> {
                    identity.current().settled();
                    if (range == null && answer.getStatus() == 200) {
                        fill(identity.current(), digest, size, answer.getHeaders(), edgeKey);
                    }
                    return answer;
                });
    }

    /** The layer stored from a second download, as a pull's {@link Keep} stores one, when the plan allows it. */
    private void fill(Upstream last, String digest, double size, Headers headers, String edgeKey) {
        if (!plan.fills() || !digest.startsWith("sha256:") || BlobFill.isRunning(edgeKey)) {
            return;
        }
        int deadline = BlobDeadline.fillMillis(size, mirror.config.idleTimeoutMillis, mirror.config.blobMinRate);
        Promise<JSUndefined> stored;
        if (plan.readsBucket()) {
            PartPlan parts = new PartPlan(size, mirror.config.bucketPartBytes);
            if (parts.inParts()) {
                return; // parts are ranged downloads of their own, more subrequests than the plan counted
            }
            stored = new BucketFill(mirror.config.contentBucket, ContentBucket.key(upstream.host, CacheKey.BLOBS, digest),
                    digest, Reference.hex(digest), parts, deadline, mirror.config.verifyBlobDigest, null, edgeKey)
                    .start(last.url(), last.refetchHeaders());
        } else if (size <= mirror.config.edgeCacheMaxBytes && CachePolicy.cacheWorksOn(mirror.url.getHostname())
                && EdgeCache.mayFill()) {
            stored = Keep.edgeFill(mirror, edgeKey, size, headers, digest, Reference.webCryptoAlgorithm(digest), deadline)
                    .start(last.url(), last.refetchHeaders());
        } else {
            return;
        }
        if (mirror.ctx != null) {
            mirror.ctx.waitUntil(stored);
        }
    }
}
