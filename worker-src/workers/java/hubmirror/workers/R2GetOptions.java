package hubmirror.workers;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSObjects;

/** Options of {@link R2Bucket#get}: a range, and conditions (as headers: If-None-Match, If-Match, …). */
public interface R2GetOptions extends JSObject {
    static R2GetOptions create() {
        return JSObjects.create();
    }

    @JSProperty
    void setRange(R2Range range);

    /** A {@code Range} header as the client sent it (R2 reads {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}). */
    @JSProperty("range")
    void setRangeHeaders(Headers headers);

    /** Conditions as headers ({@code If-None-Match}, {@code If-Match}, {@code If-Modified-Since}, …). */
    @JSProperty
    void setOnlyIf(Headers headers);
}
