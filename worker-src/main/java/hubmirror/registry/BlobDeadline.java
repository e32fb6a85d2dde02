package hubmirror.registry;

/**
 * How long a blob's body may take to arrive once its head has: {@code UPSTREAM_IDLE_TIMEOUT_MS} plus its length
 * at {@code BLOB_MIN_RATE} bytes a second. One deadline per blob, armed before the first byte (an
 * {@code AbortSignal.timeout} on a native pipe), so no JavaScript runs per chunk; a stalled upstream is let go
 * of when it passes, while a slow but moving download has the whole allowance. The allowance covers the
 * client's reading too (a pipe moves no faster than its reader), so the default rate is one no real client
 * falls below for a whole layer.
 */
public final class BlobDeadline {
    /** 32 KiB/s: a 300 MB layer may take 2 h 40 min, a 30 MB one 16 min, before the mirror lets go. */
    public static final int DEFAULT_MIN_RATE = 32768;
    /** A cache fill is a download between data centres: one slower than 1 MiB/s is given up. */
    public static final int FILL_MIN_RATE = 1 << 20;
    /** The fill's slack when the client's is off (0). */
    static final int FILL_SLACK_MILLIS = 60000;
    /** AbortSignal.timeout takes an int: about 24 days. */
    static final double MAX_MILLIS = Integer.MAX_VALUE;

    private BlobDeadline() {
    }

    /**
     * The deadline in milliseconds for a body of {@code length} bytes, or 0 for none: when either setting is 0
     * (the operator turned the bound off) or the length is unknown (-1; that body is watched otherwise).
     */
    public static int millis(double length, int slackMillis, int minBytesPerSecond) {
        if (slackMillis <= 0 || minBytesPerSecond <= 0 || length < 0) {
            return 0;
        }
        double total = slackMillis + Math.ceil(length * 1000 / minBytesPerSecond);
        return (int) Math.min(total, MAX_MILLIS);
    }

    /**
     * The deadline of a cache fill's second download, never 0: the client's rule with at least
     * {@link #FILL_MIN_RATE} (the operator's settings may turn the client's deadline off, not the fill's: a fill
     * left hanging would hold its place as the blob's one fill in the isolate).
     */
    public static int fillMillis(double length, int slackMillis, int minBytesPerSecond) {
        return millis(Math.max(length, 0), slackMillis > 0 ? slackMillis : FILL_SLACK_MILLIS,
                Math.max(minBytesPerSecond, FILL_MIN_RATE));
    }
}
