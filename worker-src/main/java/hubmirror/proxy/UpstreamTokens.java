package hubmirror.proxy;

import java.util.HashMap;
import java.util.Map;

/**
 * Tokens the mirror fetched for its own upstream identity, per account and repository, kept for this
 * isolate until shortly before they expire. They never leave the mirror except towards the upstream.
 */
final class UpstreamTokens {
    /** A bound on what an isolate keeps: past it, everything is dropped and fetched again when needed. */
    private static final int MAX_ENTRIES = 1000;

    private static final class Entry {
        final String token;
        final double until;

        Entry(String token, double until) {
            this.token = token;
            this.until = until;
        }
    }

    private final Map<String, Entry> entries = new HashMap<>();
    /** The realm and service of the upstream's last challenge: later tokens are asked for before the request. */
    String realm;
    String service;

    void learn(String realm, String service) {
        this.realm = realm;
        this.service = service;
    }

    String get(String key, double now) {
        Entry entry = entries.get(key);
        return entry != null && entry.until > now ? entry.token : null;
    }

    /** Kept until {@code expiresIn} (seconds) less a margin, so that no request goes out with a dying token. */
    void put(String key, String token, double expiresIn, double now) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        double margin = Math.min(30, expiresIn / 2);
        entries.put(key, new Entry(token, now + (expiresIn - margin) * 1000));
    }
}
