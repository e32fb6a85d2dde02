package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.streams.ReadableStream;

@JSClass
public class Response implements JSObject {
    public Response(ReadableStream body, ResponseInit init) {
    }

    public Response(String body, ResponseInit init) {
    }

    @JSProperty
    public native int getStatus();

    @JSProperty
    public native String getStatusText();

    @JSProperty
    public native Headers getHeaders();

    /** Null when the response has no body (HEAD, 204, 304). */
    @JSProperty
    public native ReadableStream getBody();
}
