package hubmirror.proxy;

import hubmirror.registry.TokenRealm;
import hubmirror.registry.Tokens;
import hubmirror.workers.Env;
import java.util.List;

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
    /** Why the configuration cannot be used (names the variable, never a value), or null. */
    final String error;

    private MirrorConfig(String upstreamRegistry, List<String> realms, int upstreamTimeoutMillis,
            int idleTimeoutMillis, String error) {
        this.upstreamRegistry = upstreamRegistry;
        this.realms = realms;
        this.upstreamTimeoutMillis = upstreamTimeoutMillis;
        this.idleTimeoutMillis = idleTimeoutMillis;
        this.error = error;
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
        String error = realms == null ? "UPSTREAM_AUTH must be token realm URLs (https://host/path), comma-separated"
                : timeout < 0 ? "UPSTREAM_TIMEOUT_MS must be a number of milliseconds"
                : idle < 0 ? "UPSTREAM_IDLE_TIMEOUT_MS must be a number of milliseconds" : null;
        return new MirrorConfig(TokenRealm.stripTrailingSlash(orDefault(Env.get(env, "UPSTREAM_REGISTRY"), DEFAULT_REGISTRY)),
                realms, timeout, idle, error);
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** A count of milliseconds; {@code fallback} when unset, -1 when not a number. */
    static int millis(String value, int fallback) {
        return value == null || value.isEmpty() ? fallback : (int) Tokens.unsignedDecimal(value, 9);
    }
}
