package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A blob body's deadline (BLOB_MIN_RATE on top of UPSTREAM_IDLE_TIMEOUT_MS) and VERIFY_BLOBS. */
class BlobPolicyTest {
    @Test
    void theDeadlineIsTheSlackPlusTheLengthAtTheMinimumRate() {
        assertEquals(60000 + 1000, BlobDeadline.millis(32768, 60000, 32768));
        assertEquals(60000 + 9155274, BlobDeadline.millis(300e6, 60000, BlobDeadline.DEFAULT_MIN_RATE));
        assertEquals(1000 + 1, BlobDeadline.millis(1, 1000, 1 << 20), "a part of a millisecond counts as one");
        assertEquals(1000, BlobDeadline.millis(0, 1000, 1 << 20), "an empty body still gets the slack");
    }

    @Test
    void zeroTurnsTheDeadlineOffAndAnUnknownLengthHasNone() {
        assertEquals(0, BlobDeadline.millis(1e6, 0, 32768));
        assertEquals(0, BlobDeadline.millis(1e6, 60000, 0));
        assertEquals(0, BlobDeadline.millis(-1, 60000, 32768));
    }

    @Test
    void aFillAlwaysHasADeadlineOfAtLeastOneMebibyteASecond() {
        assertEquals(60000 + 1000, BlobDeadline.fillMillis(1 << 20, 0, 0), "the client's deadline off: the fill's stays");
        assertEquals(60000 + 1000, BlobDeadline.fillMillis(1 << 20, 60000, 32768), "never slower than 1 MiB/s");
        assertEquals(1000 + 1000, BlobDeadline.fillMillis(8 << 20, 1000, 8 << 20), "a faster rule is kept");
        assertEquals(60000, BlobDeadline.fillMillis(-1, 0, 0));
    }

    @Test
    void aHugeBlobAtATinyRateStopsAtWhatATimerTakes() {
        assertEquals(Integer.MAX_VALUE, BlobDeadline.millis(5e12, 60000, 1));
    }

    @Test
    void verificationIsLengthUnlessDigestIsNamed() {
        assertFalse(BlobVerification.isDigest(null));
        assertFalse(BlobVerification.isDigest(""));
        assertFalse(BlobVerification.isDigest("length"));
        assertTrue(BlobVerification.isDigest("digest"));
        for (String valid : new String[] {null, "", "length", "digest"}) {
            assertTrue(BlobVerification.isValid(valid), valid);
        }
        for (String invalid : new String[] {"sha256", "Digest", "digest ", "none", "true"}) {
            assertFalse(BlobVerification.isValid(invalid), invalid);
        }
    }

    @Test
    void blobsAreNotFetchedTwiceWhereTheCacheKeepsNothing() {
        assertFalse(CachePolicy.cacheWorksOn("hubmirror.someone.workers.dev"));
        assertFalse(CachePolicy.cacheWorksOn("workers.dev"));
        assertTrue(CachePolicy.cacheWorksOn("docker.example.com"));
        assertTrue(CachePolicy.cacheWorksOn("workers.dev.example.com"));
        assertTrue(CachePolicy.cacheWorksOn("127.0.0.1"));
    }
}
