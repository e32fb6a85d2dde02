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
}
