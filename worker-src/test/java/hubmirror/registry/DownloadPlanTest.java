package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every count is 8 fixed requests plus, per blob (the config and each layer), what its tiers cost. */
class DownloadPlanTest {
    @Test
    void withTheBucketLayersAreReadFromItAndFilledIntoIt() {
        DownloadPlan plan = DownloadPlan.of(7, 50, true, true, false);
        assertTrue(plan.fits());
        assertTrue(plan.readsBucket());
        assertFalse(plan.readsEdge(), "R2 serves every data centre; edge lookups would cost subrequests");
        assertTrue(plan.fills());
        assertEquals(8 + 8 * 3, plan.needed());
        assertEquals("layers from r2, else upstream, filled", plan.describe());
    }

    @Test
    void withTheBucketButTooManyLayersToFillStillReadsIt() {
        DownloadPlan plan = DownloadPlan.of(15, 50, true, true, false);
        assertTrue(plan.fits());
        assertTrue(plan.readsBucket());
        assertFalse(plan.fills());
        assertEquals(8 + 16 * 2, plan.needed());
    }

    @Test
    void theEdgeCacheReadAndFilledWhenItFits() {
        DownloadPlan four = DownloadPlan.of(4, 50, false, true, false);
        assertTrue(four.readsEdge());
        assertTrue(four.fills());
        assertEquals(8 + 5 * 8, four.needed(), "upstream 2, lookup 2, fill 4 (second download, entry, mark, delete on failure)");
        DownloadPlan verified = DownloadPlan.of(4, 50, false, true, true);
        assertFalse(verified.fills(), "VERIFY_BLOBS=digest reads each entry back: 9 a blob, 53 in all");
        assertTrue(verified.readsEdge());
        DownloadPlan nine = DownloadPlan.of(9, 50, false, true, false);
        assertTrue(nine.readsEdge());
        assertFalse(nine.fills());
        assertEquals(8 + 10 * 4, nine.needed());
        DownloadPlan twenty = DownloadPlan.of(20, 50, false, true, false);
        assertFalse(twenty.readsEdge());
        assertTrue(twenty.fits());
        assertEquals("layers from upstream", twenty.describe());
    }

    @Test
    void withoutAWorkingEdgeCacheStraightFromTheUpstream() {
        DownloadPlan plan = DownloadPlan.of(3, 50, false, false, false);
        assertFalse(plan.readsEdge());
        assertFalse(plan.fills());
        assertEquals(16, plan.needed());
    }

    @Test
    void tooManyLayersForEvenTheUpstreamAlone() {
        DownloadPlan plan = DownloadPlan.of(21, 50, true, true, false);
        assertFalse(plan.fits());
        assertEquals(8 + 22 * 2, plan.needed());
        assertTrue(DownloadPlan.of(20, 50, true, true, false).fits());
        assertTrue(DownloadPlan.of(21, 10000, false, true, false).fits());
    }
}
