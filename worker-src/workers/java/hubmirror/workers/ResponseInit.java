package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** The options object of {@code new Response(body, init)}. */
public abstract class ResponseInit implements JSObject {
    @JSBody(script = "return {};")
    public static native ResponseInit create();

    @JSProperty
    public abstract void setStatus(int status);

    @JSProperty
    public abstract void setStatusText(String statusText);

    @JSProperty
    public abstract void setHeaders(Headers headers);
}
