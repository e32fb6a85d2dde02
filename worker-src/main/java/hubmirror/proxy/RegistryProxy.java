package hubmirror.proxy;

import hubmirror.registry.AuthChallenge;
import hubmirror.registry.BlobDeadline;
import hubmirror.registry.CacheKey;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.ErrorCode;
import hubmirror.registry.HeaderPolicy;
import hubmirror.registry.LinkHeader;
import hubmirror.registry.MirrorToken;
import hubmirror.registry.Reference;
import hubmirror.registry.RegistryError;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.TokenRealm;
import hubmirror.registry.Tokens;
import hubmirror.registry.UpstreamError;
import hubmirror.workers.Crypto;
import hubmirror.workers.Headers;
import hubmirror.workers.Hex;
import hubmirror.workers.Promise;
import hubmirror.workers.ReadableStream;
import hubmirror.workers.Response;
import hubmirror.workers.ResponseInit;
import hubmirror.workers.StringPrototype;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSError;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * {@code /v2/…}: checks the request, sends it upstream, and hands the answer back: only the registry's
 * headers, the challenge rebuilt with the mirror's realm, small bodies read whole within the timeout
 * (and checked against their digest), blobs moved by the runtime ({@link BlobRelay}, {@link BlobFill}). A client that did not log in
 * (no credentials, or the mirror's own anonymous token) is pulled for with the mirror's identity
 * ({@link MirrorIdentity}) and served through the cache ({@link CachedPull}); a client's own credentials go
 * upstream untouched and nothing of that exchange is cached. Every answer says which in {@code X-Cache}.
 */
final class RegistryProxy {
    static final String ALLOW = "GET, HEAD";
    /** Manifests are at most 4 MiB in distribution; tag lists and error bodies are far smaller. */
    private static final int MAX_SMALL_BODY = 4 << 20;
    private static final String[] CHALLENGE = {"www-authenticate"};
    private static final String[] STORED_BLOB_HEADERS = {"content-type", "content-length"};
    private static final String[] STORED_MANIFEST_HEADERS = {"content-type"};
    /** Which fill stored a blob entry; its mark ({@link CachedPull#markOf}) names the one that completed. */
    static final String FILL = "x-hubmirror-fill";
    private static final String[] RATE_LIMIT_HEADERS = {
        "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after", "docker-ratelimit-source"
    };

    final Mirror mirror;
    final Replies replies;
    /** The request as admitted: its upstream, route and query (the pipeline's first value). */
    final PullRequest pull;
    /** The upstream the request names (path prefix, {@code ns}, subdomain, or Docker Hub). */
    final UpstreamState registry;
    final RegistryRoute route;
    /** What of the client's Authorization goes upstream (its own credentials for this upstream), or null. */
    private String clientAuthorization;
    /** The mirror's identity while it pulls for an anonymous client, for challenges after a redirect. */
    private MirrorIdentity identity;
    private boolean hopAnswered;
    /** What goes upstream of the client's request headers: see {@link #headers()}. */
    private Headers headers;
    private boolean headersMade;
    /** Why {@link #send} failed when a header was too long to go upstream. */
    private JSObject tooLong;
    private Upstream upstream;
    /** No credentials, or the mirror's anonymous token: the mirror's identity, and the cache. */
    private boolean anonymous;
    /**
     * The {@code Accept} sent upstream in place of the client's ({@link hubmirror.registry.ManifestAccept}'s
     * normal form, which keys a cached tag), or null for the client's own.
     */
    String upstreamAccept;
    /** Where a verified answer is stored (a Cache API key), or null. */
    String storeKey;
    /** The digest the answer must hash to: the request's, or the one its tag resolved to. */
    String expectedDigest;

    RegistryProxy(Mirror mirror, PullRequest pull) {
        this.mirror = mirror;
        this.replies = mirror.replies;
        this.pull = pull;
        this.registry = pull.registry;
        this.route = pull.route;
    }

    /** The steps after admission: policy, then the client's credentials, then the content or the upstream. */
    Promise<Response> handle() {
        if (mirror.clientRefused) {
            return route.kind() == RegistryRoute.Kind.BASE ? Promise.resolve(ownChallenge()) : replies.refuse(Mirror.clientRefusal());
        }
        RegistryError refusal = pull.policyRefusal(mirror.config);
        if (refusal != null) {
            return replies.refuse(refusal);
        }
        if (route.kind() == RegistryRoute.Kind.BLOB_UPLOAD) {
            return replies.refuseMethod(ALLOW, "this mirror is pull-only: uploads are not allowed",
                    "pushes go to the registry itself");
        }
        expectedDigest = route.digest();
        String authorization = mirror.request.getHeaders().get("authorization");
        if (mirror.config.users != null) {
            return privateMirror(authorization);
        }
        return answer(authorization);
    }

    /**
     * With {@code MIRROR_USERS}: a token the mirror signed, valid and for this repository, is pulled for with the
     * mirror's identity; with {@code LOGIN_PASSTHROUGH=true} a client's own upstream token still goes upstream;
     * anything else gets the mirror's challenge (so {@code docker login <host>} is asked for).
     */
    private Promise<Response> privateMirror(String authorization) {
        if (mirror.carriesMirrorToken()) {
            return mirror.mirrorClaims().flatThen(claims -> {
                if (claims == null) {
                    return Promise.resolve(loginChallenge("invalid_token"));
                }
                if (route.name() != null && !SignedTokens.allows(claims, registry.name() + "/" + route.name())) {
                    return Promise.resolve(loginChallenge("insufficient_scope"));
                }
                mirror.log.user(claims.getUser());
                return route.kind() == RegistryRoute.Kind.BASE ? Promise.resolve(apiVersion()) : answer(null);
            });
        }
        if (mirror.config.loginPassthrough && MirrorToken.forUpstream(authorization, registry.name(), pull.hostRegistry) != null) {
            return answer(authorization);
        }
        return Promise.resolve(loginChallenge(null));
    }

    /** The mirror's own challenge for its users: its realm for this upstream, a pull scope, and why (or not). */
    private Response loginChallenge(String error) {
        AuthChallenge challenge = AuthChallenge.of("Bearer")
                .with("realm", mirror.url.getOrigin() + TokenRealm.mirrorPath(registry.name(), 0))
                .with("service", "hubmirror");
        if (route.name() != null) {
            challenge = challenge.with("scope", "repository:" + route.name() + ":pull");
        }
        if (error != null) {
            challenge = challenge.with("error", error);
        }
        Headers out = new Headers();
        out.set("www-authenticate", challenge.toString());
        return replies.error(RegistryError.of(ErrorCode.UNAUTHORIZED, error == null ? "log in to this mirror first: docker login "
                + mirror.url.getHost() : error.equals("invalid_token") ? "the mirror's token is not valid (expired, or not the "
                + "mirror's); log in again" : "the mirror's token does not cover this repository", null), out);
    }

    /** How the request is answered once the client's credentials are sorted out (null: none that go upstream). */
    private Promise<Response> answer(String authorization) {
        clientAuthorization = MirrorToken.forUpstream(authorization, registry.name(), pull.hostRegistry);
        anonymous = clientAuthorization == null;
        if (anonymous && !MirrorToken.isAnonymous(authorization)) {
            mirror.log.note("credentials that are not for " + registry.name() + " stayed here (a login at this host is for "
                    + pull.hostRegistry + "); pulled anonymously");
        }
        Promise<Response> answer;
        if (!anonymous) {
            answer = bypass("the client's own credentials");
        } else if (route.kind() == RegistryRoute.Kind.BASE) {
            answer = authorization != null ? Promise.resolve(apiVersion()) : ping();
        } else if (route.kind() == RegistryRoute.Kind.MANIFEST || route.kind() == RegistryRoute.Kind.BLOB) {
            answer = new CachedPull(this).handle();
        } else {
            answer = bypass("only manifests and blobs are cached");
        }
        return answer;
    }

    /** Sends the request upstream as it is, noting why the cache has no part in it. */
    Promise<Response> bypass(String reason) {
        mirror.log.cache("BYPASS");
        mirror.log.note(reason);
        return exchange(route.upstreamPath(), mirror.method);
    }

    /** {@code path} upstream (with the mirror's identity for an anonymous client), relayed back. */
    Promise<Response> exchange(String upstreamPath, String method) {
        return send(upstreamPath, method).flatThen(this::relay, this::unreachable);
    }

    /**
     * The client's headers that go upstream (by allowlist; without its Authorization when it is the mirror's
     * anonymous token), made on first use: a cache hit sends nothing upstream. Null when one is longer than
     * any registry client sends.
     */
    private Headers headers() {
        if (!headersMade) {
            headersMade = true;
            headers = ForwardedHeaders.from(mirror.request.getHeaders());
            if (headers != null && anonymous) {
                headers.remove("authorization");
            } else if (headers != null) {
                headers.set("authorization", clientAuthorization);
            }
            if (headers != null && upstreamAccept != null) {
                // what a cached tag is keyed on is exactly what the upstream is asked with
                if (upstreamAccept.isEmpty()) {
                    headers.remove("accept");
                } else {
                    headers.set("accept", upstreamAccept);
                }
            }
        }
        return headers;
    }

    /**
     * Whether this request's upstream answer is the same for every client that asks it, so that concurrent
     * requests may share it ({@link InFlight}): its headers can go upstream, and none of them is a condition or a
     * range particular to this client.
     */
    boolean shareable() {
        Headers headers = headers();
        if (headers == null) {
            return false;
        }
        String[] entries = Headers.entries(headers);
        for (int i = 0; i < entries.length; i += 2) {
            if (HeaderPolicy.isConditional(entries[i])) {
                return false;
            }
        }
        return true;
    }

    private Response headerTooLong() {
        return replies.error(new RegistryError(ErrorCode.TOO_LARGE, 400, "a request header is too long",
                "at most " + HeaderPolicy.MAX_HEADER_LENGTH + " characters each"));
    }

    /** The upstream's first answer (before redirects) to {@code method path}. */
    Promise<Response> send(String upstreamPath, String method) {
        Headers headers = headers();
        if (headers == null) {
            tooLong = new JSError("a request header is too long");
            return Promise.reject(tooLong);
        }
        String target = StringPrototype.concat(registry.entry.registry(), upstreamPath, pull.search);
        if (!anonymous) {
            upstream = new Upstream(mirror.config.upstreamTimeoutMillis);
            return upstream.send(target, method, headers, null);
        }
        MirrorIdentity identity = new MirrorIdentity(mirror.config, registry, route.name(), headers);
        this.identity = identity;
        boolean counted = method.equals("GET") && route.kind() == RegistryRoute.Kind.MANIFEST;
        Promise<Response> answer = identity.send(target, method, counted);
        upstream = identity.current();
        return answer.then(response -> {
            upstream = identity.current();
            return response;
        });
    }


    /**
     * {@code GET /v2/} of a client without credentials: the upstream's challenge, with the mirror's realm,
     * tells clients to ask the mirror for tokens. When the upstream cannot say it, the mirror does.
     */
    private Promise<Response> ping() {
        Headers headers = headers();
        if (headers == null) {
            return Promise.resolve(headerTooLong());
        }
        upstream = new Upstream(mirror.config.upstreamTimeoutMillis);
        String target = registry.entry.registry() + route.upstreamPath();
        return upstream.send(target, mirror.method, headers, null).flatThen(answer -> {
            int status = answer.getStatus();
            if (status == 429 || status >= 500) {
                drop(answer);
                return Promise.resolve(ownChallenge());
            }
            return relay(answer);
        }, failure -> {
            WorkerGlobalScope.logError("hubmirror: the upstream registry: " + WorkerGlobalScope.describe(failure));
            return settled(ownChallenge());
        });
    }

    private Response ownChallenge() {
        Headers out = new Headers();
        out.set("www-authenticate", AuthChallenge.of("Bearer")
                .with("realm", mirror.url.getOrigin() + TokenRealm.mirrorPath(registry.name(), 0))
                .with("service", registry.host).toString());
        return replies.error(RegistryError.of(ErrorCode.UNAUTHORIZED, "authentication required",
                "ask the mirror's token endpoint for a token"), out);
    }

    /** {@code GET /v2/} with the mirror's token: the API is there; nothing to ask the upstream. */
    private Response apiVersion() {
        Headers out = new Headers();
        out.set("content-type", Replies.JSON);
        out.set("docker-distribution-api-version", "registry/2.0");
        return replies.text(200, "{}", Replies.secure(out));
    }

    /** Follows the upstream's redirects, then answers from where they end. */
    Promise<Response> relay(Response answer) {
        String remaining = answer.getHeaders().get("ratelimit-remaining");
        if (remaining != null) {
            mirror.log.upstreamRemaining(remaining);
        }
        if (Upstream.isRedirect(answer.getStatus())) {
            String refusal = upstream.refusal(answer);
            if (refusal != null) {
                return fail(answer, new RegistryError(ErrorCode.UNAVAILABLE, 502, refusal, null));
            }
            return upstream.follow(answer).flatThen(this::relay, this::unreachable);
        }
        int status = answer.getStatus();
        if (status == 401 && identity != null && upstream.hops() > 0 && !hopAnswered) {
            // a registry the upstream redirected to (registry.k8s.io → *-docker.pkg.dev) asks for its own token
            hopAnswered = true;
            return identity.answerHop(upstream, answer).flatThen(this::relay, this::unreachable);
        }
        if (status == 429) {
            return settled(tooManyRequests(answer));
        }
        Headers headers = relayedHeaders(answer);
        if (headers == null) {
            return fail(answer, new RegistryError(ErrorCode.UNAVAILABLE, 502, "the upstream registry sent an "
                    + "authentication challenge the mirror does not understand or trust", null));
        }
        // an error page that is not the registry's JSON, or an error with no body where the client wants one (a
        // HEAD sent upstream for a client's GET): the registry's error, written from the status
        if (status >= 400 && (!UpstreamError.isJson(answer.getHeaders().get("content-type"))
                || answer.getBody() == null && !mirror.method.equals("HEAD"))) {
            drop(answer);
            return Promise.resolve(replies.error(UpstreamError.forStatus(route.kind(), status),
                    ForwardedHeaders.pick(headers, CHALLENGE)));
        }
        if (answer.getBody() == null) {
            return settled(replies.relay(answer, headers));
        }
        if (route.kind() == RegistryRoute.Kind.BLOB && (status == 200 || status == 206)) {
            return settled(streamBlob(answer, headers));
        }
        return upstream.readBody(answer, MAX_SMALL_BODY)
                .flatThen(body -> verified(answer, headers, body), this::unreachable);
    }

    /**
     * The upstream's headers that a registry client reads, the challenge rebuilt around the mirror's realm,
     * and the mirror's own: nothing in a registry answer is for a browser to render or a cache to keep.
     * Null when the challenge is not one the mirror can pass on.
     */
    private Headers relayedHeaders(Response answer) {
        Headers from = answer.getHeaders();
        Headers out = ForwardedHeaders.filter(from, HeaderPolicy::relayToClient);
        String challenge = from.get("www-authenticate");
        if (challenge != null) {
            String rewritten = TokenRealm.rewriteChallenge(challenge, mirror.url.getOrigin(), registry.name(),
                    registry.entry.realms(), registry.entry.library());
            if (rewritten == null) {
                WorkerGlobalScope.logError("hubmirror: refused upstream challenge: " + challenge);
                return null;
            }
            out.set("www-authenticate", rewritten);
        }
        if (from.has("content-encoding")) {
            // workerd decodes the body as it is read: the upstream's length is the encoded one
            out.remove("content-length");
        }
        String link = from.get("link");
        String next = link == null ? null : LinkHeader.rewrite(link, registry.entry.registry(), pull.prefix);
        if (next != null) {
            out.set("link", next);
        }
        Replies.secure(out);
        return out;
    }

    /** A small body, read whole: when a digest names it, only bytes that hash to it are answered. */
    private Promise<Response> verified(Response answer, Headers headers, ArrayBuffer body) {
        String digest = expectedDigest;
        if (digest == null && route.kind() == RegistryRoute.Kind.MANIFEST && answer.getStatus() == 200) {
            digest = answer.getHeaders().get("docker-content-digest");
        }
        // cheap next to reading the body (measured: no difference in bench/cpu.mjs), so always checked
        String algorithm = answer.getStatus() == 200 ? Reference.webCryptoAlgorithm(digest) : null;
        if (algorithm == null) {
            return Promise.resolve(replies.bytes(answer, headers, body));
        }
        String expected = Reference.hex(digest);
        String named = digest;
        return Crypto.subtle().digest(algorithm, body).then(hash -> {
            if (!Hex.of(hash).equals(expected)) {
                return replies.error(new RegistryError(ErrorCode.UNAVAILABLE, 502,
                        "the upstream registry sent a manifest that does not match its digest; try again", null));
            }
            if (storeKey != null && named.equals(expectedDigest) && mirror.method.equals("GET")) {
                store(headers, body, named);
            }
            return replies.bytes(answer, headers, body);
        });
    }

    /** A verified manifest, kept under its digest with the headers a client needs from it. */
    private void store(Headers relayed, ArrayBuffer body, String digest) {
        Headers kept = entryHeaders(relayed, STORED_MANIFEST_HEADERS, digest);
        kept.set("content-length", String.valueOf(body.getByteLength()));
        EdgeCache.put(mirror.ctx, storeKey, new Response(body, init(200, kept)));
        if (route.tag() == null) {
            // (a tag's resolution under this repository wrote the link already)
            CachedPull.linkHere(mirror, registry.host, route.name(), CacheKey.MANIFESTS, digest);
        }
    }

    /** What a content entry keeps: the registry headers named, its digest, and that it never changes. */
    private static Headers entryHeaders(Headers relayed, String[] names, String digest) {
        Headers kept = ForwardedHeaders.pick(relayed, names);
        kept.set("docker-content-digest", digest);
        kept.set("cache-control", CachePolicy.IMMUTABLE);
        return kept;
    }

    static ResponseInit init(int status, Headers headers) {
        ResponseInit init = ResponseInit.create();
        init.setStatus(status);
        init.setHeaders(headers);
        return init;
    }

    /**
     * A blob's body, moved by the runtime: handed on as it is, under the blob's deadline ({@link BlobRelay}); an
     * anonymous whole GET is stored by a second fetch ({@link BlobFill}). Only a body without a length (rare:
     * every registry and CDN the mirror knows sends one) takes the JS guard ({@link BodyGuard}).
     */
    private Response streamBlob(Response answer, Headers headers) {
        String digest = route.digest();
        boolean whole = answer.getStatus() == 200 && mirror.method.equals("GET");
        String algorithm = whole ? Reference.webCryptoAlgorithm(digest) : null;
        double length = contentLength(headers.get("content-length"));
        headers.set("content-type", "application/octet-stream");
        if (length < 0) {
            ReadableStream body = BodyGuard.watch(answer.getBody(), mirror.config.idleTimeoutMillis, algorithm,
                    algorithm != null ? Reference.hex(digest) : null, upstream.controller());
            if (storeKey != null) {
                mirror.log.note("not cached: a blob without a length");
            }
            return replies.stream(answer, body, headers);
        }
        int deadline = BlobDeadline.millis(length, mirror.config.idleTimeoutMillis, mirror.config.blobMinRate);
        if (storeKey != null) {
            if (answer.getStatus() == 200) {
                CachedPull.linkHere(mirror, registry.host, route.name(), CacheKey.BLOBS, digest);
            }
            fill(answer.getStatus(), length, headers, digest, algorithm);
        }
        return replies.stream(answer, BlobRelay.bounded(answer.getBody(), length, deadline), headers);
    }

    /** Stores the blob from a second fetch after the answer has gone, when it may be stored and is not already. */
    private void fill(int status, double length, Headers headers, String digest, String algorithm) {
        if (algorithm == null || !CachePolicy.storesBlob(status, mirror.method, mirror.request.getHeaders().has("range"),
                length)) {
            mirror.log.note("not cached: " + (length > CachePolicy.MAX_OBJECT_BYTES ? "larger than the Cache API's 512 MB"
                    : "not a whole blob"));
            return;
        }
        if (!CachePolicy.cacheWorksOn(mirror.url.getHostname()) || !EdgeCache.mayFill()) {
            mirror.log.note("not cached: the Cache API stores nothing here (*.workers.dev, or no cache service)");
            return;
        }
        if (BlobFill.isRunning(storeKey)) {
            mirror.log.note("not cached by this request: a fill of the blob is under way");
            return;
        }
        Headers kept = entryHeaders(headers, STORED_BLOB_HEADERS, digest);
        String id = Crypto.randomUUID();
        kept.set(FILL, id);
        Headers mark = new Headers();
        mark.set(FILL, id);
        mark.set("cache-control", CachePolicy.IMMUTABLE);
        BlobFill fill = new BlobFill(storeKey, CachedPull.markOf(storeKey), kept, mark, length, algorithm,
                Reference.hex(digest), mirror.config.verifyBlobDigest,
                BlobDeadline.fillMillis(length, mirror.config.idleTimeoutMillis, mirror.config.blobMinRate));
        Promise<JSUndefined> stored = fill.start(upstream.url(), upstream.refetchHeaders());
        if (mirror.ctx != null) {
            mirror.ctx.waitUntil(stored);
        }
    }

    /** Docker Hub's pull quota is per IP, and every Worker shares Cloudflare's. */
    private Response tooManyRequests(Response answer) {
        Headers headers = ForwardedHeaders.pick(answer.getHeaders(), RATE_LIMIT_HEADERS);
        Upstream.discard(answer);
        String host = mirror.url.getHost();
        boolean hub = registry.entry.library();
        RegistryError error = RegistryError.of(ErrorCode.TOOMANYREQUESTS,
                "the upstream registry's pull rate limit for this mirror is used up; wait until it resets"
                        + " (see Retry-After and RateLimit-Reset)" + (hub ? ", or run `docker login " + host
                        + "` with a Docker Hub account so pulls count against your own quota" : ""),
                registry.name() + " answered 429 Too Many Requests");
        return replies.error(error, headers);
    }

    private Promise<Response> fail(Response answer, RegistryError error) {
        drop(answer);
        return Promise.resolve(replies.error(error));
    }

    /** An answer nobody will read: its connection freed, the exchange's timer stopped. */
    void drop(Response answer) {
        Upstream.discard(answer);
        settle();
    }

    Promise<Response> unreachable(JSObject failure) {
        if (failure == tooLong) {
            return Promise.resolve(headerTooLong());
        }
        return settled(replies.unreachable(failure, "the upstream registry"));
    }

    /** The answer needs nothing more from the upstream within the exchange's time: its timer stops. */
    Promise<Response> settled(Response response) {
        settle();
        return Promise.resolve(response);
    }

    void settle() {
        if (upstream != null) {
            upstream.settled();
        }
    }

    /** A Content-Length value, or -1 when absent or not a plain number. */
    static double contentLength(String value) {
        return Tokens.unsignedDecimal(value, 15);
    }
}
