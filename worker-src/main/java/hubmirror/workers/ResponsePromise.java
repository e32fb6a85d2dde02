package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;

/**
 * A {@code Promise} of a {@link Response}, with callbacks typed as JS objects. The generic
 * {@code JSPromise<T>} hands its callbacks erased {@code Object}s, and TeaVM wraps every such value in a
 * JSWrapper (with a WeakRef and a FinalizationRegistry entry): measured at a quarter of a proxied
 * request's CPU time. Typed callbacks pass values straight through.
 */
@JSClass(name = "Promise")
public class ResponsePromise implements JSObject {
    private ResponsePromise() {
    }

    @JSMethod("resolve")
    public static native ResponsePromise of(Response response);

    /** {@code onFulfilled} returns a {@link Response} or another {@link ResponsePromise}. */
    public native ResponsePromise then(OnResponse onFulfilled);

    public native ResponsePromise then(OnResponse onFulfilled, OnFailure onRejected);

    @JSMethod("catch")
    public native ResponsePromise catchFailure(OnFailure onRejected);

    @JSMethod("finally")
    public native ResponsePromise onSettled(OnSettled onFinally);

    @JSFunctor
    public interface OnResponse extends JSObject {
        JSObject apply(Response response);
    }

    /** Receives whatever was thrown or rejected (an Error, usually). */
    @JSFunctor
    public interface OnFailure extends JSObject {
        JSObject apply(JSObject failure);
    }

    @JSFunctor
    public interface OnSettled extends JSObject {
        void run();
    }
}
