package hubmirror.proxy.upstream;

import hubmirror.proxy.content.BlobFill;
import hubmirror.proxy.http.ForwardedHeaders;

import hubmirror.registry.HeaderPolicy;
import hubmirror.registry.Tokens;
import hubmirror.workers.AbortController;
import hubmirror.workers.DOMException;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.ReadableStream;
import hubmirror.workers.RequestInit;
import hubmirror.workers.Response;
import hubmirror.workers.URL;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.core.JSError;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * One exchange with the upstream: the first request and the redirects it leads to. Redirects are
 * followed here, not by the client, so no storage URL ever reaches it; each hop goes out with a fresh
 * set of headers (never {@code Authorization} or cookies) to the {@code Location} the previous answer
 * named. One timer bounds the exchange: for a small answer (manifest, token, error) its head and its
 * body; for a blob its head only, after which the blob's own deadline applies ({@link BlobRelay}). When the timer
 * fires, the fetch is aborted (the connection closes) with a TimeoutError.
 */
public final class Upstream {
    static final int MAX_REDIRECTS = 5;

    private final int timeoutMillis;
    private final AbortController controller = new AbortController();
    private int timer;
    /** How a body being read is told the time is up, set while {@link #readBody} waits. */
    private Promise.Reject pendingRead;
    private String url;
    private String method;
    private Headers headers;
    private int hops;
    /** The Location of the redirect {@link #refusal} accepted, resolved, for {@link #follow}. */
    private String nextHop;

    public Upstream(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    public Promise<Response> send(String url, String method, Headers headers, String body) {
        this.url = url;
        this.method = method;
        this.headers = headers;
        if (timeoutMillis > 0 && timer == 0) {
            timer = WorkerGlobalScope.setTimeout(this::timedOut, timeoutMillis);
        }
        RequestInit init = RequestInit.create();
        init.setMethod(method);
        init.setHeaders(headers);
        if (body != null) {
            init.setBodyText(body);
        }
        init.setRedirect("manual");
        init.setSignal(controller.getSignal());
        return WorkerGlobalScope.fetch(url, init);
    }

    private void timedOut() {
        DOMException error = new DOMException("the upstream did not answer in time", "TimeoutError");
        controller.abort(error);
        if (pendingRead != null) {
            pendingRead.reject(error);
        }
    }

    /** The answer is complete (or streams on under its own watch): the timer no longer applies. */
    public void settled() {
        if (timer != 0) {
            WorkerGlobalScope.clearTimeout(timer);
            timer = 0;
        }
    }

    public AbortController controller() {
        return controller;
    }

    /**
     * The whole body of a small answer, within the exchange's time: rejects with a TimeoutError when the
     * timer fires first (the fetch is aborted then), or with a RangeError when it is larger than
     * {@code maxBytes}. The bytes stay a JS ArrayBuffer; the timer is cleared when they are complete.
     */
    public Promise<ArrayBuffer> readBody(Response response, int maxBytes) {
        // workerd keeps reading a body whose fetch was aborted after its head, so the abort alone would not bound
        // it: the read races the exchange's timer, which rejects it through pendingRead
        String declared = response.getHeaders().get("content-length");
        if (Upstream.contentLength(declared) > maxBytes) {
            settled();
            discard(response);
            return Promise.reject(new JSError("the answer is " + declared + " bytes, more than " + maxBytes));
        }
        return new Promise<>((resolve, reject) -> {
            pendingRead = reject;
            response.arrayBuffer().then(bytes -> {
                settled();
                if (bytes.getByteLength() > maxBytes) {
                    reject.reject(new JSError("the answer is more than " + maxBytes + " bytes"));
                } else {
                    resolve.resolve(bytes);
                }
                return null;
            }, failure -> {
                settled();
                reject.reject(failure);
                return null;
            });
        });
    }

    /** Whether {@code response} is a redirect the exchange should follow. */
    public static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /**
     * Why a redirect cannot be followed, or null when it can: too many hops, no Location, a Location that is
     * no URL, or one that is not http(s).
     */
    public String refusal(Response response) {
        if (hops == MAX_REDIRECTS) {
            return "the upstream registry redirected too often (more than " + MAX_REDIRECTS + " hops)";
        }
        String location = response.getHeaders().get("location");
        if (location == null) {
            return "the upstream registry redirected without saying where to";
        }
        URL next = URL.parse(location, url);
        if (next == null) {
            return "the upstream registry redirected to an address that is not a URL";
        }
        String protocol = next.getProtocol();
        if (!protocol.equals("https:") && !protocol.equals("http:")) {
            return "the upstream registry redirected to a " + protocol + " address, which the mirror does not follow";
        }
        nextHop = next.getHref();
        return null;
    }

    /** The next hop of a redirect that {@link #refusal} accepted, with a fresh set of headers. */
    public Promise<Response> follow(Response response) {
        discard(response);
        hops++;
        return send(nextHop, method, ForwardedHeaders.filter(headers, HeaderPolicy::keepOnRedirect), null);
    }

    /** Where the last request of this exchange went. */
    public String url() {
        return url;
    }

    /** The headers of the last request, for fetching the same whole body again ({@link BlobFill}). */
    public Headers refetchHeaders() {
        return ForwardedHeaders.filter(headers, HeaderPolicy::keepOnRefetch);
    }

    /** How many redirects this exchange followed. */
    int hops() {
        return hops;
    }

    /**
     * The last hop again, with {@code authorization}: the registry it was redirected to challenged, and the
     * mirror fetched that registry's token. Later hops go without it again.
     */
    Promise<Response> resend(Response challenge, String authorization) {
        discard(challenge);
        Headers withToken = ForwardedHeaders.filter(headers, HeaderPolicy::keepOnRedirect);
        withToken.set("authorization", authorization);
        Promise<Response> answer = send(url, method, withToken, null);
        headers = withToken;
        return answer;
    }

    /** Frees the connection of an answer whose body nobody will read. */
    public static void discard(Response response) {
        ReadableStream body = response.getBody();
        if (body != null && !body.isLocked()) {
            body.cancel();
        }
    }

    /** A Content-Length value, or -1 when absent or not a plain number. */
    public static double contentLength(String value) {
        return Tokens.unsignedDecimal(value, 15);
    }

    /** The answer where {@code answer}'s redirects end (each checked as {@link #refusal} says), or the refusal as a failure. */
    public Promise<Response> followAll(Response answer) {
        if (!isRedirect(answer.getStatus())) {
            return Promise.resolve(answer);
        }
        String refusal = refusal(answer);
        if (refusal != null) {
            discard(answer);
            return Promise.reject(new JSError(refusal));
        }
        return follow(answer).flatThen(this::followAll);
    }
}
