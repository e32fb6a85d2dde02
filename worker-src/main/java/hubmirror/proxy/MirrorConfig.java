package hubmirror.proxy;

import hubmirror.registry.AccountPool;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.TokenRealm;
import hubmirror.registry.Tokens;
import hubmirror.registry.UpstreamTable;
import hubmirror.workers.Env;
import hubmirror.workers.URL;
import java.util.List;
import org.teavm.jso.JSBody;

/** Worker vars, with the defaults that make the mirror a Docker Hub mirror. */
final class MirrorConfig {
    static final String DEFAULT_REGISTRY = "https://registry-1.docker.io";
    static final String DEFAULT_AUTH = "https://auth.docker.io/token";
    static final int DEFAULT_TIMEOUT_MS = 30000;
    static final int DEFAULT_IDLE_TIMEOUT_MS = 60000;

    final String upstreamRegistry;
    /** The token realms the mirror may call, exactly ({@code UPSTREAM_AUTH}). */
    final List<String> realms;
    /**
     * How long the upstream may take: for a small answer (manifest, token, error) the whole of it, for a
     * blob until its head. 0 turns the timer off.
     */
    final int upstreamTimeoutMillis;
    /** How long a blob's body may go without a byte before the mirror gives up on it; 0 = never. */
    final int idleTimeoutMillis;
    /** The upstream's host (and port), which names it in cache keys. */
    final String upstreamHost;
    /** How long a tag's digest is used without asking the upstream ({@code TAG_TTL_SECONDS}). */
    final int tagTtlSeconds;
    /** How long a tag's last digest may be served while the upstream fails ({@code STALE_IF_ERROR_SECONDS}). */
    final int staleIfErrorSeconds;
    /** The mirror's own accounts for the upstream ({@code UPSTREAM_CREDENTIALS}); may be empty. */
    final AccountPool accounts;
    /** Tokens the mirror fetched for itself, kept for this isolate's life. */
    final UpstreamTokens tokens = new UpstreamTokens();
    /** Why the configuration cannot be used (names the variable, never a value), or null. */
    final String error;

    private MirrorConfig(String upstreamRegistry, List<String> realms, int upstreamTimeoutMillis,
            int idleTimeoutMillis, int tagTtlSeconds, int staleIfErrorSeconds, AccountPool accounts, String error) {
        this.upstreamRegistry = upstreamRegistry;
        this.realms = realms;
        this.upstreamTimeoutMillis = upstreamTimeoutMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.tagTtlSeconds = tagTtlSeconds;
        this.staleIfErrorSeconds = staleIfErrorSeconds;
        this.accounts = accounts != null ? accounts : AccountPool.empty();
        URL registry = URL.parse(upstreamRegistry, null);
        this.upstreamHost = registry != null ? registry.getHost() : null;
        this.error = error != null ? error
                : upstreamHost == null ? "UPSTREAM_REGISTRY must be a URL (https://host)" : null;
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
        String auth = orDefault(Env.get(env, "UPSTREAM_AUTH"), DEFAULT_AUTH);
        List<String> realms = TokenRealm.parseRealms(auth);
        int timeout = millis(Env.get(env, "UPSTREAM_TIMEOUT_MS"), DEFAULT_TIMEOUT_MS);
        int idle = millis(Env.get(env, "UPSTREAM_IDLE_TIMEOUT_MS"), DEFAULT_IDLE_TIMEOUT_MS);
        int tagTtl = millis(Env.get(env, "TAG_TTL_SECONDS"), CachePolicy.DEFAULT_TAG_TTL_SECONDS);
        int stale = millis(Env.get(env, "STALE_IF_ERROR_SECONDS"), CachePolicy.DEFAULT_STALE_IF_ERROR_SECONDS);
        String[] credentials = credentials(env, UpstreamTable.DOCKER_HUB);
        AccountPool accounts = credentials == null ? null : AccountPool.parse(credentials);
        String error = realms == null ? "UPSTREAM_AUTH must be token realm URLs (https://host/path), comma-separated"
                : timeout < 0 ? "UPSTREAM_TIMEOUT_MS must be a number of milliseconds"
                : idle < 0 ? "UPSTREAM_IDLE_TIMEOUT_MS must be a number of milliseconds"
                : tagTtl < 0 ? "TAG_TTL_SECONDS must be a number of seconds"
                : stale < 0 ? "STALE_IF_ERROR_SECONDS must be a number of seconds"
                : accounts == null ? "UPSTREAM_CREDENTIALS must be JSON like {\"docker.io\": [\"user:token\"]}" : null;
        return new MirrorConfig(TokenRealm.stripTrailingSlash(orDefault(Env.get(env, "UPSTREAM_REGISTRY"), DEFAULT_REGISTRY)),
                realms, timeout, idle, tagTtl, stale, accounts, error);
    }

    /**
     * The {@code user:secret} entries that {@code UPSTREAM_CREDENTIALS} (a JSON string, or a table) lists for
     * {@code registry}; empty when unset; null when it is not an object of string arrays. Entries for other
     * registries are accepted and wait for them.
     */
    @JSBody(params = {"env", "registry"}, script = ""
            // registry: UpstreamTable.DOCKER_HUB, what UPSTREAM_REGISTRY stands for
            + "var v = env ? env.UPSTREAM_CREDENTIALS : undefined;"
            + "if (v === undefined || v === null || v === '') return [];"
            + "if (typeof v === 'string') { try { v = JSON.parse(v); } catch (e) { return null; } }"
            + "if (!v || typeof v !== 'object' || Array.isArray(v)) return null;"
            + "var out = [];"
            + "for (var k in v) {"
            + "  var list = v[k];"
            + "  if (!Array.isArray(list)) return null;"
            + "  for (var i = 0; i < list.length; i++) {"
            + "    if (typeof list[i] !== 'string') return null;"
            + "    if (k === registry) out.push(list[i]);"
            + "  }"
            + "}"
            + "return out;")
    private static native String[] credentials(Env env, String registry);

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** A count of milliseconds; {@code fallback} when unset, -1 when not a number. */
    static int millis(String value, int fallback) {
        return value == null || value.isEmpty() ? fallback : (int) Tokens.unsignedDecimal(value, 9);
    }
}
