package hubmirror.proxy;

import hubmirror.registry.AccountPool;
import hubmirror.registry.UpstreamRegistry;
import hubmirror.workers.URL;

/**
 * One served registry as the mirror uses it: its table entry, where its API is, the mirror's accounts for it
 * ({@code UPSTREAM_CREDENTIALS[<registry>]}) and the tokens it fetched for itself there. Nothing of one
 * upstream's (accounts, tokens, learned realm) is ever used for another.
 */
final class UpstreamState {
    final UpstreamRegistry entry;
    /** The API's host (and port): it names the upstream in cache keys. */
    final String host;
    final AccountPool accounts;
    /** Tokens the mirror fetched for itself from this upstream's realms, for this isolate's life. */
    final UpstreamTokens tokens = new UpstreamTokens();

    UpstreamState(UpstreamRegistry entry, AccountPool accounts) {
        this.entry = entry;
        URL url = URL.parse(entry.registry(), null);
        this.host = url != null ? url.getHost() : null;
        this.accounts = accounts != null ? accounts : AccountPool.empty();
    }

    String name() {
        return entry.name();
    }
}
