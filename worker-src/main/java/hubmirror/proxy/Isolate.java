package hubmirror.proxy;

import hubmirror.workers.Promise;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSMap;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSString;

/**
 * What this isolate keeps between requests, in one place: none of it belongs to a request, none of it is
 * configuration (that is {@link MirrorConfig}, with the upstreams' tokens and account turns). Made on first use:
 * workerd allows nothing at module load.
 */
final class Isolate {
    private static Isolate current;

    /** Tag resolutions under way, shared by concurrent requests ({@link CachedPull}, #19). */
    final InFlight<HeldAnswer.Value> resolutions = new InFlight<>();
    /** Manifest fetches by digest under way, shared likewise. */
    final InFlight<HeldAnswer.Value> manifests = new InFlight<>();
    /** Blob fills under way or just completed ({@link BlobFill}): one per blob at a time. */
    final Places fills = new Places(1000);
    /** Repository links seen or written ({@link CachedPull}): a known link needs no second cache lookup. */
    final Places links = new Places(10000);
    /** Until when fills are off (ms since the epoch; 0: on): a cache lookup failed ({@link EdgeCache}). */
    double cacheUnavailableUntil;
    /** The last round of {@code /healthz}'s upstream checks, shared within {@code HEALTH_CHECK_SECONDS}, and its start. */
    Promise<JSArray<JSObject>> healthRound;
    double healthRoundStarted;
    /** How far a test moved this isolate's clock ahead ({@link Clock}; only with {@code TEST_CLOCK}). */
    double clockAheadMillis;

    private Isolate() {
    }

    static Isolate get() {
        if (current == null) {
            current = new Isolate();
        }
        return current;
    }

    /** Keys held until a time (ms since the epoch), at most {@code max} of them: past that, all are forgotten. */
    static final class Places {
        private final int max;
        private JSMap<JSString, JSNumber> until = new JSMap<>();
        private int count;

        Places(int max) {
            this.max = max;
        }

        /** Whether {@code key} is held at {@code now}. */
        boolean holds(String key, double now) {
            // a JS Map's get answers undefined for a missing key, which Java's null checks do not catch: has() first
            JSString name = JSString.valueOf(key);
            return until.has(name) && until.get(name).doubleValue() > now;
        }

        void hold(String key, double untilMillis) {
            JSString name = JSString.valueOf(key);
            if (!until.has(name)) {
                if (count >= max) {
                    until = new JSMap<>();
                    count = 0;
                }
                count++;
            }
            until.set(name, JSNumber.valueOf(untilMillis));
        }

        void release(String key) {
            JSString name = JSString.valueOf(key);
            if (until.has(name)) {
                until.delete(name);
                count--;
            }
        }
    }
}
