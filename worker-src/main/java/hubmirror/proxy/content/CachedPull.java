package hubmirror.proxy.content;

import hubmirror.proxy.Isolate;
import hubmirror.proxy.Mirror;
import hubmirror.proxy.upstream.Exchange;
import hubmirror.proxy.upstream.Relay;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.proxy.v2.PullRequest;

import hubmirror.registry.CacheKey;
import hubmirror.registry.ManifestAccept;
import hubmirror.registry.RegistryRoute;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.Response;

/**
 * The content step: an anonymous client's manifest or blob, through the edge cache. Content is stored under its
 * digest (only bytes that hash to it) and served under a repository only when that one has it ({@link Links}); a
 * tag is resolved first ({@link TagResolution}), its manifest then served by digest. A miss goes upstream through
 * the {@link Exchange} and back through a {@link Relay} (which checks it); what may be kept of it is then stored
 * ({@link Keep}, as {@link ContentTarget} says).
 */
public final class CachedPull {
    private final Mirror mirror;
    private final PullRequest pull;
    private final RegistryRoute route;
    private final Exchange exchange;

    public CachedPull(Mirror mirror, PullRequest pull, Exchange exchange) {
        this.mirror = mirror;
        this.pull = pull;
        this.route = pull.route;
        this.exchange = exchange;
    }

    public Promise<Response> handle() {
        mirror.log.cache("MISS");
        String digest = route.digest();
        if (route.kind() == RegistryRoute.Kind.BLOB) {
            return blob(digest);
        }
        if (digest != null) {
            return manifest(digest);
        }
        String accept = ManifestAccept.normalize(mirror.request.getHeaders().get("accept"));
        if (accept == null) {
            return Relay.bypass(mirror, pull, exchange, "an Accept header the cache does not key on");
        }
        // the upstream is asked with the very media types the entry is keyed on (a registry matches them
        // case-sensitively: a client's own spelling could make it answer another manifest under this key)
        CachedPull byTag = new CachedPull(mirror, pull, exchange.asking(accept));
        return new TagResolution(mirror, pull, byTag.exchange).resolve().flatThen(outcome -> outcome.getDigest() != null
                ? byTag.manifest(outcome.getDigest()) : Promise.resolve(outcome.getAnswer()));
    }

    private Promise<Response> blob(String digest) {
        String key = StoredAnswers.key(mirror, pull, CacheKey.BLOBS, digest);
        String range = mirror.request.getHeaders().get("range");
        return EdgeCache.blob(key, range)
                .flatThen(hit -> hit != null ? Promise.resolve(hit) : fromBucket(CacheKey.BLOBS, digest))
                .flatThen(hit -> hit != null ? servedHere(hit, CacheKey.BLOBS, digest)
                        : miss(new ContentTarget(range == null && mirror.method.equals("GET") ? key : null, digest)));
    }

    /**
     * What the content bucket holds of {@code digest}, as a stored answer, when the edge cache had nothing (null: the
     * bucket has nothing either, or there is no bucket). The log line says which tier a hit came from.
     */
    private Promise<Response> fromBucket(String kind, String digest) {
        R2Bucket bucket = mirror.config.contentBucket;
        if (bucket == null) {
            return Promise.resolve((Response) null);
        }
        String objectKey = ContentBucket.key(pull, kind, digest);
        Promise<Response> found = kind.equals(CacheKey.BLOBS) ? ContentBucket.blob(bucket, objectKey, digest,
                mirror.request.getHeaders().get("range"), mirror.method.equals("HEAD"), mirror.config.verifyBlobDigest)
                : ContentBucket.manifest(bucket, objectKey, digest);
        return found.then(hit -> {
            if (hit != null) {
                mirror.log.hitTier("r2");
            }
            return hit;
        });
    }

    /**
     * {@code stored} under this repository: when its link says the upstream has the digest here, or a {@code HEAD}
     * here says so now (then the link is written; no Docker Hub quota: a HEAD is free); else the upstream's
     * own answer for this name (its 401 or 404). Content cached under one name is never served under another
     * that does not have it.
     */
    private Promise<Response> servedHere(Response stored, String kind, String digest) {
        String link = CacheKey.link(mirror.url.getOrigin(), pull.registry.host, route.name(), kind, digest);
        if (Isolate.get().links.holds(link, 0)) {
            return Promise.resolve(StoredAnswers.serve(mirror, route, stored, "HIT"));
        }
        return EdgeCache.match(link, null).flatThen(found -> {
            if (found != null) {
                Upstream.discard(found);
                Isolate.get().links.hold(link, Double.POSITIVE_INFINITY);
                return Promise.resolve(StoredAnswers.serve(mirror, route, stored, "HIT"));
            }
            Relay relay = new Relay(mirror, pull, exchange, null);
            return exchange.send("/v2/" + route.name() + kind + digest, "HEAD").flatThen(answer -> {
                if (answer.getStatus() == 200 || Upstream.isRedirect(answer.getStatus())) {
                    exchange.drop(answer);
                    Links.here(mirror, pull.registry.host, route.name(), kind, digest);
                    return Promise.resolve(StoredAnswers.serve(mirror, route, stored, "HIT"));
                }
                Upstream.discard(stored);
                mirror.log.cache("MISS");
                return relay.answer(answer);
            }, failure -> {
                Upstream.discard(stored);
                return relay.unreachable(failure);
            });
        });
    }

    private Promise<Response> manifest(String digest) {
        String key = StoredAnswers.key(mirror, pull, CacheKey.MANIFESTS, digest);
        return EdgeCache.match(key, null).flatThen(hit -> hit != null ? Promise.resolve(hit)
                : fromBucket(CacheKey.MANIFESTS, digest)).flatThen(hit -> {
            if (hit != null) {
                // a tag resolved under this repository just now, or a link, vouches for the digest here
                return route.tag() != null ? Promise.resolve(StoredAnswers.serve(mirror, route, hit, "HIT"))
                        : servedHere(hit, CacheKey.MANIFESTS, digest);
            }
            mirror.log.cache("MISS");
            ContentTarget target = new ContentTarget(key, digest);
            Relay relay = new Relay(mirror, pull, exchange, digest);
            return shared(manifestFlight(digest), () -> route.tag() == null
                    ? relay.exchange(route.upstreamPath(), mirror.method).then(answer -> Keep.manifest(mirror, pull, target, answer))
                    : exchange.send("/v2/" + route.name() + "/manifests/" + digest, mirror.method)
                            .flatThen(answer -> byDigest(relay, target, answer), relay::unreachable));
        });
    }

    /**
     * {@code fetch}'s answer, or (when a concurrent request of this isolate is making the same request) that one's:
     * a manifest or an error is read whole anyway, so holding it costs no JavaScript per byte of a layer.
     */
    private Promise<Response> shared(String flight, InFlight.Alone<Response> fetch) {
        if (!exchange.shareable()) {
            return fetch.get();
        }
        SharedAnswer shared = new SharedAnswer(mirror, Isolate.get().manifests, flight);
        Promise<HeldAnswer.Value> running = shared.running();
        if (running != null) {
            return shared.follow(running, () -> fetch.get().flatThen(HeldAnswer::of),
                    "the upstream's answer to a concurrent request",
                    "a concurrent request's upstream answer did not come in time");
        }
        return shared.lead(fetch.get().flatThen(HeldAnswer::of)).then(HeldAnswer::response);
    }

    /**
     * What makes two requests for a manifest by digest the same upstream request with the same answer: the mirror's
     * own origin (the answer's challenge names its realm), method, upstream, repository, digest, the tag it was
     * resolved from (which decides the fallback of {@link #byDigest}), the query, the {@code Accept} sent upstream,
     * and the client's {@code Origin} (the answer's CORS).
     */
    private String manifestFlight(String digest) {
        String accept = exchange.accept != null ? exchange.accept : mirror.request.getHeaders().get("accept");
        String from = mirror.request.getHeaders().get("origin");
        return mirror.url.getOrigin() + " " + mirror.method + " " + pull.registry.host + " " + route.name() + " " + digest
                + " " + (route.tag() != null ? route.tag() : "") + pull.search + "\n" + (accept != null ? accept : "")
                + "\n" + (from != null ? from : "");
    }

    /**
     * The manifest a tag resolved to, fetched by its digest. A registry that converts manifests for old
     * clients (distribution's schema1 for an Accept without schema2) names a digest it cannot serve:
     * then the tag is fetched as it is, and nothing is stored.
     */
    private Promise<Response> byDigest(Relay relay, ContentTarget target, Response answer) {
        if (answer.getStatus() != 404) {
            return relay.answer(answer).then(relayed -> Keep.manifest(mirror, pull, target, relayed));
        }
        exchange.drop(answer);
        return Relay.bypass(mirror, pull, exchange, "the tag's digest is not served by digest (a converted manifest)");
    }

    /** A blob not in the content tiers: the request upstream, kept as {@code target} says. */
    private Promise<Response> miss(ContentTarget target) {
        mirror.log.cache("MISS");
        return new Relay(mirror, pull, exchange, target.digest).exchange(route.upstreamPath(), mirror.method)
                .then(answer -> Keep.blob(mirror, pull, exchange, target, answer));
    }
}
