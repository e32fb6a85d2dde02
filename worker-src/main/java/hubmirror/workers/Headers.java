package hubmirror.workers;

import org.teavm.jso.JSClass;
import org.teavm.jso.JSFunctor;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;

@JSClass
public class Headers implements JSObject {
    public Headers() {
    }

    /** A mutable copy. */
    public Headers(Headers init) {
    }

    /** Null when absent; repeated headers come back joined with ", ". */
    public native String get(String name);

    public native boolean has(String name);

    public native void set(String name, String value);

    public native void append(String name, String value);

    @JSMethod("delete")
    public native void remove(String name);

    /** Names arrive lowercase. */
    public native void forEach(Visitor visitor);

    @JSFunctor
    public interface Visitor extends JSObject {
        void visit(String value, String name);
    }
}
