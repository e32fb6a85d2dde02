package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSObjects;

/** Options of {@link R2Bucket#put} and {@link R2Bucket#createMultipartUpload}. */
public interface R2PutOptions extends JSObject {
    static R2PutOptions create() {
        return JSObjects.create();
    }

    @JSProperty
    void setHttpMetadata(R2HttpMetadata metadata);

    /** The SHA-256 the bytes must hash to, as hex: R2 checks it and rejects the put when they do not. */
    @JSProperty
    void setSha256(String hex);

    /** One custom metadata entry. */
    default R2PutOptions customMetadata(String name, String value) {
        Of.setCustom(this, name, value);
        return this;
    }

    /** The native behind {@link #customMetadata}. */
    final class Of {
        private Of() {
        }

        @JSBody(params = {"options", "name", "value"}, script = "if (!options.customMetadata) options.customMetadata = {};"
                + " options.customMetadata[name] = value;")
        public static native void setCustom(R2PutOptions options, String name, String value);
    }
}
