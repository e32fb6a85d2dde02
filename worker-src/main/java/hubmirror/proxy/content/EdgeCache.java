package hubmirror.proxy.content;

import hubmirror.proxy.Clock;
import hubmirror.proxy.Isolate;
import hubmirror.proxy.upstream.Upstream;

import hubmirror.workers.Cache;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.ReadableStream;
import hubmirror.workers.Request;
import hubmirror.workers.RequestInit;
import hubmirror.workers.Response;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSError;
import org.teavm.jso.core.JSUndefined;

/**
 * {@code caches.default} as the mirror uses it: a cache that fails never fails a pull. On
 * {@code *.workers.dev} it stores nothing; a workerd without a cache service rejects every call; both
 * then read as misses.
 */
public final class EdgeCache {
    /** A failed lookup keeps fills off for this long: a runtime without a cache service fails every one. */
    static final double UNAVAILABLE_MILLIS = 60000;

    private EdgeCache() {
    }

    /** The stored response for {@code key} (206 when {@code range} is set and satisfiable), or null. */
    static Promise<Response> match(String key, String range) {
        Cache cache = Cache.defaultIfAvailable();
        if (cache == null) {
            return Promise.resolve(unavailable("cache unavailable", null));
        }
        Promise<Response> found = range == null ? cache.match(key) : cache.match(new Request(key, withRange(range)));
        return found.then(hit -> hit, failure -> unavailable("cache match failed", failure));
    }

    /**
     * A blob's entry (206 for {@code range}) when its commit mark vouches for it, or null: no mark, or what is left
     * of another, failed fill.
     */
    static Promise<Response> blob(String key, String range) {
        return match(BlobFill.markOf(key), null)
                .flatThen(mark -> mark == null ? Promise.resolve((Response) null) : stored(key, range, mark));
    }

    /** The blob entry that {@code mark} names, or null (none, or what is left of another, failed fill). */
    private static Promise<Response> stored(String key, String range, Response mark) {
        String id = mark.getHeaders().get(BlobFill.FILL);
        Upstream.discard(mark);
        return match(key, range).then(hit -> {
            if (hit != null && hit.getStatus() == 416) {
                return hit; // a range outside the blob the mark vouches for
            }
            if (hit == null || id == null || !id.equals(hit.getHeaders().get(BlobFill.FILL))) {
                if (hit != null) {
                    Upstream.discard(hit);
                    WorkerGlobalScope.logError("hubmirror: a cached blob is not the one its mark names: " + key);
                }
                return null;
            }
            return hit;
        });
    }

    private static RequestInit withRange(String range) {
        Headers headers = new Headers();
        headers.set("range", range);
        RequestInit init = RequestInit.create();
        init.setHeaders(headers);
        return init;
    }

    /** A lookup that could not be made: logged, a miss, and fills off for a while. */
    private static Response unavailable(String what, JSObject failure) {
        WorkerGlobalScope.logError("hubmirror: " + what + (failure != null ? ": " + WorkerGlobalScope.describe(failure) : ""));
        Isolate.get().cacheUnavailableUntil(Clock.stamp() + UNAVAILABLE_MILLIS);
        return null;
    }

    /** Whether fills may be tried: no lookup in this isolate failed within {@link #UNAVAILABLE_MILLIS}. */
    static boolean mayFill() {
        return Isolate.get().cacheAvailable(Clock.now());
    }

    /** Stores {@code response} after the answer has gone, for as long as the runtime allows; a failure is logged. */
    public static void put(ExecutionContext ctx, String key, Response response) {
        Cache cache = Cache.defaultIfAvailable();
        Promise<JSUndefined> stored = cache != null ? cache.put(key, response)
                : Promise.reject(new JSError("cache unavailable"));
        Promise<JSUndefined> settled = stored.catchError(failure -> {
            WorkerGlobalScope.logError("hubmirror: cache put failed: " + WorkerGlobalScope.describe(failure));
            ReadableStream body = response.getBody();
            if (body != null && !body.isLocked()) {
                body.cancel().catchError(ignored -> null);
            }
            return null;
        });
        if (ctx != null) {
            ctx.waitUntil(settled);
        }
    }
}
