package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * The options of {@link ReadableStream#pipeTo(WritableStream, StreamPipeOptions)}. A signal that aborts ends the
 * pipe: the destination is aborted and the source cancelled (an upstream connection closes), natively.
 */
public abstract class StreamPipeOptions implements JSObject {
    @JSBody(script = "return {};")
    public static native StreamPipeOptions create();

    @JSProperty
    public abstract void setSignal(AbortSignal signal);

    /** Leaves the destination open when the source ends (to pipe more into it). */
    @JSProperty
    public abstract void setPreventClose(boolean preventClose);

    /** Options whose {@code signal} ends the pipe. */
    public static StreamPipeOptions withSignal(AbortSignal signal) {
        StreamPipeOptions options = create();
        options.setSignal(signal);
        return options;
    }
}
