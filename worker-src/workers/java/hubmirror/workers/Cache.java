package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSUndefined;

/**
 * The Cache API of the data centre the request runs in. Keys are URLs (the Vary header is ignored: put
 * the variant in the key URL). {@code put} refuses 206 and {@code Vary: *}; {@code match} answers a
 * {@code Range} request with 206 from a stored 200. On {@code *.workers.dev} it stores nothing.
 */
public abstract class Cache implements JSObject {
    private Cache() {
    }

    /** {@code caches.default}, the zone's cache that fetch itself uses. */
    @JSBody(script = "return caches.default;")
    public static native Cache defaultCache();

    /** {@code caches.default}, or null where the runtime has no cache (a workerd without a cache service throws). */
    @JSBody(script = "try { return caches.default || null; } catch (failure) { return null; }")
    public static native Cache defaultIfAvailable();

    /** A cache of its own, separate from the default one. */
    @JSBody(params = "name", script = "return caches.open(name);")
    public static native Promise<Cache> open(String name);

    /**
     * The stored response, or null (JS undefined) when there is none. GET requests only. A cache that cannot be
     * asked rejects (never throws), as do {@code put} and {@code remove}.
     */
    public final Promise<Response> match(Request key) {
        return matchOrNull(this, key);
    }

    public final Promise<Response> match(String url) {
        return matchOrNull(this, url);
    }

    // JS undefined is not Java's null in TeaVM code: turn a miss into null
    @JSBody(params = {"cache", "key"}, script = "try { return cache.match(key).then(function (found) { return found || null; }); }"
            + " catch (failure) { return Promise.reject(failure); }")
    private static native Promise<Response> matchOrNull(Cache cache, Request key);

    @JSBody(params = {"cache", "key"}, script = "try { return cache.match(key).then(function (found) { return found || null; }); }"
            + " catch (failure) { return Promise.reject(failure); }")
    private static native Promise<Response> matchOrNull(Cache cache, String key);

    /** Stores {@code response} (its body is read to the end: give it a clone or a tee branch). */
    public final Promise<JSUndefined> put(Request key, Response response) {
        return store(this, key, response);
    }

    public final Promise<JSUndefined> put(String url, Response response) {
        return store(this, url, response);
    }

    @JSBody(params = {"cache", "key", "response"}, script = "try { return cache.put(key, response); }"
            + " catch (failure) { return Promise.reject(failure); }")
    private static native Promise<JSUndefined> store(Cache cache, JSObject key, Response response);

    @JSBody(params = {"cache", "key", "response"}, script = "try { return cache.put(key, response); }"
            + " catch (failure) { return Promise.reject(failure); }")
    private static native Promise<JSUndefined> store(Cache cache, String key, Response response);

    /** Whether something was deleted. */
    @JSMethod("delete")
    public abstract Promise<JSBoolean> remove(Request key);

    @JSMethod("delete")
    public abstract Promise<JSBoolean> remove(String url);
}
