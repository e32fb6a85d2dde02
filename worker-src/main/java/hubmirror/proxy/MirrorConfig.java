package hubmirror.proxy;

import hubmirror.registry.TokenRealm;
import hubmirror.workers.Env;

/** Worker vars, with the defaults that make the mirror a Docker Hub mirror. */
final class MirrorConfig {
    static final String DEFAULT_REGISTRY = "https://registry-1.docker.io";
    static final String DEFAULT_AUTH = "https://auth.docker.io";
    static final int DEFAULT_TIMEOUT_MS = 30000;

    final String upstreamRegistry;
    final String upstreamAuth;
    /**
     * How long the upstream may take (for a blob: to start answering; the body then streams without a
     * limit). 0 turns the timer off, which saves ~7 µs of CPU a request in workerd.
     */
    final int upstreamTimeoutMillis;

    private MirrorConfig(String upstreamRegistry, String upstreamAuth, int upstreamTimeoutMillis) {
        this.upstreamRegistry = upstreamRegistry;
        this.upstreamAuth = upstreamAuth;
        this.upstreamTimeoutMillis = upstreamTimeoutMillis;
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
        return new MirrorConfig(
                TokenRealm.stripTrailingSlash(orDefault(Env.get(env, "UPSTREAM_REGISTRY"), DEFAULT_REGISTRY)),
                TokenRealm.stripTrailingSlash(orDefault(Env.get(env, "UPSTREAM_AUTH"), DEFAULT_AUTH)),
                millis(Env.get(env, "UPSTREAM_TIMEOUT_MS")));
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    static int millis(String value) {
        if (value == null || value.isEmpty() || value.length() > 9) {
            return DEFAULT_TIMEOUT_MS;
        }
        int result = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return DEFAULT_TIMEOUT_MS;
            }
            result = result * 10 + (c - '0');
        }
        return result;
    }
}
