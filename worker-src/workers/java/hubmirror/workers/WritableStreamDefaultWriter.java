package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.Uint8Array;

@JSClass
public class WritableStreamDefaultWriter implements JSObject {
    private WritableStreamDefaultWriter() {
    }

    /** Byte streams (a TransformStream's writable side in workerd) take bytes, not strings. */
    public native Promise<JSUndefined> write(Uint8Array chunk);

    public native Promise<JSUndefined> close();

    public native Promise<JSUndefined> abort(JSObject reason);

    public native void releaseLock();
}
