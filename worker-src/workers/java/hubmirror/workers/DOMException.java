package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;

/** {@code new DOMException(message, name)}: the error a runtime gives for an abort ({@code "AbortError"}) or a timeout ({@code "TimeoutError"}). */
@JSClass
public class DOMException implements JSObject {
    public DOMException(String message, String name) {
    }
}
