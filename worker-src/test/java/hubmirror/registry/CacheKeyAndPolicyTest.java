package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Content keys, what a blob fill stores, and how long a tag is believed. */
class CacheKeyAndPolicyTest {
    @Test
    void keys() {
        // the parts as the proxy joins them (StoredAnswers.key, BlobFill.markOf): origin, PREFIX, upstream, kind, digest
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
        assertEquals(expected, CachePolicy.storesBlob(status, method, range, length, CachePolicy.MAX_OBJECT_BYTES));
        assertEquals(expected || length > CachePolicy.MAX_OBJECT_BYTES && status == 200 && method.equals("GET") && !range,
                CachePolicy.isWholeBlob(status, method, range, length), "whole, whatever its size");
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
}
