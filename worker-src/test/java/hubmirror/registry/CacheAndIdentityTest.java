package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CacheAndIdentityTest {
    @ParameterizedTest(name = "[{0}] anonymous: {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL | true",
        "'' | true",
        "Bearer hubmirror-anonymous | true",
        "bearer hubmirror-anonymous | true",
        "Bearer hubmirror-anonymous-x | false",
        "Bearer eyJhbGciOi.x.y | false",
        "Basic cmVhZGVyOnJlYWQtc2VjcmV0 | false",
        "hubmirror-anonymous | false",
        "Bearer  hubmirror-anonymous | false",
    })
    void anonymous(String authorization, boolean expected) {
        assertEquals(expected, MirrorToken.isAnonymous(authorization));
    }

    @Test
    void grantIsTokenJson() {
        assertEquals("{\"token\":\"hubmirror-anonymous\",\"access_token\":\"hubmirror-anonymous\",\"expires_in\":3600}",
                MirrorToken.grant());
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL | ''",
        "'' | ''",
        "application/vnd.oci.image.index.v1+json | application/vnd.oci.image.index.v1+json",
        "'b/x, a/y;q=0.5 ,B/X' | 'a/y,b/x'",
        "'application/json; charset=utf-8' | application/json",
        "'*/*' | '*/*'",
        "'a/b,,c/d,' | 'a/b,c/d'",
        "'a/b#c' | NULL",
        "'a/b?x=1' | NULL",
        "'a/b&c' | NULL",
        "noslash | NULL",
        "'a/b/c' | NULL",
        "'/b' | NULL",
    })
    void normalizesAccept(String accept, String expected) {
        assertEquals(expected, ManifestAccept.normalize(accept));
    }

    @ParameterizedTest(name = "[{0}] takes [{1}]: {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "'' | application/vnd.oci.image.manifest.v1+json | true",
        "'' | NULL | true",
        "'application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.index.v1+json' | application/vnd.oci.image.index.v1+json | true",
        "'application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.index.v1+json' | application/vnd.docker.distribution.manifest.v2+json | false",
        "'application/vnd.oci.image.index.v1+json' | 'Application/VND.OCI.image.index.v1+json; charset=utf-8' | true",
        "'application/*' | application/vnd.oci.image.index.v1+json | true",
        "'*/*' | text/plain | true",
        "'application/vnd.oci.image.manifest.v1+json' | NULL | false",
        "'application/vnd.oci.image.manifest.v1+json' | application/vnd.oci.image.manifest.v1+jsonx | false",
    })
    void aTagEntryServesOnlyAClientThatTakesItsType(String normalized, String contentType, boolean expected) {
        assertEquals(expected, ManifestAccept.accepts(normalized, contentType));
    }

    @Test
    void acceptWithTooManyTypesIsNotCached() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            s.append("a/t").append(i).append(',');
        }
        assertNull(ManifestAccept.normalize(s.toString()));
    }

    @Test
    void keys() {
        // the parts as the proxy joins them (CachedPull.key, markOf): origin, PREFIX, upstream, kind, digest
        assertEquals("https://m.test/.hubmirror-cache/v1/registry-1.docker.io/blobs/sha256:ab",
                "https://m.test" + CacheKey.PREFIX + "registry-1.docker.io" + CacheKey.BLOBS + "sha256:ab");
        assertEquals("https://m.test/.hubmirror-cache/v1/r/manifests/sha256:ab",
                "https://m.test" + CacheKey.PREFIX + "r" + CacheKey.MANIFESTS + "sha256:ab");
        assertEquals("https://m.test/.hubmirror-cache/v1/r/blobs/sha256:ab/stored",
                "https://m.test" + CacheKey.PREFIX + "r" + CacheKey.BLOBS + "sha256:ab" + CacheKey.MARK_SUFFIX);
        assertEquals("https://m.test/.hubmirror-cache/v1/r/tags/library/redis/7?accept=a/b,c/d",
                CacheKey.tag("https://m.test", "r", "library/redis", "7", "a/b,c/d"));
    }

    @ParameterizedTest(name = "{0} {1} range={2} length={3}: {4}")
    @CsvSource(delimiter = '|', value = {
        "200 | GET | false | 10 | true",
        "200 | GET | false | 512000000 | true",
        "200 | GET | false | 512000001 | false",
        "200 | GET | false | -1 | false",
        "200 | GET | true | 10 | false",
        "206 | GET | false | 10 | false",
        "200 | HEAD | false | 10 | false",
        "307 | GET | false | 10 | false",
        "500 | GET | false | 10 | false",
    })
    void storesBlob(int status, String method, boolean range, double length, boolean expected) {
        assertEquals(expected, CachePolicy.storesBlob(status, method, range, length));
    }

    @Test
    void tagFreshness() {
        assertTrue(CachePolicy.isFresh(1000, 60_999, 60));
        assertFalse(CachePolicy.isFresh(1000, 61_000, 60));
        assertFalse(CachePolicy.isFresh(5000, 1000, 60), "a time from the future is not believed");
        assertFalse(CachePolicy.isFresh(-1, 1000, 60));
        assertTrue(CachePolicy.mayServeStale(0, 604_799_999, 604_800));
        assertFalse(CachePolicy.mayServeStale(0, 604_800_000, 604_800));
        assertEquals("public, max-age=604860", CachePolicy.tagCacheControl(60, 604_800));
    }

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
