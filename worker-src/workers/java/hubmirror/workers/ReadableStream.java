package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSUndefined;

/**
 * A body stream. Java code hands it from one place to another (upstream body → response) without
 * touching its bytes; piping through a {@link TransformStream} or into a {@link DigestStream} stays
 * native too. (TeaVM's own {@code org.teavm.jso.streams.ReadableStream} has no pipes.)
 */
@JSClass
public class ReadableStream implements JSObject {
    private ReadableStream() {
    }

    @JSProperty
    public native boolean isLocked();

    /** Tells the source nobody will read on: the upstream connection is closed. */
    public native Promise<JSUndefined> cancel();

    public native Promise<JSUndefined> cancel(JSObject reason);

    /**
     * Two streams with the same bytes. Read both: the branch that falls behind buffers what the other has
     * read (without limit locally, up to an unpublished limit on Cloudflare).
     */
    public native JSArray<ReadableStream> tee();

    /** The readable side of {@code transform}, with this stream feeding its writable side. */
    public native ReadableStream pipeThrough(TransformStream transform);

    /** Streams every byte into {@code destination} and closes it; fulfils when all were written. */
    public native Promise<JSUndefined> pipeTo(WritableStream destination);

    /**
     * {@link #pipeTo(WritableStream)} with options. Between two native streams (a fetch body into a
     * {@link FixedLengthStream}, a cache put or a {@link DigestStream}) the runtime moves the bytes without
     * JavaScript per chunk; the promise rejects when the signal aborts it or either side fails.
     */
    public native Promise<JSUndefined> pipeTo(WritableStream destination, StreamPipeOptions options);
}
