package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.ArrayBufferView;

/**
 * {@code crypto.subtle}. The general methods take Web Crypto's algorithm objects; the HMAC and SHA
 * shorthands build them, which is what a Worker mostly needs (signing its own tokens, hashing).
 */
public abstract class SubtleCrypto implements JSObject {
    private SubtleCrypto() {
    }

    public abstract Promise<ArrayBuffer> digest(String algorithm, ArrayBufferView data);

    public abstract Promise<ArrayBuffer> digest(String algorithm, ArrayBuffer data);

    public abstract Promise<CryptoKey> importKey(String format, ArrayBufferView keyData, JSObject algorithm,
            boolean extractable, String[] keyUsages);

    public abstract Promise<ArrayBuffer> sign(JSObject algorithm, CryptoKey key, ArrayBufferView data);

    public abstract Promise<JSBoolean> verify(JSObject algorithm, CryptoKey key, ArrayBufferView signature,
            ArrayBufferView data);

    /** An HMAC key for {@code sign} and {@code verify} from raw bytes; {@code hash} e.g. "SHA-256". */
    public final Promise<CryptoKey> importHmacKey(ArrayBufferView keyData, String hash) {
        return importKey("raw", keyData, hmac(hash), false, new String[] {"sign", "verify"});
    }

    public final Promise<ArrayBuffer> signHmac(CryptoKey key, ArrayBufferView data) {
        return sign(hmac(null), key, data);
    }

    /** Compares in constant time (Web Crypto's own verify). */
    public final Promise<JSBoolean> verifyHmac(CryptoKey key, ArrayBufferView signature, ArrayBufferView data) {
        return verify(hmac(null), key, signature, data);
    }

    @JSBody(params = "hash", script = "return hash ? { name: 'HMAC', hash: hash } : { name: 'HMAC' };")
    private static native JSObject hmac(String hash);
}
