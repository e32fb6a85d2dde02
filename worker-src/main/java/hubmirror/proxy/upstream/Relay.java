package hubmirror.proxy.upstream;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.http.ForwardedHeaders;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.v2.PullRequest;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.HeaderPolicy;
import hubmirror.registry.LinkHeader;
import hubmirror.registry.Reference;
import hubmirror.registry.RegistryError;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.TokenRealm;
import hubmirror.registry.UpstreamError;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * The upstream's answer, made the client's: redirects followed (through the {@link Exchange}), only the registry's
 * headers, the challenge rebuilt with the mirror's realm, a registry error where the upstream sent something else,
 * small bodies read whole within the exchange's time and checked against their digest, blobs moved by the runtime
 * ({@link BlobStream}). What of it is kept is the content step's business, not this one's.
 */
public final class Relay {
    /** Manifests are at most 4 MiB in distribution; tag lists and error bodies are far smaller. */
    private static final int MAX_SMALL_BODY = 4 << 20;
    private static final String[] CHALLENGE = {"www-authenticate"};
    private static final String[] RATE_LIMIT_HEADERS = {
        "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after", "docker-ratelimit-source"
    };

    private final Mirror mirror;
    private final PullRequest pull;
    private final RegistryRoute route;
    private final Exchange exchange;
    /** The digest a small answer must hash to; null: the one the route names, if any. */
    private final String digest;

    /** @param digest what a small answer must hash to (a tag's resolution), or null for the route's own digest */
    public Relay(Mirror mirror, PullRequest pull, Exchange exchange, String digest) {
        this.mirror = mirror;
        this.pull = pull;
        this.route = pull.route;
        this.exchange = exchange;
        this.digest = digest;
    }

    /** The request sent upstream as it is, noting why the cache has no part in it. */
    public static Promise<Response> bypass(Mirror mirror, PullRequest pull, Exchange exchange, String reason) {
        mirror.log.cache("BYPASS");
        mirror.log.note(reason);
        return new Relay(mirror, pull, exchange, null).exchange(pull.route.upstreamPath(), mirror.method);
    }

    /** {@code path} upstream, relayed back. */
    public Promise<Response> exchange(String upstreamPath, String method) {
        return exchange.send(upstreamPath, method).flatThen(this::answer, this::unreachable);
    }

    /** Follows the upstream's redirects, then answers from where they end. */
    public Promise<Response> answer(Response answer) {
        String remaining = answer.getHeaders().get("ratelimit-remaining");
        if (remaining != null) {
            mirror.log.upstreamRemaining(remaining);
        }
        if (Upstream.isRedirect(answer.getStatus())) {
            String refusal = exchange.redirectRefusal(answer);
            if (refusal != null) {
                return fail(answer, new RegistryError(ErrorCode.UNAVAILABLE, 502, refusal, null));
            }
            return exchange.follow(answer).flatThen(this::answer, this::unreachable);
        }
        if (exchange.asksAfterRedirect(answer)) {
            return exchange.answerHop(answer).flatThen(this::answer, this::unreachable);
        }
        int status = answer.getStatus();
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
            exchange.drop(answer);
            return Promise.resolve(mirror.replies.error(UpstreamError.forStatus(route.kind(), status),
                    ForwardedHeaders.pick(headers, CHALLENGE)));
        }
        if (answer.getBody() == null) {
            return settled(mirror.replies.relay(answer, headers));
        }
        if (route.kind() == RegistryRoute.Kind.BLOB && (status == 200 || status == 206)) {
            return settled(new BlobStream(mirror, pull, exchange.upstream()).stream(answer, headers));
        }
        return exchange.upstream().readBody(answer, MAX_SMALL_BODY)
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
        UpstreamState registry = pull.registry;
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
        String digest = this.digest != null ? this.digest : route.digest();
        if (digest == null && route.kind() == RegistryRoute.Kind.MANIFEST && answer.getStatus() == 200) {
            digest = answer.getHeaders().get("docker-content-digest");
        }
        // cheap next to reading the body (measured: no difference in bench/cpu.mjs), so always checked
        String algorithm = answer.getStatus() == 200 ? Reference.webCryptoAlgorithm(digest) : null;
        if (algorithm == null) {
            return Promise.resolve(mirror.replies.bytes(answer, headers, body));
        }
        return SmallBlob.Fields.hashesTo(body, digest).then(matches -> {
            if (!matches.booleanValue()) {
                return mirror.replies.error(new RegistryError(ErrorCode.UNAVAILABLE, 502,
                        "the upstream registry sent a manifest that does not match its digest; try again", null));
            }
            return mirror.replies.bytes(answer, headers, body);
        });
    }

    /** Docker Hub's pull quota is per IP, and every Worker shares Cloudflare's. */
    private Response tooManyRequests(Response answer) {
        Headers headers = ForwardedHeaders.pick(answer.getHeaders(), RATE_LIMIT_HEADERS);
        Upstream.discard(answer);
        String host = mirror.url.getHost();
        boolean hub = pull.registry.entry.library();
        RegistryError error = RegistryError.of(ErrorCode.TOOMANYREQUESTS,
                "the upstream registry's pull rate limit for this mirror is used up; wait until it resets"
                        + " (see Retry-After and RateLimit-Reset)" + (hub ? ", or run `docker login " + host
                        + "` with a Docker Hub account so pulls count against your own quota" : ""),
                pull.registry.name() + " answered 429 Too Many Requests");
        return mirror.replies.error(error, headers);
    }

    private Promise<Response> fail(Response answer, RegistryError error) {
        exchange.drop(answer);
        return Promise.resolve(mirror.replies.error(error));
    }

    /** The upstream could not be asked or broke off; or a header of the client's was too long to ask it with. */
    public Promise<Response> unreachable(JSObject failure) {
        if (exchange.isHeaderTooLong(failure)) {
            return Promise.resolve(headerTooLong(mirror.replies));
        }
        return settled(mirror.replies.unreachable(failure, "the upstream registry"));
    }

    public static Response headerTooLong(Replies replies) {
        return replies.error(new RegistryError(ErrorCode.TOO_LARGE, 400, "a request header is too long",
                "at most " + HeaderPolicy.MAX_HEADER_LENGTH + " characters each"));
    }

    /** The answer needs nothing more from the upstream within the exchange's time: its timer stops. */
    public Promise<Response> settled(Response response) {
        exchange.settle();
        return Promise.resolve(response);
    }
}
