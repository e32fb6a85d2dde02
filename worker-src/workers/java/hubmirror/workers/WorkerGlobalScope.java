package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSTopLevel;

/** The globals of a Worker: {@code fetch}, timers and {@code console}. */
public abstract class WorkerGlobalScope implements JSObject {
    private WorkerGlobalScope() {
    }

    @JSTopLevel
    public static native Promise<Response> fetch(String url, RequestInit init);

    @JSTopLevel
    public static native Promise<Response> fetch(Request request);

    /** Only inside a request: workerd forbids timers at module load. */
    @JSTopLevel
    public static native int setTimeout(TimerHandler handler, int millis);

    @JSTopLevel
    public static native void clearTimeout(int id);

    /** A line in {@code wrangler tail} / Workers Logs. */
    @JSBody(params = "message", script = "console.log(message);")
    public static native void log(String message);

    @JSBody(params = "message", script = "console.error(message);")
    public static native void logError(String message);

    /** The message of a thrown JS value (an Error's {@code message}, or the value as text). */
    @JSBody(params = "e", script = "return e && typeof e.message === 'string'"
            + " ? (e.name ? e.name + ': ' : '') + e.message : String(e);")
    public static native String describe(JSObject e);

    /** Whether a rejection came from an aborted fetch (an AbortController's or a timeout signal's). */
    @JSBody(params = "e", script = "return !!e && (e.name === 'AbortError' || e.name === 'TimeoutError');")
    public static native boolean isAbort(JSObject e);

    /** Whether a rejection came from an {@code AbortSignal.timeout} that fired. */
    @JSBody(params = "failure", script = "return !!failure && failure.name === 'TimeoutError';")
    public static native boolean isTimeout(JSObject failure);
}
