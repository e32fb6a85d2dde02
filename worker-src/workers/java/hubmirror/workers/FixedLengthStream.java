package hubmirror.workers;

import org.teavm.jso.JSClass;

/**
 * workerd's identity stream of a known length: a response with its readable side carries
 * {@code Content-Length} instead of chunked framing, and ending early or late is an error.
 */
@JSClass
public class FixedLengthStream extends TransformStream {
    public FixedLengthStream(double expectedLength) {
    }
}
