package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.ArrayBufferView;

@JSClass
public class Response implements JSObject {
    /** Streams {@code body} through untouched; null for no body. */
    public Response(ReadableStream body, ResponseInit init) {
    }

    public Response(String body, ResponseInit init) {
    }

    public Response(ArrayBuffer body, ResponseInit init) {
    }

    public Response(ArrayBufferView body, ResponseInit init) {
    }

    /** {@code value} as JSON, with {@code Content-Type: application/json}. */
    @JSBody(params = {"value", "init"}, script = "return Response.json(value, init);")
    public static native Response json(JSObject value, ResponseInit init);

    @JSProperty
    public native int getStatus();

    @JSProperty
    public native String getStatusText();

    /** Whether the status is 200–299. */
    @JSProperty
    public native boolean isOk();

    /** The final URL after redirects the runtime followed; empty for a constructed response. */
    @JSProperty
    public native String getUrl();

    @JSProperty
    public native boolean isRedirected();

    @JSProperty
    public native Headers getHeaders();

    /** Null when the response has no body (HEAD, 204, 304). */
    @JSProperty
    public native ReadableStream getBody();

    @JSProperty
    public native boolean isBodyUsed();

    @JSBody(params = "response", script = "return response.clone();")
    private static native Response cloneOf(Response response);

    /**
     * {@code clone()} (named so because Java's {@code Object.clone} is taken): a second response with the
     * same body, for example one to return and one to {@link Cache#put}. The body is teed: read both.
     */
    public final Response copy() {
        return cloneOf(this);
    }

    public native Promise<JSString> text();

    public native Promise<JSObject> json();

    public native Promise<ArrayBuffer> arrayBuffer();
}
