package hubmirror.proxy.config;

import hubmirror.registry.AccountPool;
import hubmirror.registry.UpstreamRegistry;
import hubmirror.workers.URL;

/**
 * One served registry as configured: its table entry, where its API is, and the mirror's accounts for it
 * ({@code UPSTREAM_CREDENTIALS[<registry>]}). What the mirror learns and keeps there (tokens, account turns) is
 * the isolate's ({@link hubmirror.proxy.upstream.UpstreamSession}); nothing of one upstream's is used for another.
 */
public final class UpstreamState {
    public final UpstreamRegistry entry;
    /** The API's host (and port): it names the upstream in cache keys. */
    public final String host;
    /** The {@code user:secret} entries of the mirror's accounts here (checked: they parse); empty for none. */
    private final String[] credentials;

    UpstreamState(UpstreamRegistry entry, String[] credentials) {
        this.entry = entry;
        URL url = URL.parse(entry.registry(), null);
        this.host = url != null ? url.getHost() : null;
        this.credentials = credentials;
    }

    public String name() {
        return entry.name();
    }

    /** A pool of the mirror's accounts here, with turns and rate-limit windows of its own (an isolate's). */
    public AccountPool newAccountPool() {
        AccountPool pool = AccountPool.parse(credentials);
        return pool != null ? pool : AccountPool.empty();
    }
}
