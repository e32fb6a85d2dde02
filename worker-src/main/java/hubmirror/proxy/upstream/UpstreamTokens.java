package hubmirror.proxy.upstream;

import hubmirror.proxy.content.InFlight;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSMap;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;

/**
 * Tokens the mirror fetched for its own upstream identity, per account and repository, kept for this
 * isolate until shortly before they expire. They never leave the mirror except towards the upstream.
 * A JS Map: Java's HashMap would add kilobytes to the bundle for a lookup by string.
 */
public final class UpstreamTokens {
    /** A bound on what an isolate keeps: past it, everything is dropped and fetched again when needed. */
    private static final int MAX_ENTRIES = 1000;

    /** A token and until when it may be used (ms since the epoch). */
    interface Entry extends JSObject {
        @JSProperty
        String getToken();

        @JSProperty
        void setToken(String token);

        @JSProperty
        double getUntil();

        @JSProperty
        void setUntil(double until);
    }

    private JSMap<JSString, Entry> entries = new JSMap<>();
    private int stored;
    /**
     * Token requests under way, by token key and request URL: concurrent requests that need the same token share
     * one request to the token service (#19).
     */
    final InFlight<Grant> inFlight = new InFlight<>();
    /** The realm and service of the upstream's last challenge: later tokens are asked for before the request. */
    String realm;
    String service;

    void learn(String realm, String service) {
        this.realm = realm;
        this.service = service;
    }

    /** The token kept under {@code key} while it may still be used, or null. */
    String get(String key, double now) {
        JSString name = JSString.valueOf(key);
        // a JS Map's get answers undefined for a missing key, which Java's null checks do not catch: has() first
        Entry entry = entries.has(name) ? entries.get(name) : null;
        return entry != null && entry.getUntil() > now ? entry.getToken() : null;
    }

    /** Kept until {@code expiresIn} (seconds) less a margin, so that no request goes out with a dying token. */
    void put(String key, String token, double expiresIn, double now) {
        double margin = Math.min(30, expiresIn / 2);
        if (++stored > MAX_ENTRIES) {
            entries = new JSMap<>();
            stored = 1;
        }
        Entry entry = JSObjects.create();
        entry.setToken(token);
        entry.setUntil(now + (expiresIn - margin) * 1000);
        entries.set(JSString.valueOf(key), entry);
    }
}
