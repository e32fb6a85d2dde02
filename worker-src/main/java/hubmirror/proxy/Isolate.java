package hubmirror.proxy;

import hubmirror.proxy.content.BlobFill;
import hubmirror.proxy.content.EdgeCache;
import hubmirror.proxy.content.HeldAnswer;
import hubmirror.proxy.content.InFlight;

import hubmirror.proxy.config.MirrorConfig;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.upstream.UpstreamSession;
import hubmirror.workers.Promise;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSMap;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSString;

/**
 * What this isolate keeps between requests, in one place: none of it belongs to a request, none of it is
 * configuration ({@link MirrorConfig} holds only what the variables say). Made on first use: workerd allows
 * nothing at module load.
 */
public final class Isolate {
    private static Isolate current;

    /** Tag resolutions under way, shared by concurrent requests ({@link hubmirror.proxy.content.TagResolution}, #19). */
    public final InFlight<HeldAnswer.Value> resolutions = new InFlight<>();
    /** Manifest fetches by digest under way, shared likewise. */
    public final InFlight<HeldAnswer.Value> manifests = new InFlight<>();
    /** Blob fills under way or just completed ({@link BlobFill}): one per blob at a time. */
    public final Places fills = new Places(1000);
    /** Repository links seen or written ({@link hubmirror.proxy.content.Links}): a known link needs no second cache lookup. */
    public final Places links = new Places(10000);
    /** Until when fills are off (ms since the epoch; 0: on): a cache lookup failed ({@link EdgeCache}). */
    private double cacheUnavailableUntil;
    /** The last round of {@code /healthz}'s upstream checks, shared within {@code HEALTH_CHECK_SECONDS}, and its start. */
    private Promise<JSArray<JSObject>> healthRound;
    private double healthRoundStarted;
    /** How far a test moved this isolate's clock ahead ({@link Clock}; only with {@code TEST_CLOCK}). */
    double clockAheadMillis;

    /** The mirror's tokens and account turns per upstream, for the configuration in use ({@link #session}). */
    private final List<UpstreamSession> sessions = new ArrayList<>();
    /** The home pages of {@link #pagesFor}'s configuration, per kind and language, cut at the host. */
    private MirrorConfig pagesFor;
    private JSMap<JSString, JSArray<JSString>> pages;

    private Isolate() {
    }

    public static Isolate get() {
        if (current == null) {
            current = new Isolate();
        }
        return current;
    }

    /** Fills are off until {@code untilMillis}: a cache lookup failed. */
    public void cacheUnavailableUntil(double untilMillis) {
        cacheUnavailableUntil = untilMillis;
    }

    /** Whether fills may be tried at {@code now}. */
    public boolean cacheAvailable(double now) {
        return cacheUnavailableUntil == 0 || now >= cacheUnavailableUntil;
    }

    /**
     * The round of {@code /healthz}'s checks shared at {@code now}: the last one while younger than {@code maxAgeMillis},
     * else {@code start}'s, which then is the one shared.
     */
    public Promise<JSArray<JSObject>> healthRound(double now, double maxAgeMillis, InFlight.Alone<JSArray<JSObject>> start) {
        if (healthRound == null || now - healthRoundStarted >= maxAgeMillis || now < healthRoundStarted) {
            healthRoundStarted = Clock.stamp();
            healthRound = start.get();
        }
        return healthRound;
    }

    /** What this isolate keeps for {@code upstream} (of the configuration in use), made on first use. */
    public UpstreamSession session(UpstreamState upstream) {
        for (UpstreamSession session : sessions) {
            if (session.isOf(upstream)) {
                return session;
            }
        }
        if (sessions.size() >= 100) {
            sessions.clear(); // a configuration read again (a new env): the old one's sessions go
        }
        UpstreamSession made = new UpstreamSession(upstream);
        sessions.add(made);
        return made;
    }

    /**
     * The home pages of {@code config}, per kind and language, cut at the host ({@link hubmirror.proxy.ops.HomePage}):
     * filled on first use, and forgotten when another configuration is in use.
     */
    public JSMap<JSString, JSArray<JSString>> homePages(MirrorConfig config) {
        if (pagesFor != config) {
            pagesFor = config;
            pages = new JSMap<>();
        }
        return pages;
    }

    /** Keys held until a time (ms since the epoch), at most {@code max} of them: past that, all are forgotten. */
    public static final class Places {
        private final int max;
        private JSMap<JSString, JSNumber> until = new JSMap<>();
        private int count;

        Places(int max) {
            this.max = max;
        }

        /** Whether {@code key} is held at {@code now}. */
        public boolean holds(String key, double now) {
            // a JS Map's get answers undefined for a missing key, which Java's null checks do not catch: has() first
            JSString name = JSString.valueOf(key);
            return until.has(name) && until.get(name).doubleValue() > now;
        }

        public void hold(String key, double untilMillis) {
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

        public void release(String key) {
            JSString name = JSString.valueOf(key);
            if (until.has(name)) {
                until.delete(name);
                count--;
            }
        }
    }
}
