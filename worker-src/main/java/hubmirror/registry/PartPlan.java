package hubmirror.registry;

/**
 * How a blob larger than one R2 {@code put} is cut into the parts of a multipart upload: equal parts of
 * {@code partBytes} but the last, numbered from 1 (R2's rules: 5 MiB to 4.995 GiB each, at most 10,000).
 */
public final class PartPlan {
    public static final double MIN_PART_BYTES = 5 * 1048576.0;
    public static final int MAX_PARTS = 10000;

    private final double length;
    private final double partBytes;

    public PartPlan(double length, double partBytes) {
        this.length = length;
        this.partBytes = partBytes;
    }

    /** Whether {@code partBytes} is a part size R2 takes (and so the largest single put the mirror makes). */
    public static boolean isValidPartBytes(double partBytes) {
        return partBytes >= MIN_PART_BYTES && partBytes <= CachePolicy.R2_MAX_PUT_BYTES;
    }

    /** Whether the blob needs parts (else one put, which R2 checks against the digest itself). */
    public boolean inParts() {
        return length > partBytes;
    }

    public int count() {
        return (int) Math.ceil(length / partBytes);
    }

    /** Whether R2 takes that many parts. */
    public boolean fits() {
        return count() <= MAX_PARTS;
    }

    /** The offset of part {@code number} (from 1) in the blob. */
    public double offset(int number) {
        return (number - 1) * partBytes;
    }

    /** The length of part {@code number}: {@code partBytes}, but the last's is what is left. */
    public double length(int number) {
        return Math.min(partBytes, length - offset(number));
    }

    /** The last byte of part {@code number}, as a {@code Range} names it. */
    public double last(int number) {
        return offset(number) + length(number) - 1;
    }

    public double total() {
        return length;
    }
}
