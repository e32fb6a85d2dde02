package hubmirror.proxy;

import org.teavm.jso.core.JSMap;
import org.teavm.jso.core.JSString;

/**
 * Repository links ({@link hubmirror.registry.CacheKey#link}) this isolate has seen in the cache or written: a
 * link states a fact that never becomes false (the upstream served that digest under that name), so once known
 * it needs no second cache lookup. Without this every hit by digest cost two lookups instead of one (measured:
 * cached manifest GETs by digest 955 → 575 req/s in scripts/bench after links came in). Bounded: past
 * {@link #MAX} entries the isolate starts over. Made on first use (nothing at module load).
 */
final class KnownLinks {
    private static final int MAX = 10000;
    private static JSMap<JSString, JSString> known;
    private static int count;

    private KnownLinks() {
    }

    static boolean has(String link) {
        return known != null && known.has(JSString.valueOf(link));
    }

    static void add(String link) {
        JSString key = JSString.valueOf(link);
        if (known != null && known.has(key)) {
            return;
        }
        if (known == null || count >= MAX) {
            known = new JSMap<>();
            count = 0;
        }
        count++;
        known.set(key, JSString.valueOf(""));
    }
}
