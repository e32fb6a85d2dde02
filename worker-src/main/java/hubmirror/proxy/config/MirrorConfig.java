package hubmirror.proxy.config;

import static hubmirror.proxy.config.Variables.check;
import static hubmirror.proxy.config.Variables.joined;
import static hubmirror.proxy.config.Variables.number;
import static hubmirror.proxy.config.Variables.isHttpUrl;
import static hubmirror.proxy.config.Variables.orDefault;
import static hubmirror.proxy.config.UpstreamsVariable.upstreamsError;
import static hubmirror.proxy.config.UpstreamsVariable.credentials;

import hubmirror.proxy.Clock;
import hubmirror.proxy.content.InFlight;

import hubmirror.registry.AccountPool;
import hubmirror.registry.BlobDeadline;
import hubmirror.registry.ClientRules;
import hubmirror.registry.ImageRules;
import hubmirror.registry.MirrorUsers;
import hubmirror.registry.PrewarmList;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.TokenRealm;
import hubmirror.registry.UpstreamRegistry;
import hubmirror.registry.UpstreamTable;
import hubmirror.workers.Env;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.RateLimit;
import hubmirror.workers.URL;
import java.util.ArrayList;
import java.util.List;

/** Worker vars, with the defaults that make the mirror a mirror of Docker Hub and the other registries it knows. */
public final class MirrorConfig {
    static final String DEFAULT_REGISTRY = "https://registry-1.docker.io";
    static final String DEFAULT_AUTH = "https://auth.docker.io/token";
    static final int DEFAULT_TIMEOUT_MS = 30000;
    static final int DEFAULT_IDLE_TIMEOUT_MS = 60000;

    /** The registries served ({@code UPSTREAMS} on the built-in table; Docker Hub from {@code UPSTREAM_REGISTRY}). */
    public final UpstreamTable table;
    /** Per served registry, in table order. */
    public final List<UpstreamState> upstreams;
    /**
     * How long the upstream may take: for a small answer (manifest, token, error) the whole of it, for a
     * blob until its head. 0 turns the timer off.
     */
    public final int upstreamTimeoutMillis;
    /**
     * {@code UPSTREAM_IDLE_TIMEOUT_MS}: a blob body's slack beyond its length at {@link #blobMinRate}
     * ({@link BlobDeadline}); for the rare body without a length, how long it may go without a byte. 0 = never.
     */
    public final int idleTimeoutMillis;
    /** {@code BLOB_MIN_RATE}: bytes a second a blob's deadline allows for; 0 = no deadline (body handed on as is). */
    public final int blobMinRate;
    /** {@code VERIFY_BLOBS=digest}: a stored blob is hashed before the cache serves it (else its length only). */
    public final boolean verifyBlobDigest;
    /** The edge cache's per-object limit ({@code EDGE_CACHE_MAX_BYTES}; 512 MB, 5 GB on Enterprise zones). */
    public final double edgeCacheMaxBytes;
    /** The R2 content tier ({@code CONTENT_BUCKET}), or null: the edge cache only. */
    public final R2Bucket contentBucket;
    /** The largest blob put into the bucket whole, and the part size of larger ones ({@code CONTENT_BUCKET_PART_BYTES}). */
    public final double bucketPartBytes;
    /** What a scheduled run copies into the bucket ({@code PREWARM_IMAGES}), for which platforms, in how many subrequests. */
    public final List<PrewarmList.Image> prewarmImages;
    public final List<String> prewarmPlatforms;
    public final int prewarmMaxSubrequests;
    /** How many upstream requests one {@code /download} may make ({@code DOWNLOAD_MAX_SUBREQUESTS}, 50). */
    public final int downloadMaxSubrequests;
    /** How long a tag's digest is used without asking the upstream ({@code TAG_TTL_SECONDS}). */
    public final int tagTtlSeconds;
    /** How long a tag's last digest may be served while the upstream fails ({@code STALE_IF_ERROR_SECONDS}). */
    public final int staleIfErrorSeconds;
    /** What may be pulled ({@code ALLOW_IMAGES}, {@code DENY_IMAGES}); a malformed list counts as unset, and {@link #error} names it (every request then answers 500). */
    public final ImageRules images;
    /** The operator's message for a refused image ({@code DENY_MESSAGE}), or null. */
    public final String denyMessage;
    /** Who may pull ({@code ALLOW_IPS}, {@code ALLOW_COUNTRIES}); a malformed list likewise. */
    public final ClientRules clients;
    /** The mirror's own users ({@code MIRROR_USERS}): with them the mirror is private; null: open. */
    public final MirrorUsers users;
    /** The key of the tokens the mirror signs for its users ({@code TOKEN_SECRET}). */
    public final String tokenSecret;
    /** How long those tokens live ({@code TOKEN_TTL_SECONDS}). */
    public final int tokenTtlSeconds;
    /** With users: whether a client's upstream credentials still pass through ({@code LOGIN_PASSTHROUGH}). */
    public final boolean loginPassthrough;
    /** Docker Hub's search API, which {@code /v1/search} asks ({@code SEARCH_API}). */
    public final String searchApi;
    /** The manifest {@code /healthz} HEADs for Docker Hub's quota ({@code HEALTH_IMAGE}). */
    public final String healthImage;
    /** How long a round of {@code /healthz}'s upstream checks is reused ({@code HEALTH_CHECK_SECONDS}). */
    public final int healthCheckSeconds;
    /** {@code HIDE_HOME=true}: no home page, for anyone. */
    public final boolean hideHome;
    /** {@code TEST_CLOCK=true}: tests may move the isolate's clock ahead ({@link Clock}); never in production. */
    public final boolean testClock;
    /** The Rate Limiting binding {@code CLIENT_RATE_LIMIT} ({@code [[ratelimits]]}), or null: no limit. */
    public final RateLimit rateLimit;
    /** Its period in seconds, for {@code Retry-After} ({@code CLIENT_RATE_LIMIT_PERIOD}, as in wrangler.toml). */
    public final int rateLimitPeriod;
    /** Why the configuration cannot be used (names the variable, never a secret's value), or null. */
    public final String error;

    private MirrorConfig(UpstreamTable table, List<UpstreamState> upstreams, int upstreamTimeoutMillis,
            int idleTimeoutMillis, BlobSettings blobs, PrewarmSettings prewarm, int tagTtlSeconds, int staleIfErrorSeconds,
            Controls controls, String error) {
        this.blobMinRate = blobs.minRate;
        this.verifyBlobDigest = blobs.verifyDigest;
        this.edgeCacheMaxBytes = blobs.edgeMaxBytes;
        this.contentBucket = blobs.bucket;
        this.bucketPartBytes = blobs.partBytes;
        this.prewarmImages = prewarm.images;
        this.prewarmPlatforms = prewarm.platforms;
        this.prewarmMaxSubrequests = prewarm.maxSubrequests;
        this.downloadMaxSubrequests = prewarm.downloadMaxSubrequests;
        this.images = controls.images;
        this.denyMessage = controls.denyMessage;
        this.clients = controls.clients;
        this.hideHome = controls.hideHome;
        this.testClock = controls.testClock;
        this.healthImage = controls.healthImage;
        this.healthCheckSeconds = controls.healthCheckSeconds;
        this.searchApi = controls.searchApi;
        this.users = controls.users;
        this.tokenSecret = controls.tokenSecret;
        this.tokenTtlSeconds = controls.tokenTtl;
        this.loginPassthrough = controls.passthrough;
        this.rateLimit = controls.rateLimit;
        this.rateLimitPeriod = controls.rateLimitPeriod;
        this.table = table;
        this.upstreams = upstreams;
        this.upstreamTimeoutMillis = upstreamTimeoutMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.tagTtlSeconds = tagTtlSeconds;
        this.staleIfErrorSeconds = staleIfErrorSeconds;
        this.error = error;
    }

    /**
     * How long a request waits for a concurrent one's upstream answer ({@link InFlight}) before it asks on its own,
     * and how long an answer under way holds its place: twice the upstream's timeout; 2 min when that is off.
     */
    public int sharedWaitMillis() {
        return upstreamTimeoutMillis > 0 ? 2 * upstreamTimeoutMillis : 120000;
    }

    /** The served registry of this name, or null. */
    public UpstreamState upstream(String name) {
        for (UpstreamState state : upstreams) {
            if (state.name().equals(name)) {
                return state;
            }
        }
        return null;
    }

    // The env object is the isolate's, the same for every request: read it once. This holds
    // configuration only, never anything of a request.
    private static Env lastEnv;
    private static MirrorConfig lastConfig;

    public static MirrorConfig from(Env env) {
        if (env != lastEnv || lastConfig == null) {
            lastConfig = read(env);
            lastEnv = env;
        }
        return lastConfig;
    }

    private static MirrorConfig read(Env env) {
        // every variable is checked, and every one that is wrong is named: an operator fixes them all in one go
        List<String> problems = new ArrayList<>();
        String auth = orDefault(Env.get(env, "UPSTREAM_AUTH"), DEFAULT_AUTH);
        List<String> realms = TokenRealm.parseRealms(auth);
        String registry = TokenRealm.stripTrailingSlash(orDefault(Env.get(env, "UPSTREAM_REGISTRY"), DEFAULT_REGISTRY));
        check(problems, realms != null, "UPSTREAM_AUTH must be token realm URLs (https://host/path), comma-separated");
        check(problems, isHttpUrl(registry), "UPSTREAM_REGISTRY must be a URL (https://host)");
        int timeout = number(env, "UPSTREAM_TIMEOUT_MS", DEFAULT_TIMEOUT_MS, "milliseconds", problems);
        int idle = number(env, "UPSTREAM_IDLE_TIMEOUT_MS", DEFAULT_IDLE_TIMEOUT_MS, "milliseconds", problems);
        int tagTtl = number(env, "TAG_TTL_SECONDS", CachePolicy.DEFAULT_TAG_TTL_SECONDS, "seconds", problems);
        int stale = number(env, "STALE_IF_ERROR_SECONDS", CachePolicy.DEFAULT_STALE_IF_ERROR_SECONDS, "seconds", problems);
        BlobSettings blobs = new BlobSettings(env, problems);
        UpstreamTable table = UpstreamTable.builtIn(registry, realms != null ? realms : new ArrayList<>());
        String upstreamsProblem = upstreamsError(env, table);
        if (upstreamsProblem != null) {
            problems.add(upstreamsProblem);
        }
        Controls controls = new Controls(env, problems);
        List<UpstreamState> upstreams = new ArrayList<>();
        boolean credentialsWrong = false;
        for (int i = 0; i < table.entries().size(); i++) {
            UpstreamRegistry entry = table.entries().get(i);
            String[] credentials = credentials(env, entry.name());
            boolean valid = credentials != null && AccountPool.parse(credentials) != null;
            credentialsWrong |= !valid;
            upstreams.add(new UpstreamState(entry, valid ? credentials : new String[0]));
        }
        check(problems, !credentialsWrong, "UPSTREAM_CREDENTIALS must be JSON like {\"docker.io\": [\"user:token\"]}");
        return new MirrorConfig(table, upstreams, timeout, idle, blobs, new PrewarmSettings(env, problems), tagTtl, stale, controls,
                joined(problems));
    }

}
