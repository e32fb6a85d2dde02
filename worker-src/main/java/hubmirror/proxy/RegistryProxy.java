package hubmirror.proxy;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.HeaderPolicy;
import hubmirror.registry.RegistryError;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.TokenRealm;
import hubmirror.workers.Headers;
import hubmirror.workers.Response;
import hubmirror.workers.Promise;
import hubmirror.workers.StringPrototype;
import org.teavm.jso.JSObject;

/** {@code /v2/…}: checks the request, sends it upstream, and hands the answer back with the mirror's realm. */
final class RegistryProxy {
    private static final String[] RATE_LIMIT_HEADERS = {
        "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after", "docker-ratelimit-source"
    };

    private final Mirror mirror;
    private final Replies replies;
    private Upstream upstream;

    RegistryProxy(Mirror mirror) {
        this.mirror = mirror;
        this.replies = mirror.replies;
    }

    Promise<Response> handle(String path) {
        if (!RegistryRoute.isReadMethod(mirror.method)) {
            return replies.refuse(RegistryError.of(ErrorCode.UNSUPPORTED, "this mirror is pull-only: "
                    + mirror.method + " is not allowed", "pushes and deletes go to the registry itself"));
        }
        RegistryRoute route = RegistryRoute.parse(path);
        if (route.error() != null) {
            return replies.refuse(route.error());
        }
        if (route.kind() == RegistryRoute.Kind.BLOB_UPLOAD) {
            return replies.refuse(RegistryError.of(ErrorCode.UNSUPPORTED, "this mirror is pull-only: uploads are not"
                    + " allowed", "pushes go to the registry itself"));
        }
        Headers headers = ForwardedHeaders.from(mirror.request.getHeaders());
        if (headers == null) {
            return replies.refuse(new RegistryError(ErrorCode.UNSUPPORTED, 400, "a request header is too long",
                    "at most " + HeaderPolicy.MAX_HEADER_LENGTH + " characters each"));
        }
        String target = StringPrototype.concat(mirror.config.upstreamRegistry, route.upstreamPath(), mirror.url.getSearch());
        upstream = mirror.upstream(route.kind() == RegistryRoute.Kind.BLOB);
        return upstream.send(target, mirror.method, headers, null).flatThen(this::relay, this::unreachable);
    }

    /** Follows the upstream's redirects, then answers from where they end. */
    private Promise<Response> relay(Response answer) {
        Promise<Response> next = upstream.follow(answer);
        if (next != null) {
            return next.flatThen(this::relay, this::unreachable);
        }
        return Promise.resolve(answer(answer));
    }

    private Response answer(Response answer) {
        int status = answer.getStatus();
        if (Upstream.isRedirect(status)) {
            return replies.error(new RegistryError(ErrorCode.UNAVAILABLE, 502,
                    "the upstream registry redirected too often", "more than " + Upstream.MAX_REDIRECTS + " hops"));
        }
        if (status == 429) {
            return tooManyRequests(answer);
        }
        Headers headers = new Headers(answer.getHeaders());
        String challenge = headers.get("www-authenticate");
        if (challenge != null) {
            String rewritten = TokenRealm.rewriteChallenge(challenge, mirror.url.getOrigin(),
                    mirror.config.upstreamAuth);
            if (rewritten == null) {
                Upstream.discard(answer);
                return replies.error(new RegistryError(ErrorCode.UNAVAILABLE, 502,
                        "the upstream registry asks for tokens from a service this mirror does not trust",
                        "its realm is outside UPSTREAM_AUTH (" + mirror.config.upstreamAuth + ")"));
            }
            headers.set("www-authenticate", rewritten);
        }
        return replies.relay(answer, headers);
    }

    /** Docker Hub's pull quota is per IP, and every Worker shares Cloudflare's. */
    private Response tooManyRequests(Response upstream) {
        Headers headers = ForwardedHeaders.pick(upstream.getHeaders(), RATE_LIMIT_HEADERS);
        Upstream.discard(upstream);
        String host = mirror.url.getHost();
        RegistryError error = RegistryError.of(ErrorCode.TOOMANYREQUESTS,
                "the upstream registry's pull rate limit for this mirror is used up; wait until it resets"
                        + " (see Retry-After and RateLimit-Reset), or run `docker login " + host + "` with a"
                        + " Docker Hub account so pulls count against your own quota",
                "upstream answered 429 Too Many Requests");
        return replies.error(error, headers);
    }

    private Promise<Response> unreachable(JSObject failure) {
        return Promise.resolve(replies.unreachable(failure, "the upstream registry"));
    }
}
