package hubmirror.examples.probe;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** A JS object built field by field, for the probe's JSON answers. */
abstract class Fields implements JSObject {
    @JSBody(script = "return {};")
    static native Fields create();

    @JSBody(params = {"o", "k", "v"}, script = "o[k] = v; return o;")
    private static native Fields set(Fields o, String k, JSObject v);

    @JSBody(params = {"o", "k", "v"}, script = "o[k] = v; return o;")
    private static native Fields set(Fields o, String k, String v);

    @JSBody(params = {"o", "k", "v"}, script = "o[k] = v; return o;")
    private static native Fields set(Fields o, String k, double v);

    @JSBody(params = {"o", "k", "v"}, script = "o[k] = v; return o;")
    private static native Fields set(Fields o, String k, boolean v);

    final Fields put(String key, JSObject value) {
        return set(this, key, value);
    }

    final Fields put(String key, String value) {
        return set(this, key, value);
    }

    final Fields put(String key, double value) {
        return set(this, key, value);
    }

    final Fields put(String key, boolean value) {
        return set(this, key, value);
    }

    /** Lowercase hex of the bytes of an ArrayBuffer. */
    @JSBody(params = "buffer", script = "return Array.from(new Uint8Array(buffer), function (octet) {"
            + " return octet.toString(16).padStart(2, '0'); }).join('');")
    static native String hex(JSObject buffer);

    @JSBody(params = {"o", "k"}, script = "return o[k];")
    static native JSObject field(JSObject o, String k);
}
