package hubmirror.proxy;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.MirrorToken;
import hubmirror.registry.RegistryError;
import hubmirror.registry.TokenQuery;
import hubmirror.registry.TokenRealm;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;
import org.teavm.jso.JSBody;
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
final class TokenEndpoint {
    static final String ALLOW = "GET, POST";
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
    /** The upstream whose realm the path names. */
    private UpstreamState registry;

    TokenEndpoint(Mirror mirror) {
        this.mirror = mirror;
    }

    Promise<Response> handle(String path) {
        String method = mirror.method;
        if (!method.equals("GET") && !method.equals("POST")) {
            return replies.refuseMethod(ALLOW, "the token endpoint answers GET and the OAuth2 form POST", null);
        }
        String upstreamName = TokenRealm.upstreamFromMirrorPath(path);
        registry = upstreamName != null ? mirror.config.upstream(upstreamName) : null;
        int index = registry == null ? -1 : TokenRealm.indexFromMirrorPath(path, registry.entry.realms().size());
        if (index < 0 || TokenRealm.isPattern(registry.entry.realms().get(index))) {
            return replies.refuse(RegistryError.of(ErrorCode.NAME_UNKNOWN, "no such token endpoint",
                    registry == null && upstreamName != null ? "this mirror does not serve " + upstreamName
                    : "the mirror's token endpoints are the realms its registry challenges name"));
        }
        String search = mirror.url.getSearch();
        RegistryError tooMuch = TokenQuery.precheck(search);
        if (tooMuch != null) {
            return replies.refuse(tooMuch);
        }
        TokenQuery query = new TokenQuery(registry.entry.library());
        // a standalone URLSearchParams: parsed once, natively; one tied to a URL re-serialises on every append
        new URLSearchParams(search).forEach((value, name) -> query.add(name, value));
        if (query.error() != null) {
            return replies.refuse(query.error());
        }
        if (method.equals("GET") && !mirror.request.getHeaders().has("authorization")) {
            return Promise.resolve(anonymousGrant());
        }
        URL target = new URL(registry.entry.realms().get(index));
        target.setSearch(serialize(query));
        Headers headers = ForwardedHeaders.pick(mirror.request.getHeaders(), FORWARDED);
        upstream = new Upstream(mirror.config.upstreamTimeoutMillis);
        if (method.equals("GET")) {
            return exchange(target.getHref(), "GET", headers, null);
        }
        return post(target.getHref(), headers);
    }

    /**
     * A client without credentials gets the mirror's anonymous token, without asking the upstream: the
     * mirror pulls for it with its own identity, so the upstream's token would be of no use to it.
     */
    private Response anonymousGrant() {
        Headers headers = Replies.secure(new Headers());
        headers.set("content-type", Replies.JSON);
        headers.set("cache-control", "no-store");
        return replies.text(200, MirrorToken.grant(), headers);
    }

    /** The OAuth2 password / refresh-token form, from a registry client only, its scopes pull-only. */
    private Promise<Response> post(String target, Headers headers) {
        Headers incoming = mirror.request.getHeaders();
        String type = incoming.get("content-type");
        if (type == null || !type.toLowerCase().startsWith(FORM)) {
            return replies.refuse(new RegistryError(ErrorCode.UNSUPPORTED, 415,
                    "the token endpoint takes POST only as an OAuth2 form (" + FORM + ")", null));
        }
        if (isCrossSite(incoming)) {
            return replies.refuse(RegistryError.of(ErrorCode.DENIED,
                    "token requests from web pages of other sites are refused", null));
        }
        if (RegistryProxy.contentLength(incoming.get("content-length")) > MAX_FORM) {
            return replies.refuse(new RegistryError(ErrorCode.UNSUPPORTED, 413, "the token form is too large", null));
        }
        headers.set("content-type", FORM);
        return mirror.request.text().flatThen(form -> {
            String text = form.stringValue();
            if (text.length() > MAX_FORM || TokenQuery.precheck(text) != null) {
                return replies.refuse(new RegistryError(ErrorCode.UNSUPPORTED, 413, "the token form is too large", null));
            }
            TokenQuery fields = new TokenQuery(registry.entry.library());
            new URLSearchParams(text).forEach((value, name) -> fields.addFormField(name, value));
            if (fields.error() != null) {
                return replies.refuse(fields.error());
            }
            return exchange(target, "POST", headers, JSString.valueOf(serialize(fields)));
        });
    }

    private Promise<Response> exchange(String target, String method, Headers headers, JSObject body) {
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
    @JSBody(params = {"body", "wrap"}, script = "var j;"
            + " try { j = JSON.parse(new TextDecoder().decode(body)); } catch (e) { j = null; }"
            + " if (!j || typeof j !== 'object' || Array.isArray(j)) return null;"
            + " if (typeof j.token === 'string') j.token = wrap + j.token;"
            + " if (typeof j.access_token === 'string') j.access_token = wrap + j.access_token;"
            + " return JSON.stringify(j);")
    private static native String wrapTokens(ArrayBuffer body, String wrap);

    private static String serialize(TokenQuery query) {
        URLSearchParams params = new URLSearchParams();
        for (int i = 0; i < query.size(); i++) {
            params.append(query.name(i), query.value(i));
        }
        return params.toString();
    }
}
