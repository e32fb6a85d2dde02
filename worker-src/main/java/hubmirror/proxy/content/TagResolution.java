package hubmirror.proxy.content;

import hubmirror.proxy.Clock;
import hubmirror.proxy.Isolate;
import hubmirror.proxy.Mirror;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.upstream.Exchange;
import hubmirror.proxy.upstream.Relay;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.proxy.v2.PullRequest;

import hubmirror.registry.CacheKey;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.ManifestAccept;
import hubmirror.registry.Reference;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.Tokens;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSObjects;

/**
 * A tag, resolved to the digest its manifest is served by: from the cache while {@code TAG_TTL_SECONDS} has not
 * passed, else by an upstream {@code HEAD} (free against Docker Hub's quota; shared by concurrent requests), and
 * when the upstream fails (unreachable, timed out, 5xx, 429) the tag's last digest for up to
 * {@code STALE_IF_ERROR_SECONDS}. Its value is the digest, or the client's answer when there is nothing to fetch
 * by digest (a HEAD answered, an upstream error, a stale manifest, a bypass).
 */
public final class TagResolution {
    /** When the tag was resolved (ms since the epoch), on a tag's cache entry. */
    private static final String RESOLVED = "x-hubmirror-resolved";
    /** The media type the upstream answered for the tag, on a tag's cache entry. */
    private static final String MEDIA_TYPE = "x-hubmirror-media-type";

    /** What the resolution came to: a digest to serve, or (when {@code getDigest} is null) the answer itself. */
    interface Outcome extends JSObject {
        @JSProperty
        String getDigest();

        @JSProperty
        void setDigest(String digest);

        @JSProperty
        Response getAnswer();

        @JSProperty
        void setAnswer(Response answer);
    }

    private final Mirror mirror;
    private final PullRequest pull;
    private final RegistryRoute route;
    private final Exchange exchange;
    private final Relay relay;
    private final String tagKey;
    private final SharedAnswer shared;

    /** @param exchange asking the upstream with the {@code Accept} the tag is keyed on */
    TagResolution(Mirror mirror, PullRequest pull, Exchange exchange) {
        this.mirror = mirror;
        this.pull = pull;
        this.route = pull.route;
        this.exchange = exchange;
        this.relay = new Relay(mirror, pull, exchange, null);
        this.tagKey = CacheKey.tag(mirror.url.getOrigin(), pull.registry.host, route.name(), route.tag(), exchange.accept);
        // the upstream request is the tag's key (its Accept included) and the query that goes with it
        this.shared = new SharedAnswer(mirror, Isolate.get().resolutions, tagKey + "\n" + pull.search);
    }

    Promise<Outcome> resolve() {
        return EdgeCache.match(tagKey, null).flatThen(this::fromEntry);
    }

    private static Outcome digest(String digest) {
        Outcome outcome = JSObjects.create();
        outcome.setDigest(digest);
        outcome.setAnswer(null);
        return outcome;
    }

    private static Outcome answer(Response answer) {
        Outcome outcome = JSObjects.create();
        outcome.setDigest(null);
        outcome.setAnswer(answer);
        return outcome;
    }

    private static Promise<Outcome> answered(Promise<Response> answer) {
        return answer.then(TagResolution::answer);
    }

    /** A fresh tag entry is used as it is; an older one is checked with a HEAD, and kept for failures. */
    private Promise<Outcome> fromEntry(Response entry) {
        String known = entry != null ? entry.getHeaders().get("docker-content-digest") : null;
        if (known != null && !ManifestAccept.accepts(exchange.accept, entry.getHeaders().get(MEDIA_TYPE))) {
            known = null; // an entry of a type this client does not take (written before types were recorded)
        }
        double resolvedAt = entry != null ? Tokens.unsignedDecimal(entry.getHeaders().get(RESOLVED), 15) : -1;
        if (entry != null) {
            Upstream.discard(entry);
        }
        double now = Clock.now();
        if (known != null && CachePolicy.isFresh(resolvedAt, now, mirror.config.tagTtlSeconds)) {
            return Promise.resolve(digest(known));
        }
        String stale = known != null && CachePolicy.mayServeStale(resolvedAt, now, mirror.config.staleIfErrorSeconds)
                ? known : null;
        return head().flatThen(answer -> headed(answer, stale),
                failure -> answered(orStale(stale, null, () -> relay.unreachable(failure))));
    }

    /**
     * The upstream's {@code HEAD} of the tag: this request's own, or (when a concurrent request of this isolate is
     * resolving the same tag with the same {@code Accept}) that one's answer, body-less as every HEAD's.
     */
    private Promise<Response> head() {
        if (!exchange.shareable()) {
            return exchange.send(route.upstreamPath(), "HEAD");
        }
        Promise<HeldAnswer.Value> running = shared.running();
        if (running != null) {
            return shared.follow(running, () -> exchange.send(route.upstreamPath(), "HEAD").then(HeldAnswer::headOf),
                    "the tag resolved by a concurrent request",
                    "a concurrent request's resolution of the tag did not come in time");
        }
        Promise<Response> head = exchange.send(route.upstreamPath(), "HEAD");
        shared.lead(head.then(HeldAnswer::headOf));
        return head;
    }

    private Promise<Outcome> headed(Response answer, String stale) {
        int status = answer.getStatus();
        if (status == 200) {
            String digest = answer.getHeaders().get("docker-content-digest");
            if (digest == null || !Reference.isDigest(digest)) {
                exchange.drop(answer);
                return answered(Relay.bypass(mirror, pull, exchange, "the upstream's HEAD named no digest"));
            }
            if (!shared.followed() && ManifestAccept.accepts(exchange.accept, answer.getHeaders().get("content-type"))) {
                remember(digest, answer.getHeaders().get("content-type"));
            }
            if (mirror.method.equals("HEAD")) {
                return answered(headOnly(answer, digest));
            }
            exchange.drop(answer);
            return Promise.resolve(digest(digest));
        }
        if (status == 429 || status >= 500) {
            return answered(orStale(stale, answer, () -> relay.answer(answer)));
        }
        if (Upstream.isRedirect(status)) {
            // a registry that redirects tags (registry.k8s.io) is pulled through as it is
            exchange.drop(answer);
            return answered(Relay.bypass(mirror, pull, exchange, "the upstream redirects its manifests"));
        }
        return answered(relay.answer(answer));
    }

    /** A client's HEAD of the tag: the upstream's HEAD is the answer, unless the cache has the manifest. */
    private Promise<Response> headOnly(Response answer, String digest) {
        return EdgeCache.match(StoredAnswers.key(mirror, pull, CacheKey.MANIFESTS, digest), null).flatThen(hit -> {
            if (hit == null) {
                mirror.log.cache("MISS");
                return relay.answer(answer);
            }
            exchange.drop(answer);
            return Promise.resolve(StoredAnswers.serve(mirror, route, hit, "HIT"));
        });
    }

    /**
     * The tag's last manifest when it is still in the cache (the upstream's {@code failed} answer, if any, is
     * then dropped); else what the failure would have answered.
     */
    private Promise<Response> orStale(String digest, Response failed, InFlight.Alone<Response> otherwise) {
        if (digest == null) {
            return otherwise.get();
        }
        return EdgeCache.match(StoredAnswers.key(mirror, pull, CacheKey.MANIFESTS, digest), null).flatThen(hit -> {
            if (hit == null) {
                return otherwise.get();
            }
            if (failed != null) {
                exchange.drop(failed);
            } else {
                exchange.settle();
            }
            return Promise.resolve(StoredAnswers.serve(mirror, route, hit, "STALE"));
        });
    }

    private void remember(String digest, String mediaType) {
        Headers entry = new Headers();
        entry.set("docker-content-digest", digest);
        if (mediaType != null) {
            entry.set(MEDIA_TYPE, mediaType);
        }
        entry.set(RESOLVED, Clock.stampText());
        entry.set("cache-control", CachePolicy.tagCacheControl(mirror.config.tagTtlSeconds,
                mirror.config.staleIfErrorSeconds));
        EdgeCache.put(mirror.ctx, tagKey, new Response("", Replies.init(200, entry)));
        Links.here(mirror, pull.registry.host, route.name(), CacheKey.MANIFESTS, digest);
    }
}
