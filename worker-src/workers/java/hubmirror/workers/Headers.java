package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSClass;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;

@JSClass
public class Headers implements JSObject {
    public Headers() {
    }

    /** A mutable copy. */
    public Headers(Headers init) {
    }

    /** Null when absent; repeated headers come back joined with ", ". */
    public native String get(String name);

    public native boolean has(String name);

    public native void set(String name, String value);

    public native void append(String name, String value);

    @JSMethod("delete")
    public native void remove(String name);

    /**
     * Every header as {@code [name0, value0, name1, value1, …]}, names lowercase: one call, where
     * {@code forEach} would cross into Java once per header through a converted lambda.
     */
    @JSBody(params = "headers", script = "var out = []; for (var pair of headers) out.push(pair[0], pair[1]); return out;")
    public static native String[] entries(Headers headers);
}
