package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

@JSClass
public class AbortSignal implements JSObject {
    private AbortSignal() {
    }

    @JSProperty
    public native boolean isAborted();

    /** A signal that aborts by itself after {@code millis}, with an AbortError (TimeoutError). */
    public static native AbortSignal timeout(int millis);
}
