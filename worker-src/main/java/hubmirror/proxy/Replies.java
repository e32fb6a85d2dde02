package hubmirror.proxy;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.RegistryError;
import hubmirror.workers.Headers;
import hubmirror.workers.Response;
import hubmirror.workers.ResponseInit;
import hubmirror.workers.WorkerGlobalScope;
import hubmirror.workers.Promise;
import org.teavm.jso.JSObject;

/** Every response leaves through here, so each one carries the same CORS headers. */
final class Replies {
    static final String JSON = "application/json; charset=utf-8";

    private final String allowOrigin;

    Replies(String requestOrigin, String selfOrigin) {
        this.allowOrigin = Cors.allowOrigin(requestOrigin, selfOrigin);
    }

    Response error(RegistryError error) {
        return error(error, new Headers());
    }

    Response error(RegistryError error, Headers headers) {
        headers.set("content-type", JSON);
        headers.set("docker-distribution-api-version", "registry/2.0");
        return text(error.status(), error.toJson(), headers);
    }

    Response text(int status, String body, Headers headers) {
        return new Response(body, init(status, null, cors(headers)));
    }

    /** The upstream's status and body, streamed, with {@code headers} in place of its own. */
    Response relay(Response upstream, Headers headers) {
        return new Response(upstream.getBody(), init(upstream.getStatus(), upstream.getStatusText(), cors(headers)));
    }

    Promise<Response> refuse(RegistryError error) {
        return Promise.resolve(error(error));
    }

    /** The upstream failed before answering: 504 when the mirror gave up waiting, 502 otherwise. */
    Response unreachable(JSObject failure, String upstream) {
        boolean timedOut = WorkerGlobalScope.isAbort(failure);
        return error(new RegistryError(ErrorCode.UNAVAILABLE, timedOut ? 504 : 502,
                upstream + (timedOut ? " did not answer in time" : " could not be reached"),
                WorkerGlobalScope.describe(failure)));
    }

    /** Allowed headers and methods matter only here: browsers read them from the preflight alone. */
    Response preflight() {
        Headers headers = new Headers();
        headers.set("access-control-max-age", "86400");
        headers.set("access-control-allow-headers", Cors.ALLOW_HEADERS);
        headers.set("access-control-allow-methods", Cors.ALLOW_METHODS);
        return new Response((String) null, init(204, null, cors(headers)));
    }

    /** Whatever escaped: logged with its message, answered without internals. */
    Response internal(JSObject failure) {
        return unknown(WorkerGlobalScope.describe(failure));
    }

    /** For failures before the request is known: no CORS origin to offer yet. */
    static Response internalError(Throwable failure) {
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
