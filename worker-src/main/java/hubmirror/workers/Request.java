package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.streams.ReadableStream;

@JSClass
public class Request implements JSObject {
    public Request(String url, RequestInit init) {
    }

    @JSProperty
    public native String getMethod();

    @JSProperty
    public native String getUrl();

    @JSProperty
    public native Headers getHeaders();

    /** Null for requests without a body. */
    @JSProperty
    public native ReadableStream getBody();
}
