package hubmirror.proxy;

import hubmirror.registry.HeaderPolicy;
import hubmirror.workers.AbortController;
import hubmirror.workers.Headers;
import hubmirror.workers.Request;
import hubmirror.workers.RequestInit;
import hubmirror.workers.Response;
import hubmirror.workers.URL;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.core.JSPromise;
import org.teavm.jso.streams.ReadableStream;

/**
 * Calls the upstream. Redirects are followed here, not by the client, so no storage URL ever reaches
 * it; each hop goes out with a fresh set of headers (never {@code Authorization} or cookies) to the
 * {@code Location} the previous answer named.
 */
final class Upstream {
    static final int MAX_REDIRECTS = 5;

    private final int timeoutMillis;

    Upstream(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /** Rejects with the runtime's error when the upstream is unreachable, or an AbortError on timeout. */
    JSPromise<Response> send(String url, String method, Headers headers, ReadableStream body) {
        RequestInit init = RequestInit.create();
        init.setMethod(method);
        init.setHeaders(headers);
        if (body != null) {
            init.setBody(body);
        }
        init.setRedirect("manual");
        // Only the wait for the answer's head is bounded; a big blob then streams as long as it takes.
        AbortController controller = new AbortController();
        init.setSignal(controller.getSignal());
        int timer = WorkerGlobalScope.setTimeout(controller::abort, timeoutMillis);
        return WorkerGlobalScope.fetch(new Request(url, init)).onSettled(() -> {
            WorkerGlobalScope.clearTimeout(timer);
            return null;
        });
    }

    /** A GET or HEAD that follows the upstream's redirects itself. */
    JSPromise<Response> get(String url, String method, Headers headers) {
        return send(url, method, headers, null).flatThen(response -> follow(url, method, headers, response, 0));
    }

    private JSPromise<Response> follow(String url, String method, Headers headers, Response response, int hops) {
        String location = response.getHeaders().get("location");
        if (!isRedirect(response.getStatus()) || location == null || hops == MAX_REDIRECTS) {
            return JSPromise.resolve(response);
        }
        URL next = new URL(location, url);
        String protocol = next.getProtocol();
        if (!protocol.equals("https:") && !protocol.equals("http:")) {
            return JSPromise.resolve(response);
        }
        discard(response);
        String nextUrl = next.getHref();
        Headers fresh = redirectHeaders(headers);
        return send(nextUrl, method, fresh, null)
                .flatThen(answer -> follow(nextUrl, method, fresh, answer, hops + 1));
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static Headers redirectHeaders(Headers original) {
        Headers fresh = new Headers();
        original.forEach((value, name) -> {
            if (HeaderPolicy.keepOnRedirect(name)) {
                fresh.set(name, value);
            }
        });
        return fresh;
    }

    /** Frees the connection of an answer whose body nobody will read. */
    static void discard(Response response) {
        ReadableStream body = response.getBody();
        if (body != null) {
            body.cancel();
        }
    }
}
