package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/**
 * A pair of streams: what is written to {@link #getWritable()} can be read from {@link #getReadable()}.
 * With no transformer it passes chunks on as they are, so a Worker can answer with the readable side at
 * once and write the body later (in {@code ctx.waitUntil}).
 */
@JSClass
public class TransformStream implements JSObject {
    public TransformStream() {
    }

    @JSProperty
    public native ReadableStream getReadable();

    @JSProperty
    public native WritableStream getWritable();
}
