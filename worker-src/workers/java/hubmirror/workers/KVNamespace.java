package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSString;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.ArrayBuffer;

/** A Workers KV namespace binding ({@code [[kv_namespaces]]}): eventually consistent, global. */
public abstract class KVNamespace implements JSObject {
    private KVNamespace() {
    }

    /**
     * The value as text, or null when the key is absent. (Not a {@code Promise<JSString>}: TeaVM's strict
     * mode checks a JSString is a JS string, and null is not one.)
     */
    public abstract Promise<Text> get(String key);

    /**
     * A stored text value. An interface, as every type a promise callback receives that is no JS global
     * must be: for a class, TeaVM's strict mode checks {@code instanceof} against a global of its name.
     */
    public interface Text extends JSObject {
        default String value() {
            return asString(this);
        }
    }

    @JSBody(params = "text", script = "return text;")
    private static native String asString(Text text);

    /** The value parsed as JSON, or null. */
    @JSBody(params = {"kv", "key"}, script = "return kv.get(key, 'json');")
    private static native Promise<JSObject> getJson(KVNamespace kv, String key);

    public final Promise<JSObject> getJson(String key) {
        return getJson(this, key);
    }

    @JSBody(params = {"kv", "key"}, script = "return kv.get(key, 'arrayBuffer');")
    private static native Promise<ArrayBuffer> getBytes(KVNamespace kv, String key);

    public final Promise<ArrayBuffer> getArrayBuffer(String key) {
        return getBytes(this, key);
    }

    public abstract Promise<JSUndefined> put(String key, String value);

    /** Expires after {@code ttlSeconds} (at least 60 on Cloudflare). */
    @JSBody(params = {"kv", "key", "value", "ttl"}, script = "return kv.put(key, value, { expirationTtl: ttl });")
    private static native Promise<JSUndefined> putWithTtl(KVNamespace kv, String key, String value, int ttl);

    public final Promise<JSUndefined> put(String key, String value, int ttlSeconds) {
        return putWithTtl(this, key, value, ttlSeconds);
    }

    @JSMethod("delete")
    public abstract Promise<JSUndefined> remove(String key);

    /** Key names under {@code prefix} (up to 1000 a call). */
    @JSBody(params = {"kv", "prefix"}, script = "return kv.list({ prefix: prefix })"
            + ".then(function (found) { return found.keys.map(function (field) { return field.name; }); });")
    private static native Promise<JSArray<JSString>> listNames(KVNamespace kv, String prefix);

    public final Promise<JSArray<JSString>> list(String prefix) {
        return listNames(this, prefix);
    }
}
