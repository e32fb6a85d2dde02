package hubmirror.proxy;

import hubmirror.workers.ExecutionContext;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import org.teavm.jso.JSBody;

/**
 * {@code caches.default} as the mirror uses it: a cache that fails never fails a pull. On
 * {@code *.workers.dev} it stores nothing; a workerd without a cache service throws on every call; both
 * then read as misses.
 */
final class EdgeCache {
    private EdgeCache() {
    }

    /** The stored response for {@code key} (206 when {@code range} is set and satisfiable), or null. */
    @JSBody(params = {"key", "range"}, script = "try {"
            + " return caches.default.match(range ? new Request(key, { headers: { range: range } }) : key).then(function (found) { return found || null; },"
            + "   function (failure) { console.error('hubmirror: cache match failed: ' + (failure && failure.message)); return null; });"
            + "} catch (failure) { console.error('hubmirror: cache unavailable: ' + (failure && failure.message)); return Promise.resolve(null); }")
    static native Promise<Response> match(String key, String range);

    /** Stores {@code response} after the answer has gone, for as long as the runtime allows. */
    @JSBody(params = {"ctx", "key", "response"}, script = "var pending;"
            + "try { pending = caches.default.put(key, response); } catch (failure) { pending = Promise.reject(failure); }"
            + "pending = Promise.resolve(pending).catch(function (failure) {"
            + "  console.error('hubmirror: cache put failed: ' + (failure && failure.message));"
            + "  if (response.body && !response.body.locked) response.body.cancel().catch(function () {}); });"
            + "if (ctx) ctx.waitUntil(pending);")
    static native void put(ExecutionContext ctx, String key, Response response);
}
