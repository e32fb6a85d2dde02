package hubmirror.proxy.content;

import hubmirror.proxy.Clock;
import hubmirror.proxy.upstream.Upstream;

import hubmirror.workers.Promise;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSMap;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;

/**
 * Upstream requests under way in this isolate whose answer concurrent requests share (#19 item 6): the first
 * request for a key goes upstream, the ones that arrive while it runs wait for its answer. The entry goes when
 * the request settles, so a failure fails only the requests that waited for it and is not remembered.
 * Per isolate by nature: other isolates and data centres ask on their own. What is shared must be values
 * ({@link HeldAnswer}), never a body: the runtime ties those to the request that made them.
 */
public final class InFlight<T extends JSObject> {
    private final JSMap<JSString, Promise<T>> running = new JSMap<>();
    /** When each request under way started (ms since the epoch). */
    private final JSMap<JSString, JSNumber> started = new JSMap<>();

    /**
     * The request under way for {@code key} that started less than {@code maxAgeMillis} ago, or null. An older one
     * is forgotten: a request whose client left may be cancelled by the runtime without ever settling, and its
     * place must not stay taken for the life of the isolate.
     */
    public Promise<T> running(String key, int maxAgeMillis) {
        JSString name = JSString.valueOf(key);
        if (!running.has(name)) {
            return null;
        }
        if (Clock.now() - started.get(name).doubleValue() < maxAgeMillis) {
            return running.get(name);
        }
        running.delete(name);
        started.delete(name);
        return null;
    }

    /** A request of the caller's own. */
    public interface Alone<T extends JSObject> {
        Promise<T> get();
    }

    /**
     * {@code running}'s answer, or {@code alone}'s when it has not settled within {@code millis}: the
     * runtime may cancel a request whose client left without ever settling what it was doing, and the requests
     * that waited for it then ask on their own.
     */
    public static <T extends JSObject> Promise<T> join(Promise<T> running, int millis, Alone<T> alone) {
        JSObject late = JSObjects.create();
        Promise<JSObject> first = new Promise<>((resolve, reject) -> {
            int timer = WorkerGlobalScope.setTimeout(() -> resolve.resolve(late), millis);
            running.then(value -> {
                WorkerGlobalScope.clearTimeout(timer);
                resolve.resolve(value);
                return null;
            }, failure -> {
                WorkerGlobalScope.clearTimeout(timer);
                reject.reject(failure);
                return null;
            });
        });
        return first.flatThen(value -> value == late ? alone.get() : Promise.resolve(InFlight.<T>as(value)));
    }

    @SuppressWarnings("unchecked")
    private static <T extends JSObject> T as(JSObject value) {
        return (T) value;
    }

    /** {@code request} is the one for {@code key} until it settles (or grows too old); returned as it is. */
    public Promise<T> share(String key, Promise<T> request) {
        JSString name = JSString.valueOf(key);
        running.set(name, request);
        started.set(name, JSNumber.valueOf(Clock.stamp()));
        request.then(value -> forget(name, request), failure -> forget(name, request));
        return request;
    }

    private JSObject forget(JSString name, Promise<T> request) {
        if (running.has(name) && running.get(name) == request) {
            running.delete(name);
            started.delete(name);
        }
        return null;
    }
}
