package hubmirror.workers;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSObjects;

/** The HTTP metadata of an R2 object ({@code R2HTTPMetadata}): what {@link R2Object#writeHttpMetadata} writes back. */
public interface R2HttpMetadata extends JSObject {
    static R2HttpMetadata create() {
        return JSObjects.create();
    }

    @JSProperty
    String getContentType();

    @JSProperty
    void setContentType(String contentType);

    @JSProperty
    String getCacheControl();

    @JSProperty
    void setCacheControl(String cacheControl);
}
