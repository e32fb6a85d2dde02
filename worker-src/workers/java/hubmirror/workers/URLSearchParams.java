package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSObject;

@JSClass
public class URLSearchParams implements JSObject {
    public URLSearchParams() {
    }

    /** Parses {@code query} ({@code a=1&b=2}, a leading {@code ?} ignored) once. */
    public URLSearchParams(String query) {
    }

    public native String get(String name);

    public native void append(String name, String value);

    public native void delete(String name);

    /** Visits every pair, decoded, in order; repeated names come once each. */
    public native void forEach(Visitor visitor);

    @JSFunctor
    public interface Visitor extends JSObject {
        void visit(String value, String name);
    }

    @Override
    public native String toString();
}
