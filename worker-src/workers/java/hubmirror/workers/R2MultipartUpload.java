package hubmirror.workers;

import org.teavm.jso.JSMethod;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSUndefined;

/**
 * A multipart upload into R2 ({@code R2MultipartUpload}): parts of equal size (5 MiB to 4.995 GiB; the last may be
 * smaller), numbered from 1, then {@code complete} with the parts' receipts. Its id lets another invocation
 * resume it ({@link R2Bucket#resumeMultipartUpload}).
 */
public interface R2MultipartUpload extends JSObject {
    @JSProperty
    String getKey();

    @JSProperty
    String getUploadId();

    /** Uploads part {@code number} (a stream of known length); resolves with its receipt. */
    @JSMethod
    Promise<UploadedPart> uploadPart(int number, ReadableStream body);

    /** The object, made of {@code parts} in order. */
    @JSMethod
    Promise<R2Object> complete(JSArray<UploadedPart> parts);

    @JSMethod
    Promise<JSUndefined> abort();

    /** A part's receipt ({@code R2UploadedPart}). */
    interface UploadedPart extends JSObject {
        @JSProperty
        int getPartNumber();

        @JSProperty
        String getEtag();
    }
}
