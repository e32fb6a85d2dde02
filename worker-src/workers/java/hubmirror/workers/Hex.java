package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.typedarrays.ArrayBuffer;

/** Bytes as lowercase hex (a digest's text form), in one native pass. */
public final class Hex {
    private Hex() {
    }

    @JSBody(params = "buffer", script = "return Array.from(new Uint8Array(buffer), function (octet) {"
            + " return (octet < 16 ? '0' : '') + octet.toString(16); }).join('');")
    public static native String of(ArrayBuffer buffer);
}
