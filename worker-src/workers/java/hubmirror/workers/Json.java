package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * {@code JSON}, natively. A parse that fails answers null rather than throwing: what a registry, a token
 * service or a variable sent is data to check, not a program error. The typed view of what was parsed is the
 * caller's (a JSO interface), and every field is checked with {@link #isString}/{@link #isNumber} before use.
 */
public final class Json {
    private Json() {
    }

    /** The value of UTF-8 JSON bytes, or null when they are not JSON (or are JSON {@code null}). */
    @JSBody(params = "bytes", script = "try { return JSON.parse(new TextDecoder().decode(bytes)); } catch (failure) { return null; }")
    public static native JSObject parse(ArrayBuffer bytes);

    /** The value of JSON text, or null when it is not JSON (or is JSON {@code null}). */
    @JSBody(params = "text", script = "try { return JSON.parse(text); } catch (failure) { return null; }")
    public static native JSObject parse(String text);

    @JSBody(params = "value", script = "return JSON.stringify(value);")
    public static native String stringify(JSObject value);

    /** Whether {@code value} is a JSON object: not null, not an array. */
    @JSBody(params = "value", script = "return value !== null && typeof value === 'object' && !Array.isArray(value);")
    public static native boolean isObject(JSObject value);

    /** {@code object[key]} (own fields only), or null when it has none. */
    @JSBody(params = {"object", "key"}, script = "var found = Object.prototype.hasOwnProperty.call(object, key) ? object[key] : null;"
            + " return found === undefined ? null : found;")
    public static native JSObject get(JSObject object, String key);

    /** The own field names of an object, in their order. */
    @JSBody(params = "object", script = "return Object.keys(object);")
    public static native String[] keys(JSObject object);

    @JSBody(params = "value", script = "return typeof value === 'string';")
    public static native boolean isString(JSObject value);

    /** A finite number. */
    @JSBody(params = "value", script = "return typeof value === 'number' && isFinite(value);")
    public static native boolean isNumber(JSObject value);
}
