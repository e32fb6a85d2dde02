package hubmirror.proxy;

import hubmirror.proxy.auth.SignedTokens;
import hubmirror.proxy.auth.MirrorLogin;
import hubmirror.proxy.auth.TokenEndpoint;
import hubmirror.proxy.config.MirrorConfig;
import hubmirror.proxy.download.Download;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.ops.Health;
import hubmirror.proxy.ops.HomePage;
import hubmirror.proxy.ops.RequestLog;
import hubmirror.proxy.ops.Search;
import hubmirror.proxy.v2.PullRequest;
import hubmirror.proxy.v2.RegistryProxy;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.IpAddress;
import hubmirror.registry.RegistryError;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.RequestPath;
import hubmirror.registry.TokenPath;
import hubmirror.registry.Tokens;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.Headers;
import hubmirror.workers.IncomingRequestCfProperties;
import hubmirror.workers.Promise;
import hubmirror.workers.Request;
import hubmirror.workers.Response;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSString;

/** One request: decides between the registry API, the token endpoint and the home page. */
public final class Mirror {
    private static final String TEST_CLOCK_PATH = "/__test/clock";
    public final Request request;
    public final MirrorConfig config;
    public final URL url;
    public final String method;
    public final Replies replies;
    /** For work that outlives the answer (cache writes); null where the runtime gives none. */
    public final ExecutionContext ctx;
    private final HomePage homePage;
    /** What the request turned out to be: its log line and {@code X-Cache}. */
    public final RequestLog log;
    /** The verification of the request's mirror token, made once: the rate limit and the registry both ask. */
    private Promise<SignedTokens.Verdict> verdict;

    private Mirror(Request request, MirrorConfig config, URL url, HomePage homePage, ExecutionContext ctx) {
        this.request = request;
        this.ctx = ctx;
        this.config = config;
        this.url = url;
        this.method = request.getMethod();
        this.log = new RequestLog(method);
        this.replies = new Replies(request.getHeaders().get("origin"), url.getOrigin());
        this.homePage = homePage;
    }

    /** The request's answer; a request whose URL the runtime cannot parse (a bad Host, {@code OPTIONS *}) gets 400. */
    static Promise<Response> handle(Request request, MirrorConfig config, HomePage homePage, ExecutionContext ctx) {
        URL url = URL.parse(request.getUrl(), null);
        if (url == null) {
            return Replies.withoutCors().refuse(new RegistryError(ErrorCode.REQUEST_INVALID, 400,
                    "the request's host or target is not valid", "send requests to https://<mirror host>/v2/…"));
        }
        Mirror mirror = new Mirror(request, config, url, homePage, ctx);
        return mirror.handle().catchError(mirror.replies::internal).then(response -> mirror.log.finish(response, mirror.country()));
    }

    private Promise<Response> handle() {
        if (config.error != null) {
            return replies.refuse(RegistryError.of(ErrorCode.UNKNOWN, "the mirror is misconfigured: " + config.error,
                    "its operator needs to fix this Worker variable"));
        }
        String path = RequestPath.of(request.getUrl());
        if (method.equals("OPTIONS")) {
            return Promise.resolve(TokenPath.isTokenPath(path) ? noCorsPreflight() : replies.preflight());
        }
        if (config.testClock && path.equals(TEST_CLOCK_PATH)) {
            return moveClock();
        }
        if (RequestPath.hasDotSegment(path)) {
            return replies.refuse(RegistryError.of(ErrorCode.NAME_INVALID, "the path has . or .. segments", null));
        }
        boolean registry = RegistryRoute.isRegistryPath(path);
        String address = request.getHeaders().get("cf-connecting-ip");
        // outside ALLOW_IPS/ALLOW_COUNTRIES nothing of the client's goes upstream; its ping and anonymous token are
        // still answered (by the mirror alone), so that the client reaches a pull and prints the refusal (a client
        // refused at /v2/ would only say "can't talk to a V1 registry")
        boolean refused = (registry || TokenPath.isTokenPath(path) || path.startsWith("/v1/") || path.startsWith(Download.PATH))
                && !config.clients.isOpen()
                && !config.clients.permits(address, country());
        if (config.rateLimit != null && counts(path, registry)) {
            return limitKey(address).flatThen(key -> config.rateLimit.limit(key.stringValue()))
                    .flatThen(outcome -> outcome.isSuccess() ? route(path, registry, refused) : Promise.resolve(tooManyRequests()));
        }
        return route(path, registry, refused);
    }

    /**
     * Whom the rate limit counts: a mirror user by name when the request carries a token the mirror signed for
     * them (verified: a name read from an unverified token could be anyone's), else the client's address.
     */
    private Promise<JSString> limitKey(String address) {
        JSString byAddress = JSString.valueOf(IpAddress.clientKey(address));
        if (config.users == null || !carriesMirrorToken()) {
            return Promise.resolve(byAddress);
        }
        return mirrorToken().then(verdict -> SignedTokens.accepted(verdict)
                ? JSString.valueOf("user:" + verdict.getClaims().getUser()) : byAddress);
    }

    /** Whether the request carries a token of the mirror's own ({@code Bearer hm1.…}), valid or not. */
    public boolean carriesMirrorToken() {
        String authorization = request.getHeaders().get("authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && authorization.startsWith("hm1.", 7);
    }

    /**
     * What the request's mirror token comes to once its signature, expiry and user are checked: its claims, or why
     * it is refused. Only for a request that {@link #carriesMirrorToken}; verified once.
     */
    public Promise<SignedTokens.Verdict> mirrorToken() {
        if (verdict == null) {
            verdict = SignedTokens.verify(config.tokenSecret, request.getHeaders().get("authorization").substring(7),
                    config.users);
        }
        return verdict;
    }

    /** Whether the request is from one of {@code MIRROR_USERS}: Basic credentials of one, or a token signed for one. */
    private Promise<JSBoolean> signedIn() {
        String[] basic = MirrorLogin.decodeBasic(request.getHeaders().get("authorization"));
        if (basic != null) {
            String user = config.users.authenticate(basic[0], basic[1]);
            log.user(user);
            return Promise.resolve(JSBoolean.valueOf(user != null));
        }
        if (!carriesMirrorToken()) {
            return Promise.resolve(JSBoolean.valueOf(false));
        }
        return mirrorToken().then(verdict -> {
            boolean accepted = SignedTokens.accepted(verdict);
            log.user(accepted ? verdict.getClaims().getUser() : null);
            return JSBoolean.valueOf(accepted);
        });
    }

    private Promise<Response> loginFirst() {
        Headers headers = new Headers();
        headers.set("www-authenticate", "Basic realm=\"hubmirror\"");
        return Promise.resolve(replies.error(RegistryError.of(ErrorCode.UNAUTHORIZED,
                "this mirror is private: log in first (docker login " + url.getHost() + ")", null), headers));
    }

    /**
     * What the client rate limit counts: token requests and registry requests but blobs and the ping, so that
     * an image's many layers are not many requests (one pull is a ping, a token, and one or two manifests).
     */
    private static boolean counts(String path, boolean registry) {
        if (!registry) {
            return TokenPath.isTokenPath(path) || path.equals("/v1/search") || path.equals("/healthz")
                    || path.startsWith(Download.PATH);
        }
        int blobs = path.lastIndexOf("/blobs/");
        return !(path.equals("/v2") || path.equals("/v2/")) && (blobs < 0 || path.indexOf('/', blobs + 7) >= 0);
    }

    private Response tooManyRequests() {
        Headers headers = new Headers();
        headers.set("retry-after", String.valueOf(config.rateLimitPeriod));
        return replies.error(RegistryError.of(ErrorCode.TOOMANYREQUESTS, "this mirror's request limit for your "
                + "address is used up; wait " + config.rateLimitPeriod + " seconds", "CLIENT_RATE_LIMIT"), headers);
    }

    /** @param refused the client is outside the client rules (see {@link #clientRefusal}) */
    private Promise<Response> route(String path, boolean registry, boolean refused) {
        if (registry) {
            log.cache("BYPASS");
            if (!RegistryRoute.isReadMethod(method)) {
                return replies.refuseMethod(RegistryProxy.ALLOW, "this mirror is pull-only: " + method + " is not allowed",
                        "pushes and deletes go to the registry itself");
            }
            PullRequest pull = PullRequest.admit(url, config, path);
            if (pull.registry != null) {
                log.upstream(pull.registry.name());
                log.kind(pull.route.kind() != null ? pull.route.kind().name().toLowerCase() : null);
                log.repository(pull.route.name());
            }
            if (pull.refusal != null) {
                return replies.refuse(pull.refusal);
            }
            return new RegistryProxy(this, pull, refused).handle();
        }
        if (TokenPath.isTokenPath(path)) {
            return new TokenEndpoint(this, refused).handle(path);
        }
        if (path.startsWith(Download.PATH)) {
            if (refused) {
                return replies.refuse(clientRefusal());
            }
            // a private mirror's downloads are its users' (Basic credentials or the mirror's token)
            return config.users == null ? new Download(this).handle(path)
                    : signedIn().flatThen(user -> user.booleanValue() ? new Download(this).handle(path) : loginFirst());
        }
        if (path.startsWith("/v1/")) {
            if (refused) {
                return replies.refuse(clientRefusal());
            }
            // a private mirror searches for its users only
            return config.users == null ? new Search(this).handle(path)
                    : signedIn().flatThen(user -> user.booleanValue() ? new Search(this).handle(path) : loginFirst());
        }
        if (path.equals("/healthz") && method.equals("GET")) {
            // a private mirror tells anonymous callers only that it is up
            return config.users == null ? new Health(this).handle(true)
                    : signedIn().flatThen(user -> new Health(this).handle(user.booleanValue()));
        }
        log.kind("home");
        if (config.hideHome) {
            return replies.refuse(new RegistryError(ErrorCode.NOT_FOUND, 404, "not found", null));
        }
        if (!RegistryRoute.isReadMethod(method)) {
            return replies.refuseMethod(RegistryProxy.ALLOW, "the home page only answers GET and HEAD", null);
        }
        return Promise.resolve(homePage.response(this));
    }

    public static RegistryError clientRefusal() {
        return RegistryError.of(ErrorCode.DENIED, "this mirror does not serve your network or country",
                "its operator allows only some clients");
    }

    /** The client's country as Cloudflare reports it: {@code request.cf}, else its {@code CF-IPCountry} header. */
    private String country() {
        IncomingRequestCfProperties cf = request.getCf();
        String country = cf != null ? cf.getCountry() : null;
        return country != null ? country : request.getHeaders().get("cf-ipcountry");
    }

    /**
     * {@code POST /__test/clock?ahead=MS} with an {@code X-Hubmirror-Test-Clock} header (only with
     * {@code TEST_CLOCK=true}): moves this isolate's clock {@code MS} past the runtime's, so a test sees tokens and tag
     * entries expire without waiting. The header makes a web page's request need a preflight, which the mirror's CORS
     * refuses; and what is stored keeps the runtime's time ({@link Clock#stamp}), so nothing outlives its time.
     */
    private Promise<Response> moveClock() {
        log.kind("clock");
        if (!method.equals("POST")) {
            return replies.refuseMethod("POST", "the test clock only moves with POST", null);
        }
        String ahead = new URLSearchParams(url.getSearch()).get("ahead");
        if (ahead == null || !request.getHeaders().has("x-hubmirror-test-clock") || Tokens.unsignedDecimal(ahead, 9) < 0) {
            return replies.refuse(RegistryError.of(ErrorCode.REQUEST_INVALID, "POST " + TEST_CLOCK_PATH
                    + "?ahead=<ms> with an X-Hubmirror-Test-Clock header", null));
        }
        double moved = Clock.moveAhead(Tokens.unsignedDecimal(ahead, 9));
        return Promise.resolve(replies.json("{\"aheadMillis\":" + (int) moved + "}", "no-store"));
    }

    /** The token endpoint is not for web pages: its preflight allows nothing. */
    private static Response noCorsPreflight() {
        Headers headers = new Headers();
        headers.set("allow", TokenEndpoint.ALLOW);
        return Replies.withoutCors().text(204, null, headers);
    }
}
