package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mirror's own upstream accounts: turns, malformed entries, rate-limit windows. */
class AccountPoolTest {
    @Test
    void accountsTakeTurnsAndSkipLimited() {
        AccountPool pool = AccountPool.parse(new String[] {"a:1", "b:2", "c:x:y"});
        assertEquals(3, pool.size());
        assertEquals("a", pool.pick(0, true).user());
        assertEquals("b", pool.pick(0, true).user());
        AccountPool.Account c = pool.pick(0, true);
        assertEquals("c", c.user());
        assertEquals("c:x:y", c.credential());
        AccountPool.Account a = pool.pick(0, true);
        pool.limited(a, 100);
        assertEquals("b", pool.pick(50, true).user());
        assertEquals("c", pool.pick(50, true).user());
        assertEquals("b", pool.pick(50, true).user(), "a is skipped while limited");
        assertEquals("c", pool.pick(50, true).user());
        assertSame(a, pool.pick(100, true), "and back when its window has passed");
        pool.limited(pool.pick(100, true), 200);
        pool.limited(pool.pick(100, true), 200);
        pool.limited(pool.pick(100, true), 200);
        assertNull(pool.pick(150, true), "all limited");
        assertNull(AccountPool.empty().pick(0, true));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {"nocolon", ":secret", "user:", "''"})
    void malformedAccounts(String entry) {
        assertNull(AccountPool.parse(new String[] {"ok:1", entry}));
    }

    @ParameterizedTest(name = "retry-after [{0}] ratelimit [{1}] -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "120 | 100;w=21600 | 120",
        "' 30 ' | NULL | 30",
        "NULL | 100;w=21600 | 21600",
        "NULL | '0;w=60' | 60",
        "soon | NULL | 3600",
        "NULL | 100 | 3600",
        "NULL | 'w=0' | 3600",
    })
    void limitSeconds(String retryAfter, String rateLimit, int expected) {
        assertEquals(expected, AccountPool.limitSeconds(retryAfter, rateLimit));
    }
}
