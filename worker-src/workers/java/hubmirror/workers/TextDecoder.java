package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.ArrayBufferView;

/** UTF-8 (or another label's) bytes to a string, natively. */
@JSClass
public class TextDecoder implements JSObject {
    public TextDecoder() {
    }

    public TextDecoder(String label) {
    }

    public native String decode(ArrayBufferView bytes);

    public native String decode(ArrayBuffer bytes);
}
