package hubmirror.proxy;

import hubmirror.proxy.http.Replies;
import org.teavm.jso.core.JSDate;

/**
 * The mirror's time (ms since the epoch), for everything that expires: tag entries, tokens, account turns, fill
 * places. What is stored is stamped with the runtime's clock ({@link #stamp}); what is compared against a stamp
 * uses {@link #now}: the runtime's clock plus what a test moved this isolate's clock ahead by ({@code TEST_CLOCK};
 * never in production). So the seam can only make things expire sooner, never outlive their time elsewhere.
 */
public final class Clock {
    private Clock() {
    }

    public static double now() {
        return JSDate.now() + Isolate.get().clockAheadMillis;
    }

    /** The runtime's time, for what is stored: an expiry, a resolution's time, a place's deadline. */
    public static double stamp() {
        return JSDate.now();
    }

    /** {@link #stamp} as decimal digits. */
    public static String stampText() {
        return Replies.digits(stamp());
    }

    /** Moves this isolate's clock ahead to {@code millis} past the runtime's (never back: expired stays expired). */
    static double moveAhead(double millis) {
        Isolate isolate = Isolate.get();
        if (millis > isolate.clockAheadMillis) {
            isolate.clockAheadMillis = millis;
        }
        return isolate.clockAheadMillis;
    }
}
