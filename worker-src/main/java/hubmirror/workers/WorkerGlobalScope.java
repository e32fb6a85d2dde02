package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSTopLevel;
import org.teavm.jso.core.JSPromise;

/** The globals of a Worker that the mirror uses: {@code fetch}, timers and {@code console}. */
public abstract class WorkerGlobalScope implements JSObject {
    @JSTopLevel
    public static native JSPromise<Response> fetch(Request request);

    @JSTopLevel
    public static native int setTimeout(TimerHandler handler, int millis);

    @JSTopLevel
    public static native void clearTimeout(int id);

    @JSBody(params = "message", script = "console.error(message);")
    public static native void logError(String message);

    /** The message of a thrown JS value (an Error's {@code message}, or the value as text). */
    @JSBody(params = "e", script = "return e && typeof e.message === 'string'"
            + " ? (e.name ? e.name + ': ' : '') + e.message : String(e);")
    public static native String describe(Object e);

    /** Whether a rejection came from an aborted fetch (the mirror's own timeout). */
    @JSBody(params = "e", script = "return !!e && e.name === 'AbortError';")
    public static native boolean isAbort(Object e);
}
