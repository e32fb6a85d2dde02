package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** The Worker's {@code env}: vars from wrangler.toml and secrets, all strings. */
public abstract class Env implements JSObject {
    /** The binding's value, or null when it is unset or not a string. */
    @JSBody(params = {"env", "name"}, script = "var v = env ? env[name] : undefined;"
            + " return typeof v === 'string' ? v : null;")
    public static native String get(Env env, String name);
}
