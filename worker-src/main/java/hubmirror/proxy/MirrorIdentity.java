package hubmirror.proxy;

import hubmirror.registry.AccountPool;
import hubmirror.registry.AuthChallenge;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.Scope;
import hubmirror.registry.TokenRealm;
import hubmirror.workers.Base64;
import hubmirror.workers.Headers;
import hubmirror.workers.Json;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;
import hubmirror.workers.WorkerGlobalScope;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * The mirror's own upstream identity, used for every anonymous client: one of its accounts
 * ({@code UPSTREAM_CREDENTIALS}, taken in turn, an account that got a 429 skipped until its window resets)
 * or, without accounts, the upstream's anonymous token. The mirror asks the token service itself, for
 * {@code pull} only, at a realm it was configured with; the token stays in this isolate
 * ({@link UpstreamTokens}) and is never handed to a client.
 */
final class MirrorIdentity {
    private static final int MAX_TOKEN_BODY = 64 << 10;

    /** A token the mirror holds for its identity, and for how long it may be kept (seconds). */
    interface Grant extends JSObject {
        @JSProperty
        String getToken();

        @JSProperty
        void setToken(String token);

        @JSProperty
        double getExpiresIn();

        @JSProperty
        void setExpiresIn(double seconds);
    }

    /** The token service's JSON (the token protocol's fields), each checked before it is used. */
    interface TokenAnswer extends JSObject {
        @JSProperty
        JSObject getToken();

        @JSProperty("access_token")
        JSObject getAccessToken();

        @JSProperty("expires_in")
        JSObject getExpiresIn();
    }

    private final MirrorConfig config;
    /** The upstream pulled from: its accounts, tokens and realms, and none of another's. */
    private final UpstreamState upstream;
    /** The repository the request is about, for the token's scope; null for {@code /v2/} itself. */
    private final String name;
    private final Headers headers;
    private String target;
    private String method;
    private AccountPool.Account account;
    private boolean counted;
    private boolean renewed;
    private int switches;
    private Upstream current;

    MirrorIdentity(MirrorConfig config, UpstreamState upstream, String name, Headers headers) {
        this.config = config;
        this.upstream = upstream;
        this.name = name;
        this.headers = headers;
    }

    /** The exchange that produced the last answer (its timer and redirects are the caller's to finish). */
    Upstream current() {
        return current;
    }

    /** @param counted whether the upstream counts the request against its pull quota (a manifest GET) */
    Promise<Response> send(String target, String method, boolean counted) {
        this.target = target;
        this.method = method;
        this.counted = counted;
        account = upstream.accounts.pick(Clock.now(), counted);
        return attempt();
    }

    /** With the token at hand, or fetched first when the upstream's realm is known; else without one. */
    private Promise<Response> attempt() {
        UpstreamTokens tokens = upstream.tokens;
        String token = tokens.get(tokenKey(), Clock.now());
        if (token == null && !renewed && tokens.realm != null) {
            renewed = true;
            return fetchToken(tokens.realm, tokens.service, repositoryScope(), tokenKey())
                    .flatThen(grant -> exchange(grant != null ? grant.getToken() : null));
        }
        return exchange(token);
    }

    private Promise<Response> exchange(String token) {
        if (token != null) {
            headers.set("authorization", "Bearer " + token);
        } else {
            headers.remove("authorization");
        }
        current = new Upstream(config.upstreamTimeoutMillis);
        return current.send(target, method, headers, null).flatThen(this::checked);
    }

    /** A challenge is answered once with a fresh token; a 429 moves on to the next account. */
    private Promise<Response> checked(Response answer) {
        int status = answer.getStatus();
        if (status == 401 && !renewed) {
            AuthChallenge challenge = AuthChallenge.parse(answer.getHeaders().get("www-authenticate"));
            String realm = challenge != null && challenge.isBearer()
                    ? TokenRealm.resolve(challenge.param("realm"), upstream.entry.realms()) : null;
            if (realm != null) {
                renewed = true;
                Upstream challenged = current;
                upstream.tokens.learn(realm, challenge.param("service"));
                // sent without a token while a concurrent request fetched one: that one, not a second request
                String held = headers.has("authorization") ? null : upstream.tokens.get(tokenKey(), Clock.now());
                Promise<Grant> fresh = held != null ? Promise.resolve(heldGrant(held))
                        : fetchToken(realm, challenge.param("service"), repositoryScope(), tokenKey());
                return fresh.flatThen(grant -> {
                    if (grant == null) {
                        current = challenged;
                        return Promise.resolve(answer);
                    }
                    challenged.settled();
                    Upstream.discard(answer);
                    return exchange(grant.getToken());
                });
            }
        }
        AccountPool accounts = upstream.accounts;
        if (status == 429 && account != null && switches < accounts.size()) {
            Headers h = answer.getHeaders();
            int seconds = AccountPool.limitSeconds(h.get("retry-after"), h.get("ratelimit-limit"));
            accounts.limited(account, Clock.now() + seconds * 1000.0);
            WorkerGlobalScope.log("hubmirror: upstream account " + account.user() + " is rate-limited for "
                    + seconds + " s; trying the next one");
            switches++;
            account = accounts.pick(Clock.now(), counted);
            renewed = false;
            current.settled();
            Upstream.discard(answer);
            return attempt();
        }
        return Promise.resolve(answer);
    }

    /**
     * A redirect's target (registry.k8s.io sends every pull to a regional {@code *-docker.pkg.dev}) challenged:
     * when its realm is one of this upstream's, the hop is sent again with that realm's pull token for the
     * scopes the challenge names; otherwise (or without a token) the challenge is the answer.
     */
    Promise<Response> answerHop(Upstream hop, Response answer) {
        AuthChallenge challenge = AuthChallenge.parse(answer.getHeaders().get("www-authenticate"));
        String realm = challenge != null && challenge.isBearer()
                ? TokenRealm.resolve(challenge.param("realm"), upstream.entry.realms()) : null;
        List<String> scopes = challenge == null || challenge.param("scope") == null ? null
                : Scope.normalizeAll(challenge.param("scope"), false);
        if (scopes == null || scopes.isEmpty()) {
            // no scope in the challenge: pull of the repository the hop's own path names
            URL at = URL.parse(hop.url(), null);
            RegistryRoute route = at != null ? RegistryRoute.parse(at.getPathname(), false) : null;
            scopes = new ArrayList<>(1);
            if (route != null && route.name() != null) {
                scopes.add("repository:" + route.name() + ":pull");
            }
        }
        if (realm == null || scopes.isEmpty()) {
            return Promise.resolve(answer);
        }
        String key = tokenKey() + "\n" + realm + "\n" + String.join(" ", scopes);
        String token = upstream.tokens.get(key, Clock.now());
        Promise<Grant> grant = token != null ? Promise.resolve(heldGrant(token))
                : fetchToken(realm, challenge.param("service"), scopes, key);
        return grant.flatThen(g -> g == null ? Promise.resolve(answer) : hop.resend(answer, "Bearer " + g.getToken()));
    }

    private List<String> repositoryScope() {
        List<String> scopes = new ArrayList<>(1);
        if (name != null) {
            scopes.add("repository:" + name + ":pull");
        }
        return scopes;
    }

    /** Asks the realm for a pull token for {@code scopes}, kept under {@code key}; resolves null (and logs why) when there is none. */
    private Promise<Grant> fetchToken(String realm, String service, List<String> scopes, String key) {
        URLSearchParams query = new URLSearchParams();
        if (service != null) {
            query.append("service", service);
        }
        for (String scope : scopes) {
            query.append("scope", scope);
        }
        URL url = new URL(realm);
        url.setSearch(query.toString());
        String flight = key + "\n" + url.getHref();
        int wait = config.sharedWaitMillis();
        Promise<Grant> running = upstream.tokens.inFlight.running(flight, wait);
        if (running != null) {
            return InFlight.join(running, wait, () -> upstream.tokens.inFlight.share(flight, requestToken(url, key)));
        }
        return upstream.tokens.inFlight.share(flight, requestToken(url, key));
    }

    /** One request to the token service for the mirror's identity; resolves null (and logs why) when it fails. */
    private Promise<Grant> requestToken(URL url, String key) {
        Headers tokenHeaders = new Headers();
        tokenHeaders.set("accept", "application/json");
        String user = account != null ? account.user() : "anonymous";
        if (account != null) {
            String basic = basic(account.credential());
            if (basic == null) {
                WorkerGlobalScope.logError("hubmirror: the credentials of upstream account " + user + " are not Latin-1");
                return Promise.resolve(null);
            }
            tokenHeaders.set("authorization", basic);
        }
        Upstream exchange = new Upstream(config.upstreamTimeoutMillis);
        return exchange.send(url.getHref(), "GET", tokenHeaders, null).flatThen(answer -> {
            if (answer.getStatus() != 200) {
                WorkerGlobalScope.logError("hubmirror: the token service refused the mirror's " + user
                        + " identity: " + answer.getStatus());
                Upstream.discard(answer);
                exchange.settled();
                return Promise.resolve((Grant) null);
            }
            return exchange.readBody(answer, MAX_TOKEN_BODY).then(body -> kept(body, key));
        }).catchError(failure -> {
            exchange.settled();
            WorkerGlobalScope.logError("hubmirror: the token service: " + WorkerGlobalScope.describe(failure));
            return null;
        });
    }

    private Grant kept(ArrayBuffer body, String key) {
        Grant grant = parseGrant(body);
        if (grant != null) {
            upstream.tokens.put(key, grant.getToken(), grant.getExpiresIn(), Clock.now());
        }
        return grant;
    }

    /** A token the isolate already holds, as a grant (its lifetime is the store's business, not this one's). */
    private static Grant heldGrant(String token) {
        return grant(token, 60);
    }

    private static Grant grant(String token, double expiresIn) {
        Grant grant = JSObjects.create();
        grant.setToken(token);
        grant.setExpiresIn(expiresIn);
        return grant;
    }

    private String tokenKey() {
        return (account != null ? account.user() : "") + "\n" + (name != null ? name : "");
    }

    /** {@code Basic} credentials, or null when they are not Latin-1 (what Basic can carry). */
    private static String basic(String credential) {
        String encoded = Base64.encode(credential);
        return encoded != null ? "Basic " + encoded : null;
    }

    /** The token of the token service's answer ({@code token}, else {@code access_token}), or null. */
    private static Grant parseGrant(ArrayBuffer body) {
        JSObject parsed = Json.parse(body);
        if (parsed == null || !Json.isObject(parsed)) {
            return null;
        }
        TokenAnswer answer = (TokenAnswer) parsed;
        JSObject token = Json.isString(answer.getToken()) && !((JSString) answer.getToken()).stringValue().isEmpty()
                ? answer.getToken() : answer.getAccessToken();
        if (!Json.isString(token) || ((JSString) token).stringValue().isEmpty()) {
            return null;
        }
        // expires_in is optional in the token protocol, 60 s when absent
        double lifetime = Json.isNumber(answer.getExpiresIn()) ? ((JSNumber) answer.getExpiresIn()).doubleValue() : 60;
        return grant(((JSString) token).stringValue(), lifetime > 0 ? lifetime : 60);
    }
}
