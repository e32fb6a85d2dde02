package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;

/**
 * A JS {@code Promise} of a JS value. Unlike {@code org.teavm.jso.core.JSPromise<T>}, whose callbacks
 * receive erased {@code Object}s that TeaVM wraps in a JSWrapper each (with a WeakRef and a
 * FinalizationRegistry entry), the type parameters here are bounded by {@link JSObject}: they erase to
 * JSObject, so values pass between JS and Java untouched. Use {@code JSString}, {@code JSNumber},
 * {@code JSBoolean} for primitives. The names follow JSPromise: {@code flat…} callbacks return a promise.
 */
@JSClass(name = "Promise")
public class Promise<T extends JSObject> implements JSObject {
    /** Runs {@code executor} at once; the promise settles when it calls resolve or reject. */
    public Promise(Executor<T> executor) {
    }

    public static native <T extends JSObject> Promise<T> resolve(T value);

    /** A promise rejected with {@code reason} (an Error, usually). */
    public static native <T extends JSObject> Promise<T> reject(JSObject reason);

    /** Fulfils with every value, in order, once all have; rejects with the first rejection. */
    public static native <T extends JSObject> Promise<JSArray<T>> all(JSArray<Promise<T>> promises);

    @JSMethod("then")
    public native <R extends JSObject> Promise<R> then(Then<? super T, R> onFulfilled);

    @JSMethod("then")
    public native <R extends JSObject> Promise<R> then(Then<? super T, R> onFulfilled, Then<JSObject, R> onRejected);

    /** {@code then} whose callback answers with another promise, which this one then follows. */
    @JSMethod("then")
    public native <R extends JSObject> Promise<R> flatThen(Then<? super T, Promise<R>> onFulfilled);

    @JSMethod("then")
    public native <R extends JSObject> Promise<R> flatThen(Then<? super T, Promise<R>> onFulfilled,
            Then<JSObject, Promise<R>> onRejected);

    /** Receives whatever was thrown or rejected (an Error, usually). */
    @JSMethod("catch")
    public native Promise<T> catchError(Then<JSObject, T> onRejected);

    @JSMethod("catch")
    public native Promise<T> flatCatchError(Then<JSObject, Promise<T>> onRejected);

    /** Runs either way; the promise keeps the value or the failure. */
    @JSMethod("finally")
    public native Promise<T> onSettled(Settled onSettled);

    @JSFunctor
    public interface Then<V extends JSObject, R extends JSObject> extends JSObject {
        R apply(V value);
    }

    @JSFunctor
    public interface Settled extends JSObject {
        void run();
    }

    @JSFunctor
    public interface Executor<T extends JSObject> extends JSObject {
        void run(Resolve<T> resolve, Reject reject);
    }

    @JSFunctor
    public interface Resolve<T extends JSObject> extends JSObject {
        void resolve(T value);
    }

    @JSFunctor
    public interface Reject extends JSObject {
        void reject(JSObject reason);
    }
}
