package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;

@JSClass
public class AbortSignal implements JSObject {
    private AbortSignal() {
    }

    @JSProperty
    public native boolean isAborted();

    /** Why it aborted: the reason given to {@code abort}, or a TimeoutError / AbortError. */
    @JSProperty
    public native JSObject getReason();

    /** A signal that aborts by itself after {@code millis}, with a TimeoutError. */
    public static native AbortSignal timeout(int millis);

    /** A signal that aborts as soon as any of {@code signals} does, with its reason. */
    public static native AbortSignal any(JSArray<AbortSignal> signals);

    public static native AbortSignal abort(JSObject reason);
}
