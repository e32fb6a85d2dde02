package hubmirror.proxy.content;

import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.ResponseInit;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * A small answer held as values (status, headers, the body read whole), from which any request of the isolate
 * makes a response of its own: the Workers runtime ties a body to the request that made it, so concurrent requests
 * share this ({@link InFlight}), never a response. Only for answers read whole anyway (manifests, errors, HEADs):
 * a layer is never held.
 */
public final class HeldAnswer {
    private HeldAnswer() {
    }

    public interface Value extends JSObject {
        @JSProperty
        int getStatus();

        @JSProperty
        void setStatus(int status);

        @JSProperty
        String getStatusText();

        @JSProperty
        void setStatusText(String statusText);

        @JSProperty
        Headers getHeaders();

        @JSProperty
        void setHeaders(Headers headers);

        /** Null for an answer without a body (a HEAD's). */
        @JSProperty
        ArrayBuffer getBody();

        @JSProperty
        void setBody(ArrayBuffer body);
    }

    /** {@code answer} as values, its body read whole (natively). */
    static Promise<Value> of(Response answer) {
        Value held = headOf(answer);
        if (answer.getBody() == null) {
            return Promise.resolve(held);
        }
        return answer.arrayBuffer().then(body -> {
            held.setBody(body);
            return held;
        });
    }

    /** The status and headers of an answer (a HEAD's: its body, none, is never read). */
    static Value headOf(Response answer) {
        Value held = JSObjects.create();
        held.setStatus(answer.getStatus());
        held.setStatusText(answer.getStatusText());
        held.setHeaders(new Headers(answer.getHeaders()));
        held.setBody(null);
        return held;
    }

    /** A response of the caller's own, with a copy of the held headers. */
    static Response response(Value held) {
        ResponseInit init = ResponseInit.create();
        init.setStatus(held.getStatus());
        if (held.getStatusText() != null && !held.getStatusText().isEmpty()) {
            init.setStatusText(held.getStatusText());
        }
        init.setHeaders(new Headers(held.getHeaders()));
        return held.getBody() == null ? new Response((String) null, init) : new Response(held.getBody(), init);
    }
}
