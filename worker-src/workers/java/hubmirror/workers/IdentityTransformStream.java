package hubmirror.workers;

import org.teavm.jso.JSClass;

/**
 * workerd's byte-only pass-through: cheaper than a {@link TransformStream} (no JS per chunk, and the
 * readable side is a byte stream that supports BYOB reads). Bytes only: writing a string is an error.
 */
@JSClass
public class IdentityTransformStream extends TransformStream {
    public IdentityTransformStream() {
    }
}
