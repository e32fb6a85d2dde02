package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.Uint8Array;

/** The global {@code crypto}: Web Crypto ({@link SubtleCrypto}) and random values. Never call it at module load. */
public abstract class Crypto implements JSObject {
    private Crypto() {
    }

    @JSBody(script = "return crypto.subtle;")
    public static native SubtleCrypto subtle();

    @JSBody(script = "return crypto.randomUUID();")
    public static native String randomUUID();

    /** Fills {@code array} with cryptographically strong random bytes (at most 65536) and returns it. */
    @JSBody(params = "array", script = "return crypto.getRandomValues(array);")
    public static native Uint8Array getRandomValues(Uint8Array array);

    /** Compares in time independent of where the inputs differ (workerd's extension); lengths must match. */
    @JSBody(params = {"a", "b"}, script = "return a.byteLength === b.byteLength && crypto.subtle.timingSafeEqual(a, b);")
    public static native boolean timingSafeEqual(Uint8Array a, Uint8Array b);
}
