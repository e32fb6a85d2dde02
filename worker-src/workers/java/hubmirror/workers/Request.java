package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.ArrayBuffer;

@JSClass
public class Request implements JSObject {
    public Request(String url) {
    }

    public Request(String url, RequestInit init) {
    }

    /** A copy of {@code request} with {@code init} applied (a new URL keeps method, headers and body). */
    public Request(String url, Request request) {
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

    @JSProperty
    public native boolean isBodyUsed();

    /** Aborts when the client goes away. */
    @JSProperty
    public native AbortSignal getSignal();

    /** What Cloudflare knows of the client (country, colo, ASN, …); null when the runtime gives none. */
    public final IncomingRequestCfProperties getCf() {
        return cf(this);
    }

    @JSBody(params = "request", script = "return request.cf || null;")
    private static native IncomingRequestCfProperties cf(Request request);

    @JSBody(params = {"cf", "name"}, script = "var value = cf[name]; return typeof value === 'string' ? value : null;")
    static native String cfString(IncomingRequestCfProperties cf, String name);

    @JSBody(params = "request", script = "return request.clone();")
    private static native Request cloneOf(Request request);

    /** {@code clone()} (named so because Java's {@code Object.clone} is taken). */
    public final Request copy() {
        return cloneOf(this);
    }

    public native Promise<JSString> text();

    public native Promise<JSObject> json();

    public native Promise<ArrayBuffer> arrayBuffer();
}
