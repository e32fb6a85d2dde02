package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.typedarrays.ArrayBufferView;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * {@code btoa}/{@code atob}, and base64url without padding (RFC 4648 §5) in its one canonical form. Input that
 * is not what it should be answers null.
 */
public final class Base64 {
    private Base64() {
    }

    /** {@code btoa}: a string of code points up to U+00FF (bytes as Latin-1) as base64; null when one is above. */
    @JSBody(params = "binary", script = "try { return btoa(binary); } catch (failure) { return null; }")
    public static native String encode(String binary);

    /** {@code atob}: base64 as a string of code points up to U+00FF; null when it is not base64. */
    @JSBody(params = "text", script = "try { return atob(text); } catch (failure) { return null; }")
    public static native String decode(String text);

    /** Bytes as base64url without padding. */
    @JSBody(params = "bytes", script = "var view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), str = '';"
            + " for (var idx = 0; idx < view.length; idx++) str += String.fromCharCode(view[idx]);"
            + " return btoa(str).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');")
    public static native String url(ArrayBufferView bytes);

    /**
     * The bytes of base64url text, or null when it is not base64url in the canonical form {@link #url} writes (no
     * padding, no standard alphabet, no stray bits): one token has one spelling.
     */
    @JSBody(params = "text", script = "if (typeof text !== 'string' || /[^A-Za-z0-9_-]/.test(text)) return null;"
            + " var raw; try { raw = atob(text.replace(/-/g, '+').replace(/_/g, '/')); } catch (failure) { return null; }"
            + " var arr = new Uint8Array(raw.length); for (var idx = 0; idx < raw.length; idx++) arr[idx] = raw.charCodeAt(idx);"
            + " var again = ''; for (var pos = 0; pos < arr.length; pos++) again += String.fromCharCode(arr[pos]);"
            + " return btoa(again).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '') === text ? arr : null;")
    public static native Uint8Array fromUrl(String text);
}
