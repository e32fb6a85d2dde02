package hubmirror.proxy;

import hubmirror.registry.HeaderPolicy;
import hubmirror.workers.AbortController;
import hubmirror.workers.AbortSignal;
import hubmirror.workers.Headers;
import hubmirror.workers.RequestInit;
import hubmirror.workers.Response;
import hubmirror.workers.Promise;
import hubmirror.workers.URL;
import hubmirror.workers.WorkerGlobalScope;
import hubmirror.workers.ReadableStream;

/**
 * One exchange with the upstream: the first request and the redirects it leads to. Redirects are
 * followed here, not by the client, so no storage URL ever reaches it; each hop goes out with a fresh
 * set of headers (never {@code Authorization} or cookies) to the {@code Location} the previous answer
 * named. Failures reject with the runtime's error, an AbortError when the upstream took too long.
 */
final class Upstream {
    static final int MAX_REDIRECTS = 5;

    private final int timeoutMillis;
    private final boolean longBody;
    private String url;
    private String method;
    private Headers headers;
    private int hops;

    /**
     * {@code longBody}: the answer may be a blob that takes minutes to stream, so only the wait for its
     * head is bounded. Otherwise the whole exchange is, with one native timer signal.
     */
    Upstream(int timeoutMillis, boolean longBody) {
        this.timeoutMillis = timeoutMillis;
        this.longBody = longBody;
    }

    Promise<Response> send(String url, String method, Headers headers, ReadableStream body) {
        this.url = url;
        this.method = method;
        this.headers = headers;
        RequestInit init = RequestInit.create();
        init.setMethod(method);
        init.setHeaders(headers);
        if (body != null) {
            init.setBody(body);
        }
        init.setRedirect("manual");
        if (timeoutMillis == 0) {
            return WorkerGlobalScope.fetch(url, init);
        }
        if (!longBody) {
            init.setSignal(AbortSignal.timeout(timeoutMillis));
            return WorkerGlobalScope.fetch(url, init);
        }
        AbortController controller = new AbortController();
        init.setSignal(controller.getSignal());
        int timer = WorkerGlobalScope.setTimeout(() -> controller.abort(), timeoutMillis);
        return WorkerGlobalScope.fetch(url, init).onSettled(() -> WorkerGlobalScope.clearTimeout(timer));
    }

    /**
     * The next hop when {@code response} redirects (to http or https, within the hop limit), or null
     * when it is the answer.
     */
    Promise<Response> follow(Response response) {
        if (!isRedirect(response.getStatus()) || hops == MAX_REDIRECTS) {
            return null;
        }
        String location = response.getHeaders().get("location");
        if (location == null) {
            return null;
        }
        URL next = new URL(location, url);
        String protocol = next.getProtocol();
        if (!protocol.equals("https:") && !protocol.equals("http:")) {
            return null;
        }
        discard(response);
        hops++;
        return send(next.getHref(), method, redirectHeaders(headers), null);
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static Headers redirectHeaders(Headers original) {
        Headers fresh = new Headers();
        String[] entries = Headers.entries(original);
        for (int i = 0; i < entries.length; i += 2) {
            if (HeaderPolicy.keepOnRedirect(entries[i])) {
                fresh.set(entries[i], entries[i + 1]);
            }
        }
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
