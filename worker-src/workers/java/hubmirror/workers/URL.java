package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSClass;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

@JSClass
public class URL implements JSObject {
    public URL(String url) {
    }

    /** Resolves {@code url} against {@code base}, as a browser resolves a {@code Location}. */
    public URL(String url, String base) {
    }

    /** {@code new URL(url, base)}, or null when that would throw (not a URL, a bad host). */
    @JSBody(params = {"url", "base"}, script = "try { return new URL(url, base || undefined); } catch (failure) { return null; }")
    public static native URL parse(String url, String base);

    @JSProperty
    public native String getProtocol();

    /** Host name and port, if any. */
    @JSProperty
    public native String getHost();

    /** The host without its port. */
    @JSProperty
    public native String getHostname();

    @JSProperty
    public native String getOrigin();

    @JSProperty
    public native String getPathname();

    /** The query with its leading {@code ?}, or empty. */
    @JSProperty
    public native String getSearch();

    @JSProperty
    public native void setSearch(String search);

    @JSProperty
    public native String getHref();

    @JSProperty
    public native URLSearchParams getSearchParams();

    @Override
    public native String toString();
}
