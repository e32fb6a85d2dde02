package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSUndefined;

/** The writing end of a stream: the writable side of a {@link TransformStream}, or a {@link DigestStream}. */
@JSClass
public class WritableStream implements JSObject {
    protected WritableStream() {
    }

    @JSProperty
    public native boolean isLocked();

    /** Locks the stream to one writer, through which Java writes chunks. */
    public native WritableStreamDefaultWriter getWriter();

    public native Promise<JSUndefined> close();

    public native Promise<JSUndefined> abort(JSObject reason);
}
