package hubmirror.registry;

/**
 * One byte range of a {@code Range} header against a representation of known length (RFC 9110 §14.1.2):
 * {@code bytes=first-last}, {@code bytes=first-}, {@code bytes=-suffix}. Anything else (several ranges, another
 * unit, a malformed one) is not a range to honour, and the whole representation is answered, as the RFC allows.
 */
public final class ByteRange {
    /** The first and last byte, within the representation. */
    private final double first;
    private final double last;
    private final boolean satisfiable;

    private ByteRange(double first, double last, boolean satisfiable) {
        this.first = first;
        this.last = last;
        this.satisfiable = satisfiable;
    }

    public double first() {
        return first;
    }

    public double last() {
        return last;
    }

    public double length() {
        return last - first + 1;
    }

    /** Whether any of the range lies within the representation (else 416). */
    public boolean isSatisfiable() {
        return satisfiable;
    }

    /** The range {@code header} asks of {@code size} bytes; null when there is none to honour (answer it whole). */
    public static ByteRange of(String header, double size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return null;
        }
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        double first = spec.substring(0, dash).isEmpty() ? -1 : Tokens.unsignedDecimal(spec.substring(0, dash), 15);
        double last = spec.substring(dash + 1).isEmpty() ? -1 : Tokens.unsignedDecimal(spec.substring(dash + 1), 15);
        boolean firstGiven = dash > 0;
        boolean lastGiven = dash < spec.length() - 1;
        if (firstGiven && first < 0 || lastGiven && last < 0 || !firstGiven && !lastGiven || firstGiven && lastGiven && last < first) {
            return null;
        }
        if (!firstGiven) {
            // a suffix: the last `last` bytes
            return last == 0 ? new ByteRange(0, -1, false) : new ByteRange(Math.max(0, size - last), size - 1, true);
        }
        if (first >= size) {
            return new ByteRange(first, first, false);
        }
        return new ByteRange(first, lastGiven ? Math.min(last, size - 1) : size - 1, true);
    }
}
