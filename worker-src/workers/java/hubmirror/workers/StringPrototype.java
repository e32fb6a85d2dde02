package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSString;

/**
 * JS string methods. TeaVM's Java strings wrap JS strings, but its StringBuilder (and so Java's
 * {@code +}) copies through a char array and back: filling the 19 KB home page that way cost ~120 µs a
 * request, the native method a few.
 */
public abstract class StringPrototype implements JSObject {
    /** {@code a + b + c} as one JS concatenation; Java's {@code +} builds a char array and copies back. */
    @JSBody(params = {"a", "b", "c"}, script = "return a + b + c;")
    public static native String concat(String a, String b, String c);

    /** {@code a + b + c + d + e} as one JS concatenation. */
    @JSBody(params = {"a", "b", "c", "d", "e"}, script = "return a + b + c + d + e;")
    public static native String concat(String a, String b, String c, String d, String e);

    /** {@code s.split(separator)}, as a JS array (join it again with {@code JSArray.join}). */
    @JSBody(params = {"s", "separator"}, script = "return s.split(separator);")
    public static native JSArray<JSString> split(String s, String separator);

    @JSBody(params = {"s", "search", "replacement"}, script = "return s.replaceAll(search, () => replacement);")
    public static native String replaceAll(String s, String search, String replacement);
}
