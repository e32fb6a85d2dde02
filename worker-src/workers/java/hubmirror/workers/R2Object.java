package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * An R2 object's metadata ({@code R2Object}) or, from {@link R2Bucket#get}, the object with its body
 * ({@code R2ObjectBody}: {@link #hasBody}). An interface: it is no JS global.
 */
public interface R2Object extends JSObject {
    @JSProperty
    String getKey();

    /** The whole object's size in bytes (not the range's). */
    @JSProperty
    double getSize();

    @JSProperty
    String getEtag();

    /** The etag quoted, as an {@code ETag} header carries it. */
    @JSProperty
    String getHttpEtag();

    /** The HTTP metadata it was stored with. */
    @JSProperty
    R2HttpMetadata getHttpMetadata();

    /** The custom metadata it was stored with (a string-to-string object). */
    @JSProperty
    JSObject getCustomMetadata();

    /** Writes the stored HTTP metadata (Content-Type, Cache-Control, …) into {@code headers}. */
    @JSMethod
    void writeHttpMetadata(Headers headers);

    /** The range the body holds, when a range was asked for; null otherwise. */
    default R2Range range() {
        return Of.rangeOf(this);
    }

    /** One custom metadata value, or null. */
    default String customMetadata(String name) {
        return Of.customOf(this, name);
    }

    /** Whether this is an {@code R2ObjectBody} (false for a head, or a get whose conditions failed). */
    default boolean hasBody() {
        return Of.hasBody(this);
    }

    /** The body; only when {@link #hasBody}. */
    @JSProperty
    ReadableStream getBody();

    @JSMethod
    Promise<ArrayBuffer> arrayBuffer();

    @JSMethod
    Promise<org.teavm.jso.core.JSString> text();

    /** The natives behind the default methods. */
    final class Of {
        private Of() {
        }

        @JSBody(params = "object", script = "return object.range || null;")
        public static native R2Range rangeOf(R2Object object);

        @JSBody(params = {"object", "name"}, script = "var value = object.customMetadata ? object.customMetadata[name] : undefined;"
                + " return typeof value === 'string' ? value : null;")
        public static native String customOf(R2Object object, String name);

        @JSBody(params = "object", script = "return 'body' in object && !!object.body;")
        public static native boolean hasBody(R2Object object);
    }
}
