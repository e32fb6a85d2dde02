package hubmirror.proxy.auth;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.http.ForwardedHeaders;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.upstream.Upstream;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.MirrorToken;
import hubmirror.registry.RegistryError;
import hubmirror.registry.TokenQuery;
import hubmirror.registry.TokenPath;
import hubmirror.registry.TokenRealm;
import hubmirror.registry.UpstreamSelection;
import hubmirror.registry.UpstreamTable;
import hubmirror.workers.Headers;
import hubmirror.workers.Json;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * {@code /token}, {@code /token/<n>} (Docker Hub), {@code /token/<registry>}, {@code /token/<registry>/<n>}:
 * the realms the mirror hands to clients. Each stands for exactly one realm URL listed for that upstream, and
 * only that URL is ever called: with {@code GET} and the token protocol's query, or with the OAuth2 form
 * {@code POST} to the same URL. Scopes become pull-only (with {@code library/} names for Docker Hub); the
 * client's Basic credentials pass through, so {@code docker login <mirror>} works with a Docker Hub account.
 * The token that comes back is wrapped to name its upstream ({@link MirrorToken#wrap}), so the mirror sends
 * it to that upstream only. No CORS, and no cross-site form posts: a web page cannot use the mirror to try
 * passwords.
 */
public final class TokenEndpoint {
    public static final String ALLOW = "GET, POST";
    // What a token request legitimately carries; nothing else of the client's goes to the token service.
    private static final String[] FORWARDED = {"authorization", "accept", "user-agent"};
    private static final String[] RETURNED = {"content-type"};
    private static final String FORM = "application/x-www-form-urlencoded";
    /** Tokens are a few KB; an OAuth2 form is a few hundred bytes. */
    private static final int MAX_BODY = 64 << 10;
    private static final int MAX_FORM = 8 << 10;

    private final Mirror mirror;
    private final Replies replies = Replies.withoutCors();
    private Upstream upstream;
    /** The upstream whose realm the path (or the scopes) name, and which of its realms. */
    private UpstreamState registry;
    private int index;

    /** The client is outside the client rules: it gets the anonymous grant only, and nothing goes upstream. */
    private final boolean clientRefused;

    public TokenEndpoint(Mirror mirror, boolean clientRefused) {
        this.mirror = mirror;
        this.clientRefused = clientRefused;
    }

    public Promise<Response> handle(String path) {
        String method = mirror.method;
        if (!method.equals("GET") && !method.equals("POST")) {
            return replies.refuseMethod(ALLOW, "the token endpoint answers GET and the OAuth2 form POST", null);
        }
        mirror.log.kind("token");
        String upstreamName = TokenPath.upstreamOf(path);
        registry = upstreamName != null ? mirror.config.upstream(upstreamName) : null;
        // a registry without realms of its own to hand out still has its base path: the anonymous grant
        mirror.log.upstream(upstreamName);
        index = registry == null ? -1 : TokenPath.indexOf(path, Math.max(1, registry.entry.realms().size()));
        if (index < 0) {
            return replies.refuse(RegistryError.of(ErrorCode.NAME_UNKNOWN, "no such token endpoint",
                    registry == null && upstreamName != null ? "this mirror does not serve " + upstreamName
                    : "the mirror's token endpoints are the realms its registry challenges name"));
        }
        if (mirror.config.users != null && !mirror.config.loginPassthrough && method.equals("POST")) {
            return Promise.resolve(new MirrorLogin(mirror, replies).unauthorized("log in with a mirror user's name and password (docker login)"));
        }
        if (method.equals("POST")) {
            return post();
        }
        String search = mirror.url.getSearch();
        RegistryError tooMuch = TokenQuery.precheck(search);
        if (tooMuch != null) {
            return replies.refuse(tooMuch);
        }
        TokenQuery query = new TokenQuery(false);
        // a standalone URLSearchParams: parsed once, natively; one tied to a URL re-serialises on every append
        new URLSearchParams(search).forEach((value, name) -> query.add(name, value));
        if (mirror.config.users != null) {
            String[] basic = MirrorLogin.decodeBasic(mirror.request.getHeaders().get("authorization"));
            String user = basic != null ? mirror.config.users.authenticate(basic[0], basic[1]) : null;
            // with LOGIN_PASSTHROUGH=true, Basic credentials that are no mirror user's go on as without users
            if (user != null || basic == null || !mirror.config.loginPassthrough) {
                return new MirrorLogin(mirror, replies).login(query, upstreamName, basic != null, user);
            }
        }
        return forward(query, null);
    }

    /**
     * The token request to the realm it is for, with the client's credentials only when that realm's registry is
     * the one this host serves ({@link UpstreamSelection#hostRegistry}): clients keep credentials per host, so a
     * login at the main host is a Docker Hub login and never reaches another registry (#19). Clients that pull
     * {@code <mirror>/ghcr.io/owner/app} ask the realm of the mirror's {@code /v2/} (Docker Hub's) for
     * {@code repository:ghcr.io/owner/app:pull}: they get the mirror's anonymous token, and the mirror pulls
     * ghcr.io for them.
     */
    private Promise<Response> forward(TokenQuery query, Headers formHeaders) {
        if (query.error() != null) {
            return replies.refuse(query.error());
        }
        String named = query.scopeRegistry();
        if (named == null) {
            return replies.refuse(new RegistryError(ErrorCode.NAME_INVALID, 400,
                    "the scopes of one token request must all be of one registry", null));
        }
        boolean credentials = mirror.request.getHeaders().has("authorization") || formHeaders != null;
        if (!named.isEmpty() && !named.equals(registry.name())) {
            if (!registry.name().equals(UpstreamTable.DOCKER_HUB)) {
                return replies.refuse(new RegistryError(ErrorCode.NAME_INVALID, 400, "this token endpoint is "
                        + registry.name() + "'s, but the scope names " + named, null));
            }
            mirror.log.upstream(named);
            return Promise.resolve(anonymousGrant(credentials ? named : null));
        }
        List<String> realms = registry.entry.realms();
        // no credentials, or a registry with no token service of its own to ask: the mirror pulls for the client
        if (!credentials || realms.isEmpty() || TokenRealm.isPattern(realms.get(index))) {
            return Promise.resolve(anonymousGrant(null));
        }
        if (!registry.name().equals(UpstreamSelection.hostRegistry(mirror.url.getHost(), mirror.config.table))) {
            return Promise.resolve(anonymousGrant(registry.name()));
        }
        if (clientRefused) {
            return replies.refuse(Mirror.clientRefusal());
        }
        query.retarget(registry.entry.library());
        Headers headers = formHeaders != null ? formHeaders : ForwardedHeaders.pick(mirror.request.getHeaders(), FORWARDED);
        upstream = new Upstream(mirror.config.upstreamTimeoutMillis);
        return send(query, realms.get(index), headers, formHeaders != null);
    }

    private Promise<Response> send(TokenQuery query, String realm, Headers headers, boolean form) {
        URL target = new URL(realm);
        if (form) {
            return exchange(target.getHref(), "POST", headers, serialize(query));
        }
        target.setSearch(serialize(query));
        return exchange(target.getHref(), "GET", headers, null);
    }

    /**
     * A client without credentials (or with credentials that are not for this registry, which stay here) gets the
     * mirror's anonymous token, without asking the upstream: the mirror pulls for it with its own identity, so the
     * upstream's token would be of no use to it.
     */
    private Response anonymousGrant(String heldBackFrom) {
        if (heldBackFrom != null) {
            mirror.log.note("credentials that are not for " + heldBackFrom + " stayed here; anonymous token");
        }
        return replies.json(MirrorToken.grant(), "no-store");
    }

    /** The OAuth2 password / refresh-token form, from a registry client only, its scopes pull-only. */
    private Promise<Response> post() {
        Headers incoming = mirror.request.getHeaders();
        String type = incoming.get("content-type");
        if (type == null || !type.toLowerCase().startsWith(FORM)) {
            return replies.refuse(new RegistryError(ErrorCode.UNSUPPORTED_MEDIA_TYPE, 415,
                    "the token endpoint takes POST only as an OAuth2 form (" + FORM + ")", null));
        }
        if (isCrossSite(incoming)) {
            return replies.refuse(RegistryError.of(ErrorCode.DENIED,
                    "token requests from web pages of other sites are refused", null));
        }
        if (Upstream.contentLength(incoming.get("content-length")) > MAX_FORM) {
            return replies.refuse(new RegistryError(ErrorCode.TOO_LARGE, 413, "the token form is too large", null));
        }
        Headers headers = ForwardedHeaders.pick(incoming, FORWARDED);
        headers.set("content-type", FORM);
        return mirror.request.text().flatThen(form -> {
            String text = form.stringValue();
            if (text.length() > MAX_FORM || TokenQuery.precheck(text) != null) {
                return replies.refuse(new RegistryError(ErrorCode.TOO_LARGE, 413, "the token form is too large", null));
            }
            TokenQuery fields = new TokenQuery(false);
            new URLSearchParams(text).forEach((value, name) -> fields.addFormField(name, value));
            if (mirror.config.users != null && new MirrorLogin(mirror, replies).isMirrorUser(fields)) {
                // a mirror user's password is the mirror's business: it never goes to an upstream token service
                return Promise.resolve(new MirrorLogin(mirror, replies).unauthorized("log in with a mirror user's name and password (docker login)"));
            }
            return forward(fields, headers);
        });
    }

    private Promise<Response> exchange(String target, String method, Headers headers, String body) {
        return upstream.send(target, method, headers, body).flatThen(this::answer, this::unreachable);
    }

    /** The token service's status and its JSON, read whole within the timeout; nothing else of it. */
    private Promise<Response> answer(Response answer) {
        Headers headers = Replies.secure(ForwardedHeaders.pick(answer.getHeaders(), RETURNED));
        headers.set("cache-control", "no-store");
        if (answer.getBody() == null) {
            upstream.settled();
            return Promise.resolve(replies.relay(answer, headers));
        }
        return upstream.readBody(answer, MAX_BODY).then((ArrayBuffer body) -> answer.getStatus() != 200
                ? replies.bytes(answer, headers, body) : wrapped(body, headers), this::unreachableNow);
    }

    private Response wrapped(ArrayBuffer body, Headers headers) {
        String json = wrapTokens(body, MirrorToken.wrap(registry.name(), ""));
        return json != null ? replies.text(200, json, headers) : replies.error(new RegistryError(ErrorCode.UNAVAILABLE,
                502, "the upstream token service answered something that is not a token", null));
    }

    private Promise<Response> unreachable(JSObject failure) {
        return Promise.resolve(unreachableNow(failure));
    }

    private Response unreachableNow(JSObject failure) {
        upstream.settled();
        return replies.unreachable(failure, "the upstream token service");
    }

    /**
     * A browser's form post from another site: it says so in {@code Sec-Fetch-Site}, or its {@code Origin}
     * is not the mirror's. Registry clients send neither header.
     */
    private boolean isCrossSite(Headers incoming) {
        String site = incoming.get("sec-fetch-site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            return true;
        }
        String origin = incoming.get("origin");
        return origin != null && !origin.equals(mirror.url.getOrigin());
    }

    /**
     * The token service's JSON with {@code token} and {@code access_token} prefixed by {@code wrap}; every
     * other field as it was (a refresh token goes back to this same realm only). Null for a body that is no JSON
     * object: the mirror does not pass on what it cannot read.
     */
    private static String wrapTokens(ArrayBuffer body, String wrap) {
        JSObject parsed = Json.parse(body);
        if (parsed == null || !Json.isObject(parsed)) {
            return null;
        }
        TokenGrant grant = (TokenGrant) parsed;
        if (Json.isString(grant.getToken())) {
            grant.setToken(wrap + ((JSString) grant.getToken()).stringValue());
        }
        if (Json.isString(grant.getAccessToken())) {
            grant.setAccessToken(wrap + ((JSString) grant.getAccessToken()).stringValue());
        }
        return Json.stringify(grant);
    }

    private static String serialize(TokenQuery query) {
        URLSearchParams params = new URLSearchParams();
        for (int i = 0; i < query.size(); i++) {
            params.append(query.name(i), query.value(i));
        }
        return params.toString();
    }
}
