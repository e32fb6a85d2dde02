package hubmirror.proxy.upstream;

import hubmirror.proxy.config.UpstreamState;
import hubmirror.registry.AccountPool;

/**
 * What the mirror's identity keeps for one upstream in this isolate, apart from its configuration: the tokens it
 * fetched there ({@link UpstreamTokens}) and its accounts' turns and rate-limit windows. Made on first use for
 * the configuration's {@link UpstreamState} ({@link hubmirror.proxy.Isolate#session}).
 */
public final class UpstreamSession {
    final UpstreamState state;
    final UpstreamTokens tokens = new UpstreamTokens();
    final AccountPool accounts;

    public UpstreamSession(UpstreamState state) {
        this.state = state;
        this.accounts = state.newAccountPool();
    }

    /** Whether this is the session of {@code state} (of the configuration in use). */
    public boolean isOf(UpstreamState state) {
        return this.state == state;
    }
}
