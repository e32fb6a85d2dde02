package hubmirror.proxy;

import hubmirror.registry.CacheKey;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.ErrorCode;
import hubmirror.registry.ManifestAccept;
import hubmirror.registry.Reference;
import hubmirror.registry.RegistryError;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.Tokens;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.StringPrototype;
import hubmirror.workers.WorkerGlobalScope;

/**
 * An anonymous client's manifest or blob, through the edge cache. Content is stored under its digest
 * (only bytes that hash to it); a tag is resolved by an upstream {@code HEAD} (free against Docker Hub's
 * quota), believed for {@code TAG_TTL_SECONDS}, and its manifest then served by digest. When the upstream
 * fails (unreachable, timed out, 5xx, 429) a tag's last digest is served for up to
 * {@code STALE_IF_ERROR_SECONDS}.
 */
final class CachedPull {
    /** When the tag was resolved (ms since the epoch), on a tag's cache entry. */
    private static final String RESOLVED = "x-hubmirror-resolved";
    /** The media type the upstream answered for the tag, on a tag's cache entry. */
    private static final String MEDIA_TYPE = "x-hubmirror-media-type";

    private final RegistryProxy proxy;
    private final Mirror mirror;
    private final RegistryRoute route;
    private final MirrorConfig config;
    private final String origin;
    private String tagKey;
    /**
     * This request's upstream answer came from a concurrent request's ({@link #follow}): for a tag's resolution,
     * that one stores what it found.
     */
    private boolean follower;

    CachedPull(RegistryProxy proxy) {
        this.proxy = proxy;
        this.mirror = proxy.mirror;
        this.route = proxy.route;
        this.config = mirror.config;
        this.origin = mirror.url.getOrigin();
    }

    Promise<Response> handle() {
        proxy.mirror.log.cache("MISS");
        String digest = route.digest();
        if (route.kind() == RegistryRoute.Kind.BLOB) {
            String key = key(CacheKey.BLOBS, digest);
            String range = mirror.request.getHeaders().get("range");
            return EdgeCache.match(markOf(key), null)
                    .flatThen(mark -> mark == null ? Promise.resolve((Response) null) : stored(key, range, mark))
                    .flatThen(hit -> hit != null ? servedHere(hit, CacheKey.BLOBS, digest, "HIT")
                            : miss(digest, range == null && mirror.method.equals("GET") ? key : null));
        }
        if (digest != null) {
            return manifest(digest);
        }
        String accept = ManifestAccept.normalize(mirror.request.getHeaders().get("accept"));
        if (accept == null) {
            return proxy.bypass("an Accept header the cache does not key on");
        }
        // the upstream is asked with the very media types the entry is keyed on (a registry matches them
        // case-sensitively: a client's own spelling could make it answer another manifest under this key)
        proxy.upstreamAccept = accept;
        tagKey = CacheKey.tag(origin, proxy.registry.host, route.name(), route.tag(), accept);
        return EdgeCache.match(tagKey, null).flatThen(this::resolveTag);
    }

    /** A content key ({@link CacheKey}), as one JS concatenation: this is every hit's path. */
    private String key(String kind, String digest) {
        return StringPrototype.concat(origin, CacheKey.PREFIX, proxy.registry.host, kind, digest);
    }

    /** A blob's commit mark ({@link CacheKey#MARK_SUFFIX}). */
    static String markOf(String blobKey) {
        return StringPrototype.concat(blobKey, CacheKey.MARK_SUFFIX, "");
    }

    /** A fresh tag entry is used as it is; an older one is checked with a HEAD, and kept for failures. */
    private Promise<Response> resolveTag(Response entry) {
        String known = entry != null ? entry.getHeaders().get("docker-content-digest") : null;
        if (known != null && !ManifestAccept.accepts(proxy.upstreamAccept, entry.getHeaders().get(MEDIA_TYPE))) {
            known = null; // an entry of a type this client does not take (written before types were recorded)
        }
        double resolvedAt = entry != null ? Tokens.unsignedDecimal(entry.getHeaders().get(RESOLVED), 15) : -1;
        if (entry != null) {
            Upstream.discard(entry);
        }
        double now = MirrorIdentity.now();
        if (known != null && CachePolicy.isFresh(resolvedAt, now, config.tagTtlSeconds)) {
            return manifest(known);
        }
        String stale = known != null && CachePolicy.mayServeStale(resolvedAt, now, config.staleIfErrorSeconds) ? known : null;
        return resolution().flatThen(answer -> headed(answer, stale),
                failure -> orStale(stale, null, () -> proxy.unreachable(failure)));
    }

    /**
     * The upstream's {@code HEAD} of the tag: this request's own, or (when a concurrent request of this isolate is
     * resolving the same tag with the same {@code Accept}) that one's answer, body-less as every HEAD's.
     */
    private Promise<Response> resolution() {
        if (!proxy.shareable()) {
            return proxy.send(route.upstreamPath(), "HEAD");
        }
        InFlight<HeldAnswer.Value> resolutions = Isolate.get().resolutions;
        // the upstream request is the tag's key (its Accept included) and the query that goes with it
        String flight = tagKey + "\n" + proxy.pull.search;
        Promise<HeldAnswer.Value> running = resolutions.running(flight, config.sharedWaitMillis());
        if (running != null) {
            return follow(resolutions, flight, running,
                    () -> proxy.send(route.upstreamPath(), "HEAD").then(HeldAnswer::headOf),
                    "the tag resolved by a concurrent request",
                    "a concurrent request's resolution of the tag did not come in time");
        }
        Promise<Response> head = proxy.send(route.upstreamPath(), "HEAD");
        lead(resolutions, flight, head.then(HeldAnswer::headOf));
        return head;
    }

    /**
     * {@code running}'s answer as a response of this request's own; when it does not come within the shared wait,
     * this request's {@code own} (which then takes the flight's place). {@link #follower} says which it was.
     */
    private Promise<Response> follow(InFlight<HeldAnswer.Value> flights, String flight, Promise<HeldAnswer.Value> running,
            InFlight.Alone<HeldAnswer.Value> own, String sharedNote, String lateNote) {
        follower = true;
        return InFlight.join(running, config.sharedWaitMillis(), () -> {
            follower = false;
            mirror.log.note(lateNote);
            return lead(flights, flight, own.get());
        }).then(held -> {
            if (follower) {
                mirror.log.note(sharedNote);
            }
            return HeldAnswer.response(held);
        });
    }

    /**
     * {@code answer} is the one for {@code flight} in this isolate, and it is kept going after this request's
     * answer has gone ({@code waitUntil}): the requests that wait for it must not lose it when this client leaves.
     */
    private Promise<HeldAnswer.Value> lead(InFlight<HeldAnswer.Value> flights, String flight, Promise<HeldAnswer.Value> answer) {
        if (mirror.ctx != null) {
            mirror.ctx.waitUntil(answer.catchError(failure -> null));
        }
        return flights.share(flight, answer);
    }

    private Promise<Response> headed(Response answer, String stale) {
        int status = answer.getStatus();
        if (status == 200) {
            String digest = answer.getHeaders().get("docker-content-digest");
            if (digest == null || !Reference.isDigest(digest)) {
                proxy.drop(answer);
                return proxy.bypass("the upstream's HEAD named no digest");
            }
            if (!follower && ManifestAccept.accepts(proxy.upstreamAccept, answer.getHeaders().get("content-type"))) {
                remember(digest, answer.getHeaders().get("content-type"));
            }
            if (mirror.method.equals("HEAD")) {
                // the upstream's HEAD is the answer, unless the cache has the manifest
                String key = key(CacheKey.MANIFESTS, digest);
                return EdgeCache.match(key, null).flatThen(hit -> {
                    if (hit == null) {
                        proxy.mirror.log.cache("MISS");
                        return proxy.relay(answer);
                    }
                    proxy.drop(answer);
                    return Promise.resolve(hit(hit, "HIT"));
                });
            }
            proxy.drop(answer);
            return manifest(digest);
        }
        if (status == 429 || status >= 500) {
            return orStale(stale, answer, () -> proxy.relay(answer));
        }
        if (Upstream.isRedirect(status)) {
            // a registry that redirects tags (registry.k8s.io) is pulled through as it is
            proxy.drop(answer);
            return proxy.bypass("the upstream redirects its manifests");
        }
        return proxy.relay(answer);
    }

    interface Fallback {
        Promise<Response> get();
    }

    /**
     * The tag's last manifest when it is still in the cache (the upstream's {@code failed} answer, if any, is
     * then dropped); else what the failure would have answered.
     */
    private Promise<Response> orStale(String digest, Response failed, Fallback otherwise) {
        if (digest == null) {
            return otherwise.get();
        }
        return EdgeCache.match(key(CacheKey.MANIFESTS, digest), null)
                .flatThen(hit -> {
                    if (hit == null) {
                        return otherwise.get();
                    }
                    if (failed != null) {
                        proxy.drop(failed);
                    } else {
                        proxy.settle();
                    }
                    return Promise.resolve(hit(hit, "STALE"));
                });
    }

    /**
     * {@code stored} under this repository: when its link says the upstream has the digest here, or a {@code HEAD}
     * here says so now (then the link is written; no Docker Hub quota: a HEAD is free); else the upstream's
     * own answer for this name (its 401 or 404). Content cached under one name is never served under another
     * that does not have it.
     */
    private Promise<Response> servedHere(Response stored, String kind, String digest, String status) {
        String link = CacheKey.link(origin, proxy.registry.host, route.name(), kind, digest);
        if (Isolate.get().links.holds(link, 0)) {
            return Promise.resolve(hit(stored, status));
        }
        return EdgeCache.match(link, null).flatThen(found -> {
            if (found != null) {
                Upstream.discard(found);
                Isolate.get().links.hold(link, Double.POSITIVE_INFINITY);
                return Promise.resolve(hit(stored, status));
            }
            return proxy.send("/v2/" + route.name() + kind + digest, "HEAD").flatThen(answer -> {
                if (answer.getStatus() == 200 || Upstream.isRedirect(answer.getStatus())) {
                    proxy.drop(answer);
                    linkHere(mirror, proxy.registry.host, route.name(), kind, digest);
                    return Promise.resolve(hit(stored, status));
                }
                Upstream.discard(stored);
                proxy.mirror.log.cache("MISS");
                return proxy.relay(answer);
            }, failure -> {
                Upstream.discard(stored);
                return proxy.unreachable(failure);
            });
        });
    }

    /** Notes that the upstream served {@code digest} under {@code name} (see {@link CacheKey#link}). */
    static void linkHere(Mirror mirror, String upstream, String name, String kind, String digest) {
        String link = CacheKey.link(mirror.url.getOrigin(), upstream, name, kind, digest);
        // a link states a fact that never becomes false: once known here, it needs no second cache lookup
        Isolate.get().links.hold(link, Double.POSITIVE_INFINITY);
        Headers headers = new Headers();
        headers.set("cache-control", CachePolicy.IMMUTABLE);
        EdgeCache.put(mirror.ctx, link, new Response("", RegistryProxy.init(200, headers)));
    }

    private void remember(String digest, String mediaType) {
        Headers entry = new Headers();
        entry.set("docker-content-digest", digest);
        if (mediaType != null) {
            entry.set(MEDIA_TYPE, mediaType);
        }
        entry.set(RESOLVED, MirrorIdentity.nowText());
        entry.set("cache-control", CachePolicy.tagCacheControl(config.tagTtlSeconds, config.staleIfErrorSeconds));
        EdgeCache.put(mirror.ctx, tagKey, new Response("", RegistryProxy.init(200, entry)));
        linkHere(mirror, proxy.registry.host, route.name(), CacheKey.MANIFESTS, digest);
    }

    private Promise<Response> manifest(String digest) {
        String key = key(CacheKey.MANIFESTS, digest);
        return EdgeCache.match(key, null).flatThen(hit -> {
            if (hit != null) {
                // a tag resolved under this repository just now, or a link, vouches for the digest here
                return route.tag() != null ? Promise.resolve(hit(hit, "HIT"))
                        : servedHere(hit, CacheKey.MANIFESTS, digest, "HIT");
            }
            prepareMiss(digest, key);
            return shared(manifestFlight(digest), () -> route.tag() == null
                    ? proxy.exchange(route.upstreamPath(), mirror.method)
                    : proxy.send("/v2/" + route.name() + "/manifests/" + digest, mirror.method)
                            .flatThen(this::byDigest, proxy::unreachable));
        });
    }

    /**
     * {@code fetch}'s answer, or (when a concurrent request of this isolate is making the same request) that one's:
     * a manifest or an error is read whole anyway, so holding it costs no JavaScript per byte of a layer.
     */
    private Promise<Response> shared(String flight, Fallback fetch) {
        if (!proxy.shareable()) {
            return fetch.get();
        }
        InFlight<HeldAnswer.Value> manifests = Isolate.get().manifests;
        Promise<HeldAnswer.Value> running = manifests.running(flight, config.sharedWaitMillis());
        if (running != null) {
            return follow(manifests, flight, running, () -> fetch.get().flatThen(HeldAnswer::of),
                    "the upstream's answer to a concurrent request",
                    "a concurrent request's upstream answer did not come in time");
        }
        return lead(manifests, flight, fetch.get().flatThen(HeldAnswer::of)).then(HeldAnswer::response);
    }

    /**
     * What makes two requests for a manifest by digest the same upstream request with the same answer: the mirror's
     * own origin (the answer's challenge names its realm), method, upstream, repository, digest, the tag it was
     * resolved from (which decides the fallback of {@link #byDigest}), the query, the {@code Accept} sent upstream,
     * and the client's {@code Origin} (the answer's CORS).
     */
    private String manifestFlight(String digest) {
        String accept = proxy.upstreamAccept != null ? proxy.upstreamAccept : mirror.request.getHeaders().get("accept");
        String from = mirror.request.getHeaders().get("origin");
        return origin + " " + mirror.method + " " + proxy.registry.host + " " + route.name() + " " + digest + " "
                + (route.tag() != null ? route.tag() : "") + proxy.pull.search + "\n" + (accept != null ? accept : "")
                + "\n" + (from != null ? from : "");
    }

    /**
     * The manifest a tag resolved to, fetched by its digest. A registry that converts manifests for old
     * clients (distribution's schema1 for an Accept without schema2) names a digest it cannot serve:
     * then the tag is fetched as it is, and nothing is stored.
     */
    private Promise<Response> byDigest(Response answer) {
        if (answer.getStatus() != 404) {
            return proxy.relay(answer);
        }
        proxy.drop(answer);
        proxy.storeKey = null;
        proxy.expectedDigest = null;
        return proxy.bypass("the tag's digest is not served by digest (a converted manifest)");
    }

    /** Not in the cache: the request upstream, stored under {@code storeKey} (or not, when null) if it verifies. */
    private Promise<Response> miss(String digest, String storeKey) {
        prepareMiss(digest, storeKey);
        return proxy.exchange(route.upstreamPath(), mirror.method);
    }

    private void prepareMiss(String digest, String storeKey) {
        proxy.mirror.log.cache("MISS");
        proxy.storeKey = storeKey;
        proxy.expectedDigest = digest;
    }

    /** The blob entry that {@code mark} names, or null (none, or what is left of another, failed fill). */
    private Promise<Response> stored(String key, String range, Response mark) {
        String id = mark.getHeaders().get(RegistryProxy.FILL);
        Upstream.discard(mark);
        return EdgeCache.match(key, range).then(hit -> {
            if (hit != null && hit.getStatus() == 416) {
                return hit; // a range outside the blob the mark vouches for
            }
            if (hit == null || id == null || !id.equals(hit.getHeaders().get(RegistryProxy.FILL))) {
                if (hit != null) {
                    Upstream.discard(hit);
                    WorkerGlobalScope.logError("hubmirror: a cached blob is not the one its mark names: " + key);
                }
                return null;
            }
            return hit;
        });
    }

    /** A stored answer: its registry headers, the mirror's own, and its body unless the client sent HEAD. */
    private Response hit(Response stored, String status) {
        proxy.mirror.log.cache(status);
        if (stored.getStatus() == 416) {
            Headers range = ForwardedHeaders.pick(stored.getHeaders(), new String[] {"content-range"});
            Upstream.discard(stored);
            return proxy.replies.error(RegistryError.of(ErrorCode.RANGE_INVALID,
                    "the requested range is outside the blob", null), range);
        }
        return proxy.replies.cached(stored, mirror.method.equals("HEAD"), route.kind() == RegistryRoute.Kind.BLOB);
    }
}
