package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** The options object of {@code new Request(url, init)}. */
public abstract class RequestInit implements JSObject {
    @JSBody(script = "return {};")
    public static native RequestInit create();

    @JSProperty
    public abstract void setMethod(String method);

    @JSProperty
    public abstract void setHeaders(Headers headers);

    @JSProperty
    public abstract void setBody(ReadableStream body);

    /** A text body (a form, JSON). */
    @JSProperty("body")
    public abstract void setBodyText(String body);

    /** {@code "manual"} hands 3xx answers to the caller instead of following them. */
    @JSProperty
    public abstract void setRedirect(String redirect);

    @JSProperty
    public abstract void setSignal(AbortSignal signal);

    /** Cloudflare-specific fetch options, e.g. {@code {cacheTtl: 60}} or {@code {cacheEverything: true}}. */
    @JSProperty
    public abstract void setCf(JSObject cf);
}
