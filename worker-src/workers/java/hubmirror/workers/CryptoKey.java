package hubmirror.workers;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** A key held by the runtime; its bytes stay there unless it was imported as extractable. */
public interface CryptoKey extends JSObject {
    /** "secret", "public" or "private". */
    @JSProperty
    String getType();

    @JSProperty
    boolean isExtractable();
}
