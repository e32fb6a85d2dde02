package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSProperty;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * workerd's {@code crypto.DigestStream}: a writable stream that hashes what is written to it, natively.
 * Pipe one branch of a {@code tee()} into it to check a body against its digest without Java reading a byte.
 */
public abstract class DigestStream extends WritableStream {
    protected DigestStream() {
    }

    /** {@code algorithm}: "SHA-256", "SHA-384", "SHA-512", "SHA-1" or "MD5". */
    @JSBody(params = "algorithm", script = "return new crypto.DigestStream(algorithm);")
    public static native DigestStream create(String algorithm);

    /** Fulfils with the hash once the stream is closed. */
    @JSProperty
    public abstract Promise<ArrayBuffer> getDigest();
}
