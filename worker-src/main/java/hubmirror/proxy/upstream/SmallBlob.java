package hubmirror.proxy.upstream;

import hubmirror.registry.Platform;
import hubmirror.registry.Reference;
import hubmirror.workers.Crypto;
import hubmirror.workers.Hex;
import hubmirror.workers.Json;
import hubmirror.workers.Promise;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;
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

        /** The value of {@code body}, as the upstream served it under {@code type}, named by {@code digest}. */
        public static SmallBlob of(ArrayBuffer body, String type, String digest) {
            SmallBlob blob = JSObjects.create();
            blob.setBody(body);
            blob.setType(type);
            blob.setDigest(digest);
            blob.setJson(Json.parse(body));
            return blob;
        }

        /** Whether {@code body} hashes to {@code digest} (its algorithm's Web Crypto digest); false for no digest. */
        public static Promise<JSBoolean> hashesTo(ArrayBuffer body, String digest) {
            String algorithm = Reference.webCryptoAlgorithm(digest);
            if (algorithm == null) {
                return Promise.resolve(JSBoolean.valueOf(false));
            }
            return Crypto.subtle().digest(algorithm, body).then(hash -> JSBoolean.valueOf(Hex.of(hash).equals(Reference.hex(digest))));
        }

        /**
         * The digest an index names for {@code platform} ({@code os/architecture[/variant]}, matched as containerd does:
         * {@link Platform}), or null when it names none.
         */
        public static String platformDigest(JSObject index, String platform) {
            JSArray<JSObject> manifests = list(index, "manifests");
            for (int i = 0; i < manifests.getLength(); i++) {
                if (Platform.matches(platform, platformOf(Json.get(manifests.get(i), "platform")))) {
                    return text(manifests.get(i), "digest");
                }
            }
            return null;
        }

        /** The platforms an index names, comma-separated (for the error that says which there are). */
        public static String platforms(JSObject index) {
            JSArray<JSObject> manifests = list(index, "manifests");
            StringBuilder there = new StringBuilder();
            for (int i = 0; i < manifests.getLength(); i++) {
                String name = platformOf(Json.get(manifests.get(i), "platform"));
                if (!name.startsWith("unknown")) {
                    there.append(there.length() == 0 ? "" : ", ").append(name);
                }
            }
            return there.toString();
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
