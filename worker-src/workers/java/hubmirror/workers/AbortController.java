package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

@JSClass
public class AbortController implements JSObject {
    public AbortController() {
    }

    @JSProperty
    public native AbortSignal getSignal();

    /** Aborts with an AbortError. */
    public native void abort();

    public native void abort(JSObject reason);
}
