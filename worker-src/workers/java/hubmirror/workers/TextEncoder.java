package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * UTF-8 bytes of a string, natively: Java's {@code getBytes(UTF_8)} pulls ~9 KB of TeaVM's charset code
 * into the bundle and copies through a Java array.
 */
@JSClass
public class TextEncoder implements JSObject {
    public TextEncoder() {
    }

    public native Uint8Array encode(String text);
}
