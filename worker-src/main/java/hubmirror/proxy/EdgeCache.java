package hubmirror.proxy;

import hubmirror.workers.ExecutionContext;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * {@code caches.default} as the mirror uses it: a cache that fails never fails a pull. On
 * {@code *.workers.dev} it stores nothing; a workerd without a cache service rejects every call; both
 * then read as misses.
 */
final class EdgeCache {
    /** A failed lookup keeps fills off for this long: a runtime without a cache service fails every one. */
    static final double UNAVAILABLE_MILLIS = 60000;
    /**
     * Until when fills are off in this isolate (ms since the epoch; 0: on): set by a lookup that failed, so a
     * blob is not fetched a second time for a cache that cannot take it. About the runtime, never a request.
     */
    private static double unavailableUntil;

    private EdgeCache() {
    }

    /** The stored response for {@code key} (206 when {@code range} is set and satisfiable), or null. */
    static Promise<Response> match(String key, String range) {
        return lookup(key, range).then(EdgeCache::found);
    }

    private static Response found(JSObject result) {
        if (isFailure(result)) {
            unavailableUntil = MirrorIdentity.now() + UNAVAILABLE_MILLIS;
            return null;
        }
        return (Response) result;
    }

    /** Whether fills may be tried: no lookup in this isolate failed within {@link #UNAVAILABLE_MILLIS}. */
    static boolean mayFill() {
        return unavailableUntil == 0 || MirrorIdentity.now() >= unavailableUntil;
    }

    /** The match, null for a miss, or the failure (logged) when the cache could not be asked. */
    @JSBody(params = {"key", "range"}, script = "try {"
            + " return caches.default.match(range ? new Request(key, { headers: { range: range } }) : key).then(function (found) { return found || null; },"
            + "   function (failure) { console.error('hubmirror: cache match failed: ' + (failure && failure.message)); return { failed: failure }; });"
            + "} catch (failure) { console.error('hubmirror: cache unavailable: ' + (failure && failure.message)); return Promise.resolve({ failed: failure }); }")
    private static native Promise<JSObject> lookup(String key, String range);

    @JSBody(params = "result", script = "return result !== null && typeof result === 'object' && 'failed' in result;")
    private static native boolean isFailure(JSObject result);

    /** Stores {@code response} after the answer has gone, for as long as the runtime allows. */
    @JSBody(params = {"ctx", "key", "response"}, script = "var pending;"
            + "try { pending = caches.default.put(key, response); } catch (failure) { pending = Promise.reject(failure); }"
            + "pending = Promise.resolve(pending).catch(function (failure) {"
            + "  console.error('hubmirror: cache put failed: ' + (failure && failure.message));"
            + "  if (response.body && !response.body.locked) response.body.cancel().catch(function () {}); });"
            + "if (ctx) ctx.waitUntil(pending);")
    static native void put(ExecutionContext ctx, String key, Response response);
}
