package hubmirror.proxy;

import org.teavm.jso.core.JSDate;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;

/**
 * The mirror's time (ms since the epoch), for everything that expires: tag entries, tokens, account turns, fill
 * places. The runtime's clock, plus what a test moved this isolate's clock ahead by ({@code TEST_CLOCK}; never in
 * production): the seam that lets tests see an expiry without waiting for it.
 */
public final class Clock {
    private Clock() {
    }

    public static double now() {
        return JSDate.now() + Isolate.get().clockAheadMillis;
    }

    /** The time as decimal digits (Java's long, which this would need, is emulated in TeaVM). */
    public static String nowText() {
        return JSObjects.toString(JSNumber.valueOf(now()));
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
