package hubmirror.proxy;

import hubmirror.registry.AccountPool;
import hubmirror.registry.BlobDeadline;
import hubmirror.registry.BlobVerification;
import hubmirror.registry.ClientRules;
import hubmirror.registry.ImageRules;
import hubmirror.registry.MirrorUsers;
import hubmirror.registry.Reference;
import hubmirror.registry.RepositoryName;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.TokenRealm;
import hubmirror.registry.Tokens;
import hubmirror.registry.UpstreamRegistry;
import hubmirror.registry.UpstreamTable;
import hubmirror.workers.Env;
import hubmirror.workers.Json;
import hubmirror.workers.RateLimit;
import hubmirror.workers.URL;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSMap;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;

/** Worker vars, with the defaults that make the mirror a mirror of Docker Hub and the other registries it knows. */
final class MirrorConfig {
    static final String DEFAULT_REGISTRY = "https://registry-1.docker.io";
    static final String DEFAULT_AUTH = "https://auth.docker.io/token";
    static final int DEFAULT_TIMEOUT_MS = 30000;
    static final int DEFAULT_IDLE_TIMEOUT_MS = 60000;

    /** The registries served ({@code UPSTREAMS} on the built-in table; Docker Hub from {@code UPSTREAM_REGISTRY}). */
    final UpstreamTable table;
    /** Per served registry, in table order. */
    final List<UpstreamState> upstreams;
    /**
     * How long the upstream may take: for a small answer (manifest, token, error) the whole of it, for a
     * blob until its head. 0 turns the timer off.
     */
    final int upstreamTimeoutMillis;
    /**
     * {@code UPSTREAM_IDLE_TIMEOUT_MS}: a blob body's slack beyond its length at {@link #blobMinRate}
     * ({@link BlobDeadline}); for the rare body without a length, how long it may go without a byte. 0 = never.
     */
    final int idleTimeoutMillis;
    /** {@code BLOB_MIN_RATE}: bytes a second a blob's deadline allows for; 0 = no deadline (body handed on as is). */
    final int blobMinRate;
    /** {@code VERIFY_BLOBS=digest}: a stored blob is hashed before the cache serves it (else its length only). */
    final boolean verifyBlobDigest;
    /** How long a tag's digest is used without asking the upstream ({@code TAG_TTL_SECONDS}). */
    final int tagTtlSeconds;
    /** How long a tag's last digest may be served while the upstream fails ({@code STALE_IF_ERROR_SECONDS}). */
    final int staleIfErrorSeconds;
    /** What may be pulled ({@code ALLOW_IMAGES}, {@code DENY_IMAGES}); null only with {@link #error}. */
    final ImageRules images;
    /** The operator's message for a refused image ({@code DENY_MESSAGE}), or null. */
    final String denyMessage;
    /** Who may pull ({@code ALLOW_IPS}, {@code ALLOW_COUNTRIES}); null only with {@link #error}. */
    final ClientRules clients;
    /** The mirror's own users ({@code MIRROR_USERS}): with them the mirror is private; null: open. */
    final MirrorUsers users;
    /** The key of the tokens the mirror signs for its users ({@code TOKEN_SECRET}). */
    final String tokenSecret;
    /** How long those tokens live ({@code TOKEN_TTL_SECONDS}). */
    final int tokenTtlSeconds;
    /** With users: whether a client's upstream credentials still pass through ({@code LOGIN_PASSTHROUGH}). */
    final boolean loginPassthrough;
    /** Docker Hub's search API, which {@code /v1/search} asks ({@code SEARCH_API}). */
    final String searchApi;
    /** The manifest {@code /healthz} HEADs for Docker Hub's quota ({@code HEALTH_IMAGE}). */
    final String healthImage;
    /** How long a round of {@code /healthz}'s upstream checks is reused ({@code HEALTH_CHECK_SECONDS}). */
    final int healthCheckSeconds;
    /** {@code HIDE_HOME=true}: no home page, for anyone. */
    final boolean hideHome;
    /** {@code TEST_CLOCK=true}: tests may move the isolate's clock ahead ({@link Clock}); never in production. */
    final boolean testClock;
    /** The Rate Limiting binding {@code CLIENT_RATE_LIMIT} ({@code [[ratelimits]]}), or null: no limit. */
    final RateLimit rateLimit;
    /** Its period in seconds, for {@code Retry-After} ({@code CLIENT_RATE_LIMIT_PERIOD}, as in wrangler.toml). */
    final int rateLimitPeriod;
    /** Why the configuration cannot be used (names the variable, never a secret's value), or null. */
    final String error;
    /**
     * The home page with this configuration's registries filled in, per kind and language, cut at the host
     * ({@link HomePage}): a JS Map filled on first use. It depends on the configuration only.
     */
    final JSMap<JSString, JSArray<JSString>> homePages = new JSMap<>();

    private MirrorConfig(UpstreamTable table, List<UpstreamState> upstreams, int upstreamTimeoutMillis,
            int idleTimeoutMillis, Blobs blobs, int tagTtlSeconds, int staleIfErrorSeconds, Controls controls,
            String error) {
        this.blobMinRate = blobs.minRate;
        this.verifyBlobDigest = blobs.verifyDigest;
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
    int sharedWaitMillis() {
        return upstreamTimeoutMillis > 0 ? 2 * upstreamTimeoutMillis : 120000;
    }

    /** The served registry of this name, or null. */
    UpstreamState upstream(String name) {
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

    static MirrorConfig from(Env env) {
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
        Blobs blobs = new Blobs(env, problems);
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
            AccountPool accounts = credentials == null ? null : AccountPool.parse(credentials);
            credentialsWrong |= accounts == null;
            upstreams.add(new UpstreamState(entry, accounts));
        }
        check(problems, !credentialsWrong, "UPSTREAM_CREDENTIALS must be JSON like {\"docker.io\": [\"user:token\"]}");
        return new MirrorConfig(table, upstreams, timeout, idle, blobs, tagTtl, stale, controls, joined(problems));
    }

    private static void check(List<String> problems, boolean valid, String problem) {
        if (!valid) {
            problems.add(problem);
        }
    }

    /** The problems, one sentence each, or null when there are none. */
    private static String joined(List<String> problems) {
        if (problems.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(problems.get(0));
        for (int i = 1; i < problems.size(); i++) {
            text.append("; ").append(problems.get(i));
        }
        return text.toString();
    }

    /** {@code true} or {@code false} (unset: false); anything else is a problem, and false. */
    private static boolean flag(Env env, String name, List<String> problems) {
        String value = Env.get(env, name);
        boolean valid = value == null || value.isEmpty() || value.equals("false") || value.equals("true");
        check(problems, valid, name + " must be true or false");
        return valid && "true".equals(value);
    }

    /** A whole number of {@code unit}: {@code fallback} when unset; anything else is a problem, and the fallback. */
    private static int number(Env env, String name, int fallback, String unit, List<String> problems) {
        return number(name, Env.get(env, name), fallback, unit, problems);
    }

    static int number(String name, String value, int fallback, String unit, List<String> problems) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        double parsed = Tokens.unsignedDecimal(value, 9);
        check(problems, parsed >= 0, name + " must be a number of " + unit);
        return parsed >= 0 ? (int) parsed : fallback;
    }

    private static boolean isHttpUrl(String value) {
        return URL.parse(value, null) != null && value.startsWith("http");
    }

    private static boolean isImage(String image) {
        int colon = image.lastIndexOf(':');
        return RepositoryName.isValid(colon > 0 ? image.substring(0, colon) : image)
                && (colon < 0 || Reference.isTag(image.substring(colon + 1)));
    }

    /** The deadline of a blob's body and what a fill checks ({@code BLOB_MIN_RATE}, {@code VERIFY_BLOBS}). */
    private static final class Blobs {
        final int minRate;
        final boolean verifyDigest;

        Blobs(Env env, List<String> problems) {
            minRate = number(env, "BLOB_MIN_RATE", BlobDeadline.DEFAULT_MIN_RATE, "bytes per second (0: no deadline)",
                    problems);
            String verify = Env.get(env, "VERIFY_BLOBS");
            verifyDigest = BlobVerification.isDigest(verify);
            check(problems, BlobVerification.isValid(verify), "VERIFY_BLOBS must be length or digest");
        }
    }

    /** The operator's controls (#12), each off unless its variable is set. */
    private static final class Controls {
        final ImageRules images;
        final String denyMessage;
        final ClientRules clients;
        final boolean hideHome;
        final boolean testClock;
        final String healthImage;
        final int healthCheckSeconds;
        final String searchApi;
        final MirrorUsers users;
        final String tokenSecret;
        final int tokenTtl;
        final boolean passthrough;
        final RateLimit rateLimit;
        final int rateLimitPeriod;

        Controls(Env env, List<String> problems) {
            String allow = Env.get(env, "ALLOW_IMAGES");
            String deny = Env.get(env, "DENY_IMAGES");
            ImageRules parsedImages = ImageRules.parse(allow, deny);
            String patterns = " must be comma-separated image patterns like docker.io/library/* or ghcr.io/my-org/**";
            check(problems, ImageRules.isValid(allow), "ALLOW_IMAGES" + patterns);
            check(problems, ImageRules.isValid(deny), "DENY_IMAGES" + patterns);
            images = parsedImages != null ? parsedImages : ImageRules.parse(null, null);
            String ips = Env.get(env, "ALLOW_IPS");
            String countries = Env.get(env, "ALLOW_COUNTRIES");
            ClientRules parsedClients = ClientRules.parse(ips, countries);
            check(problems, ClientRules.parse(ips, null) != null,
                    "ALLOW_IPS must be comma-separated CIDRs like 192.0.2.0/24 or 2001:db8::/32");
            check(problems, ClientRules.parse(null, countries) != null,
                    "ALLOW_COUNTRIES must be comma-separated ISO country codes like CN,HK");
            clients = parsedClients != null ? parsedClients : ClientRules.parse(null, null);
            String message = Env.get(env, "DENY_MESSAGE");
            denyMessage = message == null || message.trim().isEmpty() ? null : message.trim();
            hideHome = flag(env, "HIDE_HOME", problems);
            testClock = flag(env, "TEST_CLOCK", problems);
            rateLimit = Env.rateLimit(env, "CLIENT_RATE_LIMIT");
            check(problems, rateLimit != null || Env.get(env, "CLIENT_RATE_LIMIT") == null
                    && Env.getJson(env, "CLIENT_RATE_LIMIT") == null,
                    "CLIENT_RATE_LIMIT must be a Rate Limiting binding ([[ratelimits]] in wrangler.toml), not a var");
            String userList = Env.get(env, "MIRROR_USERS");
            boolean usersGiven = userList != null && !userList.trim().isEmpty();
            users = usersGiven ? MirrorUsers.parse(userList) : null;
            check(problems, !usersGiven || users != null,
                    "MIRROR_USERS must be name:password pairs, comma-separated (names of letters, digits, . _ -)");
            tokenSecret = Env.get(env, "TOKEN_SECRET");
            check(problems, users == null || tokenSecret != null && tokenSecret.length() >= 16,
                    "TOKEN_SECRET must be set, at least 16 characters, when MIRROR_USERS is (it signs the mirror's tokens)");
            int ttl = number(env, "TOKEN_TTL_SECONDS", 300, "seconds", problems);
            check(problems, ttl > 0, "TOKEN_TTL_SECONDS must be more than 0");
            tokenTtl = ttl > 0 ? ttl : 300;
            passthrough = flag(env, "LOGIN_PASSTHROUGH", problems);
            searchApi = orDefault(Env.get(env, "SEARCH_API"), "https://index.docker.io/v1/search");
            check(problems, isHttpUrl(searchApi), "SEARCH_API must be a URL (https://host/path)");
            healthImage = orDefault(Env.get(env, "HEALTH_IMAGE"), "ratelimitpreview/test:latest");
            check(problems, isImage(healthImage), "HEALTH_IMAGE must be a repository and tag like ratelimitpreview/test:latest");
            healthCheckSeconds = number(env, "HEALTH_CHECK_SECONDS", 30, "seconds", problems);
            int period = number(env, "CLIENT_RATE_LIMIT_PERIOD", 60, "seconds", problems);
            check(problems, period > 0, "CLIENT_RATE_LIMIT_PERIOD must be the binding's period in seconds (10 or 60)");
            rateLimitPeriod = period > 0 ? period : 60;
        }
    }

    /** Applies {@code UPSTREAMS} to the table; why it cannot be used, or null. */
    private static String upstreamsError(Env env, UpstreamTable table) {
        JSObject value = jsonVar(env, "UPSTREAMS");
        if (value == null) {
            return null;
        }
        String shape = "UPSTREAMS must be a JSON object like {\"ghcr.io\": {\"registry\": \"https://ghcr.io\", "
                + "\"auth\": [\"https://ghcr.io/token\"]}} (null turns a registry off; fields: registry, auth, label)";
        if (!Json.isObject(value)) {
            return shape;
        }
        String[] names = Json.keys(value);
        for (int i = 0; i < names.length; i++) {
            // the entry by its place, not its key: a configuration error shows no part of the value
            String problem = configure(table, names[i], Json.get(value, names[i]));
            if (problem != null) {
                return problem.isEmpty() ? shape : "UPSTREAMS: entry " + (i + 1) + ": " + problem;
            }
        }
        return null;
    }

    /** One {@code UPSTREAMS} entry applied; its problem, "" when it is not an entry's shape at all, or null. */
    private static String configure(UpstreamTable table, String name, JSObject entry) {
        if (entry == null || JSObjects.typeOf(entry).equals("boolean") && !((JSBoolean) entry).booleanValue()) {
            return table.configure(name, null, null, null, true);
        }
        if (!Json.isObject(entry)) {
            return "";
        }
        for (String field : Json.keys(entry)) {
            if (!field.equals("registry") && !field.equals("auth") && !field.equals("label")
                    || !field.equals("auth") && !Json.isString(Json.get(entry, field))) {
                return ""; // an unknown field, or a field of another type, is a mistake, not something to ignore
            }
        }
        JSObject registry = Json.get(entry, "registry");
        JSObject label = Json.get(entry, "label");
        JSObject auth = Json.get(entry, "auth");
        String realms = auth != null ? realmList(auth) : null;
        if (realms == null && contains(Json.keys(entry), "auth")) {
            return "";
        }
        return table.configure(name, registry == null ? null : ((JSString) registry).stringValue(), realms,
                label == null ? null : ((JSString) label).stringValue(), false);
    }

    private static boolean contains(String[] names, String name) {
        for (String each : names) {
            if (each.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** {@code auth}: a URL or a list of URLs, as one comma-separated list; null when it is neither. */
    private static String realmList(JSObject auth) {
        if (Json.isString(auth)) {
            String one = ((JSString) auth).stringValue();
            return one.indexOf(',') < 0 ? one : null;
        }
        if (!JSArray.isArray(auth)) {
            return null;
        }
        JSArray<JSObject> list = (JSArray<JSObject>) auth;
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < list.getLength(); i++) {
            JSObject item = list.get(i);
            if (!Json.isString(item) || ((JSString) item).stringValue().indexOf(',') >= 0) {
                return null;
            }
            joined.append(i == 0 ? "" : ",").append(((JSString) item).stringValue());
        }
        return joined.toString();
    }

    /**
     * The {@code user:secret} entries that {@code UPSTREAM_CREDENTIALS} (a JSON string, or a table) lists for
     * {@code registry}; empty when unset; null when it is not an object of string arrays. Entries for
     * registries the deployment does not serve are accepted and unused.
     */
    private static String[] credentials(Env env, String registry) {
        JSObject value = jsonVar(env, "UPSTREAM_CREDENTIALS");
        if (value == null) {
            return new String[0];
        }
        if (!Json.isObject(value)) {
            return null;
        }
        String[] found = new String[0];
        for (String name : Json.keys(value)) {
            JSObject list = Json.get(value, name);
            if (list == null || !JSArray.isArray(list)) {
                return null;
            }
            JSArray<JSObject> entries = (JSArray<JSObject>) list;
            String[] texts = new String[entries.getLength()];
            for (int i = 0; i < texts.length; i++) {
                if (!Json.isString(entries.get(i))) {
                    return null;
                }
                texts[i] = ((JSString) entries.get(i)).stringValue();
            }
            if (name.equals(registry)) {
                found = texts;
            }
        }
        return found;
    }

    /**
     * A JSON var: a JSON string, or a {@code [vars]} table; null when unset or empty. A string that is not JSON
     * reads as JSON {@code false}, which no caller takes.
     */
    private static JSObject jsonVar(Env env, String name) {
        String text = Env.get(env, name);
        if (text == null) {
            return Env.getJson(env, name);
        }
        if (text.isEmpty()) {
            return null;
        }
        JSObject parsed = Json.parse(text);
        return parsed != null ? parsed : JSBoolean.valueOf(false);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
