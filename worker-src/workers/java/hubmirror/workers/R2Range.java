package hubmirror.workers;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** A byte range of an R2 object ({@code R2Range}): {@code offset} and {@code length}, or a {@code suffix}. */
public interface R2Range extends JSObject {
    /** Ranges made and read. */
    final class Of {
        private Of() {
        }

        /** {@code length} bytes from {@code offset}. */
        @JSBody(params = {"offset", "length"}, script = "return { 'offset': offset, 'length': length };")
        public static native R2Range of(double offset, double length);

        /** From {@code offset} to the end. */
        @JSBody(params = "offset", script = "return { 'offset': offset };")
        public static native R2Range from(double offset);

        /** The last {@code length} bytes. */
        @JSBody(params = "length", script = "return { 'suffix': length };")
        public static native R2Range suffix(double length);

        /** The range's first byte; -1 when it is a suffix (the caller knows the size). */
        @JSBody(params = "range", script = "return typeof range.offset === 'number' ? range.offset : -1;")
        public static native double offsetOf(R2Range range);

        /** The range's length; -1 when it runs to the end. */
        @JSBody(params = "range", script = "return typeof range.length === 'number' ? range.length"
                + " : typeof range.suffix === 'number' ? range.suffix : -1;")
        public static native double lengthOf(R2Range range);
    }
}
