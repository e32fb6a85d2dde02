package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * The Worker's {@code env}: vars ({@code [vars]}: strings, or JSON values when given as TOML tables or
 * arrays), secrets (strings) and bindings (KV, Rate Limiting, …), each by its name in wrangler.toml.
 * Absent or mistyped entries come back null, never a JS {@code undefined}.
 */
public abstract class Env implements JSObject {
    private Env() {
    }

    /** A string var or a secret. */
    @JSBody(params = {"env", "name"}, script = "var value = env ? env[name] : undefined;"
            + " return typeof value === 'string' ? value : null;")
    public static native String get(Env env, String name);

    /** A var given as a TOML table or array (an object or array in JS), or null. */
    @JSBody(params = {"env", "name"}, script = "var value = env ? env[name] : undefined;"
            + " return value !== null && typeof value === 'object' ? value : null;")
    public static native JSObject getJson(Env env, String name);

    @JSBody(params = {"env", "name"}, script = "var value = env ? env[name] : undefined;"
            + " return value && typeof value.get === 'function' && typeof value.put === 'function' ? value : null;")
    public static native KVNamespace kv(Env env, String name);

    /** An R2 bucket binding ({@code [[r2_buckets]]}), or null. */
    @JSBody(params = {"env", "name"}, script = "var value = env ? env[name] : undefined;"
            + " return value && typeof value.head === 'function' && typeof value.createMultipartUpload === 'function'"
            + " ? value : null;")
    public static native R2Bucket r2(Env env, String name);

    @JSBody(params = {"env", "name"}, script = "var value = env ? env[name] : undefined;"
            + " return value && typeof value.limit === 'function' ? value : null;")
    public static native RateLimit rateLimit(Env env, String name);
}
