package hubmirror.proxy.upstream;

import hubmirror.workers.Json;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.ArrayBuffer;

/** A manifest or config read whole and checked against its digest: its bytes, type, digest, and parsed JSON. */
public interface SmallBlob extends JSObject {
    @JSProperty
    ArrayBuffer getBody();

    @JSProperty
    void setBody(ArrayBuffer body);

    @JSProperty
    String getType();

    @JSProperty
    void setType(String type);

    @JSProperty
    String getDigest();

    @JSProperty
    void setDigest(String digest);

    @JSProperty
    JSObject getJson();

    @JSProperty
    void setJson(JSObject json);

    /** Reading a manifest's JSON: each field checked before it is used. */
    final class Fields {
        private Fields() {
        }

        /** Whether {@code type} is an index (OCI's, or Docker's manifest list). */
        public static boolean isIndex(String type) {
            return type != null && (type.startsWith("application/vnd.oci.image.index.v1+json")
                    || type.startsWith("application/vnd.docker.distribution.manifest.list.v2+json"));
        }

        /** An index entry's platform as {@code os/architecture[/variant]}; {@code unknown…} when it names none. */
        public static String platformOf(JSObject platform) {
            if (platform == null || !Json.isObject(platform)) {
                return "unknown";
            }
            String os = text(platform, "os");
            String variant = text(platform, "variant");
            return (os != null ? os : "unknown") + "/" + text(platform, "architecture") + (variant != null ? "/" + variant : "");
        }

        /** A string field, or null. */
        public static String text(JSObject object, String key) {
            JSObject value = object != null ? Json.get(object, key) : null;
            return value != null && Json.isString(value) ? ((JSString) value).stringValue() : null;
        }

        /** A number field, or -1 when it is none (sizes and counts are never negative). */
        public static double number(JSObject object, String key) {
            JSObject value = object != null ? Json.get(object, key) : null;
            return value != null && Json.isNumber(value) ? ((JSNumber) value).doubleValue() : -1;
        }

        /** An array field, or an empty array. */
        public static JSArray<JSObject> list(JSObject object, String key) {
            JSObject value = object != null ? Json.get(object, key) : null;
            return value != null && JSArray.isArray(value) ? (JSArray<JSObject>) value : JSArray.create();
        }
    }
}
