package hubmirror.proxy;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.HeaderPolicy;
import hubmirror.registry.LinkHeader;
import hubmirror.registry.Reference;
import hubmirror.registry.RegistryError;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.TokenRealm;
import hubmirror.registry.Tokens;
import hubmirror.registry.UpstreamError;
import hubmirror.workers.Crypto;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.ReadableStream;
import hubmirror.workers.Response;
import hubmirror.workers.StringPrototype;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * {@code /v2/…}: checks the request, sends it upstream, and hands the answer back: only the registry's
 * headers, the challenge rebuilt with the mirror's realm, small bodies read whole within the timeout
 * (and checked against their digest), blobs streamed under {@link BodyGuard}.
 */
final class RegistryProxy {
    static final String ALLOW = "GET, HEAD";
    /** Manifests are at most 4 MiB in distribution; tag lists and error bodies are far smaller. */
    private static final int MAX_SMALL_BODY = 4 << 20;
    private static final String[] CHALLENGE = {"www-authenticate"};
    private static final String[] RATE_LIMIT_HEADERS = {
        "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after", "docker-ratelimit-source"
    };

    private final Mirror mirror;
    private final Replies replies;
    private RegistryRoute route;
    private Upstream upstream;

    RegistryProxy(Mirror mirror) {
        this.mirror = mirror;
        this.replies = mirror.replies;
    }

    Promise<Response> handle(String path) {
        if (!RegistryRoute.isReadMethod(mirror.method)) {
            return replies.refuseMethod(ALLOW, "this mirror is pull-only: " + mirror.method + " is not allowed",
                    "pushes and deletes go to the registry itself");
        }
        route = RegistryRoute.parse(path);
        if (route.error() != null) {
            return replies.refuse(route.error());
        }
        if (route.kind() == RegistryRoute.Kind.BLOB_UPLOAD) {
            return replies.refuseMethod(ALLOW, "this mirror is pull-only: uploads are not allowed",
                    "pushes go to the registry itself");
        }
        Headers headers = ForwardedHeaders.from(mirror.request.getHeaders());
        if (headers == null) {
            return replies.refuse(new RegistryError(ErrorCode.UNSUPPORTED, 400, "a request header is too long",
                    "at most " + HeaderPolicy.MAX_HEADER_LENGTH + " characters each"));
        }
        String target = StringPrototype.concat(mirror.config.upstreamRegistry, route.upstreamPath(), mirror.url.getSearch());
        upstream = new Upstream(mirror.config.upstreamTimeoutMillis);
        return upstream.send(target, mirror.method, headers, null).flatThen(this::relay, this::unreachable);
    }

    /** Follows the upstream's redirects, then answers from where they end. */
    private Promise<Response> relay(Response answer) {
        if (Upstream.isRedirect(answer.getStatus())) {
            String refusal = upstream.refusal(answer);
            if (refusal != null) {
                return fail(answer, new RegistryError(ErrorCode.UNAVAILABLE, 502, refusal, null));
            }
            return upstream.follow(answer).flatThen(this::relay, this::unreachable);
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
        if (status >= 400 && !UpstreamError.isJson(answer.getHeaders().get("content-type"))) {
            Headers kept = ForwardedHeaders.pick(headers, CHALLENGE);
            Upstream.discard(answer);
            return settled(replies.error(UpstreamError.forStatus(route.kind(), status), kept));
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
            String rewritten = TokenRealm.rewriteChallenge(challenge, mirror.url.getOrigin(), mirror.config.realms);
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
        String next = link == null ? null : LinkHeader.rewrite(link, mirror.config.upstreamRegistry);
        if (next != null) {
            out.set("link", next);
        }
        Replies.secure(out);
        return out;
    }

    /** A small body, read whole: when a digest names it, only bytes that hash to it are answered. */
    private Promise<Response> verified(Response answer, Headers headers, ArrayBuffer body) {
        String digest = route.digest();
        if (digest == null && route.kind() == RegistryRoute.Kind.MANIFEST && answer.getStatus() == 200) {
            digest = answer.getHeaders().get("docker-content-digest");
        }
        // cheap next to reading the body (measured: no difference in bench/cpu.mjs), so always checked
        String algorithm = answer.getStatus() == 200 ? Reference.webCryptoAlgorithm(digest) : null;
        if (algorithm == null) {
            return Promise.resolve(replies.bytes(answer, headers, body));
        }
        String expected = Reference.hex(digest);
        return Crypto.subtle().digest(algorithm, body).then(hash -> hex(hash).equals(expected)
                ? replies.bytes(answer, headers, body)
                : replies.error(new RegistryError(ErrorCode.UNAVAILABLE, 502,
                        "the upstream registry sent a manifest that does not match its digest; try again", null)));
    }

    private Response streamBlob(Response answer, Headers headers) {
        String digest = route.digest();
        boolean whole = answer.getStatus() == 200 && mirror.method.equals("GET");
        String algorithm = whole ? Reference.webCryptoAlgorithm(digest) : null;
        double length = contentLength(headers.get("content-length"));
        headers.set("content-type", "application/octet-stream");
        if (mirror.config.idleTimeoutMillis == 0 && (length >= 0 || algorithm == null)) {
            // nothing to watch for: workerd pipes the body natively (and fails a body short of its length)
            return replies.relay(answer, headers);
        }
        ReadableStream body = BodyGuard.watch(answer.getBody(), mirror.config.idleTimeoutMillis, length, algorithm,
                algorithm != null ? Reference.hex(digest) : null, upstream.controller());
        return replies.stream(answer, body, headers);
    }

    /** Docker Hub's pull quota is per IP, and every Worker shares Cloudflare's. */
    private Response tooManyRequests(Response answer) {
        Headers headers = ForwardedHeaders.pick(answer.getHeaders(), RATE_LIMIT_HEADERS);
        Upstream.discard(answer);
        String host = mirror.url.getHost();
        RegistryError error = RegistryError.of(ErrorCode.TOOMANYREQUESTS,
                "the upstream registry's pull rate limit for this mirror is used up; wait until it resets"
                        + " (see Retry-After and RateLimit-Reset), or run `docker login " + host + "` with a"
                        + " Docker Hub account so pulls count against your own quota",
                "upstream answered 429 Too Many Requests");
        return replies.error(error, headers);
    }

    private Promise<Response> fail(Response answer, RegistryError error) {
        Upstream.discard(answer);
        return settled(replies.error(error));
    }

    private Promise<Response> unreachable(JSObject failure) {
        return settled(replies.unreachable(failure, "the upstream registry"));
    }

    /** The answer needs nothing more from the upstream within the exchange's time: its timer stops. */
    private Promise<Response> settled(Response response) {
        upstream.settled();
        return Promise.resolve(response);
    }

    /** A Content-Length value, or -1 when absent or not a plain number. */
    static double contentLength(String value) {
        return Tokens.unsignedDecimal(value, 15);
    }

    @JSBody(params = "buffer", script = "return Array.from(new Uint8Array(buffer), function (b) {"
            + " return (b < 16 ? '0' : '') + b.toString(16); }).join('');")
    private static native String hex(ArrayBuffer buffer);
}
