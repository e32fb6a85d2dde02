package hubmirror.proxy.v2;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.auth.SignedTokens;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.content.CachedPull;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.upstream.Exchange;
import hubmirror.proxy.upstream.Relay;

import hubmirror.registry.AuthChallenge;
import hubmirror.registry.ErrorCode;
import hubmirror.registry.MirrorToken;
import hubmirror.registry.RegistryError;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.TokenPath;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.WorkerGlobalScope;

/**
 * {@code /v2/…} after admission: the policy (client rules, image rules, the private mirror's users), then the
 * client's credentials decide the way. A client that did not log in (no credentials, or the mirror's own anonymous
 * token) is pulled for with the mirror's identity and served through the content step ({@link CachedPull}); a
 * client's own credentials for this upstream go with the {@link Exchange} untouched and nothing of it is cached.
 * Every answer says which in {@code X-Cache}.
 */
public final class RegistryProxy {
    public static final String ALLOW = "GET, HEAD";

    private final Mirror mirror;
    private final Replies replies;
    /** The request as admitted: its upstream, route and query (the pipeline's first value). */
    private final PullRequest pull;
    /** The upstream the request names (path prefix, {@code ns}, subdomain, or Docker Hub). */
    private final UpstreamState registry;
    private final RegistryRoute route;

    /** The client is outside the client rules: only its ping is answered, with the mirror's own challenge. */
    private final boolean clientRefused;

    public RegistryProxy(Mirror mirror, PullRequest pull, boolean clientRefused) {
        this.mirror = mirror;
        this.clientRefused = clientRefused;
        this.replies = mirror.replies;
        this.pull = pull;
        this.registry = pull.registry;
        this.route = pull.route;
    }

    /** The steps after admission: policy, then the client's credentials, then the content or the upstream. */
    public Promise<Response> handle() {
        if (clientRefused) {
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
            return mirror.mirrorToken().flatThen(verdict -> {
                if (!SignedTokens.accepted(verdict)) {
                    mirror.log.note("the mirror's token is refused: " + verdict.getRefusal());
                    return Promise.resolve(loginChallenge("invalid_token"));
                }
                SignedTokens.Claims claims = verdict.getClaims();
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
                .with("realm", mirror.url.getOrigin() + TokenPath.of(registry.name(), 0))
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
        Exchange exchange = Exchange.of(mirror.config, pull, mirror.request.getHeaders(),
                MirrorToken.forUpstream(authorization, registry.name(), pull.hostRegistry));
        boolean anonymous = exchange.anonymous();
        if (anonymous && !MirrorToken.isAnonymous(authorization)) {
            mirror.log.note("credentials that are not for " + registry.name() + " stayed here (a login at this host is for "
                    + pull.hostRegistry + "); pulled anonymously");
        }
        Promise<Response> answer;
        if (!anonymous) {
            answer = Relay.bypass(mirror, pull, exchange, "the client's own credentials");
        } else if (route.kind() == RegistryRoute.Kind.BASE) {
            answer = authorization != null ? Promise.resolve(apiVersion()) : ping(exchange);
        } else if (route.kind() == RegistryRoute.Kind.MANIFEST || route.kind() == RegistryRoute.Kind.BLOB) {
            answer = new CachedPull(mirror, pull, exchange).handle();
        } else {
            answer = Relay.bypass(mirror, pull, exchange, "only manifests and blobs are cached");
        }
        return answer;
    }

    /**
     * {@code GET /v2/} of a client without credentials: the upstream's challenge, with the mirror's realm,
     * tells clients to ask the mirror for tokens. When the upstream cannot say it, the mirror does.
     */
    private Promise<Response> ping(Exchange exchange) {
        Relay relay = new Relay(mirror, pull, exchange, null);
        return exchange.sendPlain(route.upstreamPath(), mirror.method).flatThen(answer -> {
            int status = answer.getStatus();
            if (status == 429 || status >= 500) {
                exchange.drop(answer);
                return Promise.resolve(ownChallenge());
            }
            return relay.answer(answer);
        }, failure -> {
            if (exchange.isHeaderTooLong(failure)) {
                return Promise.resolve(Relay.headerTooLong(replies));
            }
            WorkerGlobalScope.logError("hubmirror: the upstream registry: " + WorkerGlobalScope.describe(failure));
            return relay.settled(ownChallenge());
        });
    }

    private Response ownChallenge() {
        Headers out = new Headers();
        out.set("www-authenticate", AuthChallenge.of("Bearer")
                .with("realm", mirror.url.getOrigin() + TokenPath.of(registry.name(), 0))
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
}
