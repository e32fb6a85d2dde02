package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The mirror's own upstream accounts ({@code UPSTREAM_CREDENTIALS}): pulls are spread over them in turn,
 * and an account that the upstream answered 429 is skipped until its window resets. Held per isolate.
 */
public final class AccountPool {
    /** When the upstream says nothing about its window: Docker Hub's is 6 h, an hour is a cautious guess. */
    static final int DEFAULT_LIMIT_SECONDS = 3600;

    public static final class Account {
        private final String user;
        private final String credential;
        private double limitedUntil;

        Account(String user, String credential) {
            this.user = user;
            this.credential = credential;
        }

        public String user() {
            return user;
        }

        /** {@code user:secret}, for a Basic header to the token service; never logged. */
        public String credential() {
            return credential;
        }
    }

    private final List<Account> accounts;
    private int next;

    private AccountPool(List<Account> accounts) {
        this.accounts = accounts;
    }

    public static AccountPool empty() {
        return new AccountPool(new ArrayList<>());
    }

    /** From {@code user:secret} entries; null when one has no user or no secret. */
    public static AccountPool parse(String[] entries) {
        List<Account> accounts = new ArrayList<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            if (colon <= 0 || colon == entry.length() - 1) {
                return null;
            }
            accounts.add(new Account(entry.substring(0, colon), entry));
        }
        return new AccountPool(accounts);
    }

    public int size() {
        return accounts.size();
    }

    /**
     * The next account not rate-limited at {@code now} (ms); null when there is none. Only a request that
     * counts against the quota ({@code turn}: a manifest GET) moves the turn on, so the free requests
     * around it (HEADs, blobs) do not skew who pays for the next pull.
     */
    public Account pick(double now, boolean turn) {
        int n = accounts.size();
        for (int i = 0; i < n; i++) {
            int index = (next + i) % n;
            Account account = accounts.get(index);
            if (account.limitedUntil <= now) {
                next = turn ? (index + 1) % n : index;
                return account;
            }
        }
        return null;
    }

    public void limited(Account account, double until) {
        account.limitedUntil = Math.max(account.limitedUntil, until);
    }

    /**
     * How long an account stays out after a 429: the upstream's {@code Retry-After} (seconds), else the
     * window of its {@code RateLimit-Limit} ({@code 100;w=21600}), else an hour.
     */
    public static int limitSeconds(String retryAfter, String rateLimit) {
        double seconds = Tokens.unsignedDecimal(retryAfter == null ? null : retryAfter.trim(), 9);
        if (seconds >= 0) {
            return (int) seconds;
        }
        int w = rateLimit == null ? -1 : rateLimit.indexOf("w=");
        if (w >= 0) {
            int end = w + 2;
            while (end < rateLimit.length() && rateLimit.charAt(end) >= '0' && rateLimit.charAt(end) <= '9') {
                end++;
            }
            double window = Tokens.unsignedDecimal(rateLimit.substring(w + 2, end), 9);
            if (window > 0) {
                return (int) window;
            }
        }
        return DEFAULT_LIMIT_SECONDS;
    }
}
