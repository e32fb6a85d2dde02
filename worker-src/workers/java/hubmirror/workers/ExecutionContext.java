package hubmirror.workers;

import org.teavm.jso.JSObject;

/** The third argument of {@code fetch}: work that outlives the response, and fail-open mode. */
public interface ExecutionContext extends JSObject {
    /** Keeps the isolate alive for {@code promise} after the response is sent (at most 30 s after the client goes). */
    void waitUntil(Promise<?> promise);

    /** On an uncaught exception, the request goes to the origin as if there were no Worker. */
    void passThroughOnException();
}
