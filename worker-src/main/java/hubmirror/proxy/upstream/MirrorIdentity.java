package hubmirror.proxy.upstream;

import hubmirror.proxy.Clock;
import hubmirror.proxy.Isolate;
import hubmirror.proxy.config.MirrorConfig;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.content.InFlight;

import hubmirror.registry.AccountPool;
import hubmirror.registry.AuthChallenge;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.Scope;
import hubmirror.registry.TokenRealm;
import hubmirror.workers.Base64;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;
import hubmirror.workers.WorkerGlobalScope;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * The mirror's own upstream identity, used for every anonymous client: one of its accounts
 * ({@code UPSTREAM_CREDENTIALS}, taken in turn, an account that got a 429 skipped until its window resets)
 * or, without accounts, the upstream's anonymous token. The mirror asks the token service itself, for
 * {@code pull} only, at a realm it was configured with; the token stays in this isolate
 * ({@link UpstreamTokens}) and is never handed to a client.
 */
public final class MirrorIdentity {
    private static final int MAX_TOKEN_BODY = 64 << 10;

    private final MirrorConfig config;
    /** The upstream pulled from: its accounts, tokens and realms, and none of another's. */
    private final UpstreamState upstream;
    /** What the isolate keeps for that upstream: the mirror's tokens there, its accounts' turns. */
    private final UpstreamSession session;
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

    public MirrorIdentity(MirrorConfig config, UpstreamState upstream, String name, Headers headers) {
        this.config = config;
        this.upstream = upstream;
        this.session = Isolate.get().session(upstream);
        this.name = name;
        this.headers = headers;
    }

    /** The exchange that produced the last answer (its timer and redirects are the caller's to finish). */
    public Upstream current() {
        return current;
    }

    /** @param counted whether the upstream counts the request against its pull quota (a manifest GET) */
    public Promise<Response> send(String target, String method, boolean counted) {
        this.target = target;
        this.method = method;
        this.counted = counted;
        account = session.accounts.pick(Clock.now(), counted);
        return attempt();
    }

    /** With the token at hand, or fetched first when the upstream's realm is known; else without one. */
    private Promise<Response> attempt() {
        UpstreamTokens tokens = session.tokens;
        String token = tokens.get(tokenKey(), Clock.now());
        if (token == null && !renewed && tokens.realm != null) {
            renewed = true;
            return fetchToken(tokens.realm, tokens.service, repositoryScope(), tokenKey())
                    .flatThen(grant -> exchange(Grant.Of.hasToken(grant) ? grant.getToken() : null));
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
                session.tokens.learn(realm, challenge.param("service"));
                // sent without a token while a concurrent request fetched one: that one, not a second request
                String held = headers.has("authorization") ? null : session.tokens.get(tokenKey(), Clock.now());
                Promise<Grant> fresh = held != null ? Promise.resolve(Grant.Of.held(held))
                        : fetchToken(realm, challenge.param("service"), repositoryScope(), tokenKey());
                return fresh.flatThen(grant -> {
                    if (!Grant.Of.hasToken(grant)) {
                        current = challenged;
                        return Promise.resolve(answer);
                    }
                    challenged.settled();
                    Upstream.discard(answer);
                    return exchange(grant.getToken());
                });
            }
        }
        AccountPool accounts = session.accounts;
        if (status == 429 && account != null && switches < accounts.size()) {
            Headers h = answer.getHeaders();
            int seconds = AccountPool.limitSeconds(h.get("retry-after"), h.get("ratelimit-limit"));
            accounts.limited(account, Clock.stamp() + seconds * 1000.0);
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
        String token = session.tokens.get(key, Clock.now());
        Promise<Grant> grant = token != null ? Promise.resolve(Grant.Of.held(token))
                : fetchToken(realm, challenge.param("service"), scopes, key);
        return grant.flatThen(g -> Grant.Of.hasToken(g) ? hop.resend(answer, "Bearer " + g.getToken()) : Promise.resolve(answer));
    }

    private List<String> repositoryScope() {
        List<String> scopes = new ArrayList<>(1);
        if (name != null) {
            scopes.add("repository:" + name + ":pull");
        }
        return scopes;
    }

    /** Asks the realm for a pull token for {@code scopes}, kept under {@code key}; or (logged) why there is none. */
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
        Promise<Grant> running = session.tokens.inFlight.running(flight, wait);
        if (running != null) {
            return InFlight.join(running, wait, () -> session.tokens.inFlight.share(flight, requestToken(url, key)));
        }
        return session.tokens.inFlight.share(flight, requestToken(url, key));
    }

    /** One request to the token service for the mirror's identity: its grant, or (logged) why there is none. */
    private Promise<Grant> requestToken(URL url, String key) {
        Headers tokenHeaders = new Headers();
        tokenHeaders.set("accept", "application/json");
        String user = account != null ? account.user() : "anonymous";
        if (account != null) {
            String basic = basic(account.credential());
            if (basic == null) {
                WorkerGlobalScope.logError("hubmirror: the credentials of upstream account " + user + " are not Latin-1");
                return Promise.resolve(Grant.Of.none("credentials that are not Latin-1"));
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
                return Promise.resolve(Grant.Of.none("the token service answered " + answer.getStatus()));
            }
            return exchange.readBody(answer, MAX_TOKEN_BODY).then(body -> kept(body, key));
        }).catchError(failure -> {
            exchange.settled();
            WorkerGlobalScope.logError("hubmirror: the token service: " + WorkerGlobalScope.describe(failure));
            return Grant.Of.none("the token service could not be reached");
        });
    }

    private Grant kept(ArrayBuffer body, String key) {
        Grant grant = Grant.Of.parse(body);
        if (Grant.Of.hasToken(grant)) {
            session.tokens.put(key, grant.getToken(), grant.getExpiresIn(), Clock.stamp());
        }
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
}
