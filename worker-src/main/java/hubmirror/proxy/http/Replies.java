package hubmirror.proxy.http;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.RegistryError;
import hubmirror.workers.Headers;
import hubmirror.workers.ReadableStream;
import hubmirror.workers.Response;
import hubmirror.workers.ResponseInit;
import hubmirror.workers.WorkerGlobalScope;
import hubmirror.workers.Promise;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.typedarrays.ArrayBuffer;

/** Every response leaves through here, so each one carries the same CORS and safety headers. */
public final class Replies {
    public static final String JSON = "application/json; charset=utf-8";

    private final String allowOrigin;

    public Replies(String requestOrigin, String selfOrigin) {
        this.allowOrigin = Cors.allowOrigin(requestOrigin, selfOrigin);
    }

    private Replies() {
        this.allowOrigin = null;
    }

    /** Replies with no CORS headers at all: a browser page on another origin cannot read them. */
    public static Replies withoutCors() {
        return new Replies();
    }

    /**
     * What the mirror adds to every registry answer: nothing in it is for a browser to sniff or render (an
     * upstream's text/html stays inert on the mirror's origin), nor for a shared cache to keep.
     */
    public static Headers secure(Headers headers) {
        headers.set("x-content-type-options", "nosniff");
        headers.set("content-security-policy", "default-src 'none'; sandbox");
        headers.set("cache-control", "private");
        return headers;
    }

    public Response error(RegistryError error) {
        return error(error, new Headers());
    }

    public Response error(RegistryError error, Headers headers) {
        headers.set("content-type", JSON);
        headers.set("docker-distribution-api-version", "registry/2.0");
        return text(error.status(), error.toJson(), secure(headers));
    }

    /** 405 with the methods that the resource does answer. */
    public Promise<Response> refuseMethod(String allow, String message, String detail) {
        Headers headers = new Headers();
        headers.set("allow", allow);
        return Promise.resolve(error(RegistryError.of(ErrorCode.UNSUPPORTED, message, detail), headers));
    }

    /** A 200 of the mirror's own JSON ({@code body}), with {@code cacheControl}. */
    public Response json(String body, String cacheControl) {
        Headers headers = secure(new Headers());
        headers.set("content-type", JSON);
        headers.set("cache-control", cacheControl);
        return text(200, body, headers);
    }

    public Response text(int status, String body, Headers headers) {
        return new Response(body, init(status, null, cors(headers)));
    }

    /** The upstream's status and body, streamed, with {@code headers} in place of its own. */
    public Response relay(Response upstream, Headers headers) {
        return stream(upstream, upstream.getBody(), headers);
    }

    /** The upstream's status with {@code body} (its body as watched on the way) and {@code headers}. */
    public Response stream(Response upstream, ReadableStream body, Headers headers) {
        return new Response(body, init(upstream.getStatus(), upstream.getStatusText(), cors(headers)));
    }

    /** A whole number (a length, an offset, a time) as decimal digits: Java's long, which this would need, is emulated in TeaVM. */
    public static String digits(double value) {
        return JSObjects.toString(JSNumber.valueOf(value));
    }

    /** A body of the mirror's own making (a stream) with {@code status} and {@code headers}. */
    public Response body(int status, ReadableStream body, Headers headers) {
        return new Response(body, init(status, null, cors(headers)));
    }

    /** The upstream's status with its body as read whole. */
    public Response bytes(Response upstream, Headers headers, ArrayBuffer body) {
        return new Response(body, init(upstream.getStatus(), upstream.getStatusText(), cors(headers)));
    }

    /**
     * A cache entry as a registry answer: the registry headers it was stored with (by allowlist), the
     * mirror's own, and its body unless {@code head} ({@code X-Cache} is the request log's). Built in one step in
     * JS: this is the hot path of a mirror whose cache works.
     */
    public Response cached(Response stored, boolean head, boolean blob) {
        return cachedResponse(stored, head, blob, allowOrigin, Cors.EXPOSE_HEADERS);
    }

    // keep in step with HeaderPolicy.RELAYED, secure() and cors()
    @JSBody(params = {"stored", "head", "blob", "origin", "expose"}, script = ""
            + "var from = stored.headers, out = {"
            + "  'x-content-type-options': 'nosniff', 'content-security-policy': \"default-src 'none'; sandbox\","
            + "  'cache-control': 'private', 'docker-distribution-api-version': 'registry/2.0' };"
            + "if (origin !== null) { out['access-control-allow-origin'] = origin; out['vary'] = 'Origin';"
            + "  out['access-control-expose-headers'] = expose; }"
            + "var names = ['content-type', 'content-length', 'content-range', 'docker-content-digest'];"
            + "for (var index = 0; index < names.length; index++) { var value = from.get(names[index]); if (value !== null) out[names[index]] = value; }"
            + "if (out['docker-content-digest']) out['etag'] = '\"' + out['docker-content-digest'] + '\"';"
            + "if (blob) out['accept-ranges'] = 'bytes';"
            + "if (head && stored.body) stored.body.cancel().catch(function () {});"
            + "return new Response(head ? null : stored.body, { status: stored.status, headers: out });")
    private static native Response cachedResponse(Response stored, boolean head, boolean blob,
            String origin, String expose);

    public Promise<Response> refuse(RegistryError error) {
        return Promise.resolve(error(error));
    }

    /**
     * The upstream failed before its answer was complete: 504 when the mirror gave up waiting, 502
     * otherwise. What the runtime said goes to the log only: it is about the mirror's side, not the client's.
     */
    public Response unreachable(JSObject failure, String upstream) {
        boolean timedOut = WorkerGlobalScope.isAbort(failure);
        WorkerGlobalScope.logError("hubmirror: " + upstream + ": " + WorkerGlobalScope.describe(failure));
        return error(new RegistryError(ErrorCode.UNAVAILABLE, timedOut ? 504 : 502, timedOut
                ? upstream + " did not answer in time; try again later"
                : upstream + " could not be reached or broke off its answer; try again later", null));
    }

    /** Allowed headers and methods matter only here: browsers read them from the preflight alone. */
    public Response preflight() {
        Headers headers = new Headers();
        headers.set("access-control-max-age", "86400");
        headers.set("access-control-allow-headers", Cors.ALLOW_HEADERS);
        headers.set("access-control-allow-methods", Cors.ALLOW_METHODS);
        return new Response((String) null, init(204, null, cors(headers)));
    }

    /** Whatever escaped: logged with its message, answered without internals. */
    public Response internal(JSObject failure) {
        return unknown(WorkerGlobalScope.describe(failure));
    }

    /** For failures before the request is known: no CORS origin to offer yet. */
    public static Response internalError(Throwable failure) {
        return new Replies(null, null).unknown(failure.getMessage());
    }

    private Response unknown(String reason) {
        WorkerGlobalScope.logError("hubmirror: unexpected failure: " + reason);
        return error(RegistryError.of(ErrorCode.UNKNOWN, "the mirror failed unexpectedly; try again"));
    }

    private Headers cors(Headers headers) {
        if (allowOrigin == null) {
            return headers;
        }
        headers.set("access-control-allow-origin", allowOrigin);
        headers.append("vary", "Origin");
        headers.set("access-control-expose-headers", Cors.EXPOSE_HEADERS);
        return headers;
    }

    public static ResponseInit init(int status, Headers headers) {
        return init(status, null, headers);
    }

    private static ResponseInit init(int status, String statusText, Headers headers) {
        ResponseInit init = ResponseInit.create();
        init.setStatus(status);
        if (statusText != null && !statusText.isEmpty()) {
            init.setStatusText(statusText);
        }
        init.setHeaders(headers);
        return init;
    }
}
