package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every count is 10 fixed requests plus, per blob (the config and each layer), what its tiers cost. */
class DownloadPlanTest {
    @Test
    void withTheBucketLayersAreReadFromItAndFilledIntoIt() {
        DownloadPlan plan = DownloadPlan.of(7, 50, true, true, false);
        assertTrue(plan.fits());
        assertTrue(plan.readsBucket());
        assertFalse(plan.readsEdge(), "R2 serves every data centre; edge lookups would cost subrequests");
        assertTrue(plan.fills());
        assertEquals(10 + 8 * 3, plan.needed());
        assertEquals("layers from r2, else upstream, filled", plan.describe());
    }

    @Test
    void withTheBucketButTooManyLayersToFillStillReadsIt() {
        DownloadPlan plan = DownloadPlan.of(15, 50, true, true, false);
        assertTrue(plan.fits());
        assertTrue(plan.readsBucket());
        assertFalse(plan.fills());
        assertEquals(10 + 16 * 2, plan.needed());
    }

    @Test
    void theEdgeCacheReadAndFilledWhenItFits() {
        DownloadPlan four = DownloadPlan.of(4, 50, false, true, false);
        assertTrue(four.readsEdge());
        assertTrue(four.fills());
        assertEquals(10 + 5 * 8, four.needed(), "upstream 2, lookup 2, fill 4 (second download, entry, mark, delete on failure)");
        DownloadPlan verified = DownloadPlan.of(4, 50, false, true, true);
        assertFalse(verified.fills(), "VERIFY_BLOBS=digest reads each entry back: 9 a blob, 55 in all");
        assertTrue(verified.readsEdge());
        DownloadPlan nine = DownloadPlan.of(9, 50, false, true, false);
        assertTrue(nine.readsEdge());
        assertFalse(nine.fills());
        assertEquals(10 + 10 * 4, nine.needed());
        DownloadPlan nineteen = DownloadPlan.of(19, 50, false, true, false);
        assertFalse(nineteen.readsEdge());
        assertTrue(nineteen.fits());
        assertEquals(10 + 20 * 2, nineteen.needed());
        assertEquals("layers from upstream", nineteen.describe());
    }

    @Test
    void withoutAWorkingEdgeCacheStraightFromTheUpstream() {
        DownloadPlan plan = DownloadPlan.of(3, 50, false, false, false);
        assertFalse(plan.readsEdge());
        assertFalse(plan.fills());
        assertEquals(18, plan.needed());
    }

    @Test
    void tooManyLayersForEvenTheUpstreamAlone() {
        DownloadPlan plan = DownloadPlan.of(21, 50, true, true, false);
        assertFalse(plan.fits());
        assertEquals(10 + 22 * 2, plan.needed());
        assertFalse(DownloadPlan.of(20, 50, true, true, false).fits());
        assertTrue(DownloadPlan.of(19, 50, true, true, false).fits());
        assertTrue(DownloadPlan.of(21, 10000, false, true, false).fits());
    }
}
