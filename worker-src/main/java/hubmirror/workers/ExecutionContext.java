package hubmirror.workers;

import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSPromise;

/** The third argument of {@code fetch}: work that outlives the response, and fail-open mode. */
public interface ExecutionContext extends JSObject {
    void waitUntil(JSPromise<?> promise);

    void passThroughOnException();
}
