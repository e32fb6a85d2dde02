package hubmirror.proxy;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * Tokens the mirror fetched for its own upstream identity, per account and repository, kept for this
 * isolate until shortly before they expire. They never leave the mirror except towards the upstream.
 * A JS Map: Java's HashMap would add kilobytes to the bundle for a lookup by string.
 */
final class UpstreamTokens {
    /** A bound on what an isolate keeps: past it, everything is dropped and fetched again when needed. */
    private static final int MAX_ENTRIES = 1000;

    private final JSObject entries = newMap();
    /**
     * Token requests under way, by token key and request URL: concurrent requests that need the same token share
     * one request to the token service (#19).
     */
    final InFlight<MirrorIdentity.Grant> inFlight = new InFlight<>();
    /** The realm and service of the upstream's last challenge: later tokens are asked for before the request. */
    String realm;
    String service;

    void learn(String realm, String service) {
        this.realm = realm;
        this.service = service;
    }

    String get(String key, double now) {
        return lookup(entries, key, now);
    }

    /** Kept until {@code expiresIn} (seconds) less a margin, so that no request goes out with a dying token. */
    void put(String key, String token, double expiresIn, double now) {
        double margin = Math.min(30, expiresIn / 2);
        store(entries, key, token, now + (expiresIn - margin) * 1000, MAX_ENTRIES);
    }

    @JSBody(script = "return new Map();")
    private static native JSObject newMap();

    @JSBody(params = {"map", "key", "now"}, script = "var entry = map.get(key);"
            + " return entry && entry.until > now ? entry.token : null;")
    private static native String lookup(JSObject map, String key, double now);

    @JSBody(params = {"map", "key", "token", "until", "max"}, script = "if (map.size >= max) map.clear();"
            + " map.set(key, { token: token, until: until });")
    private static native void store(JSObject map, String key, String token, double until, int max);
}
