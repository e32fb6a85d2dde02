package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DownloadPlanTest {
    @Test
    void withTheBucketLayersAreReadFromItAndFilledIntoIt() {
        DownloadPlan plan = DownloadPlan.of(7, 50, true, true);
        assertTrue(plan.fits());
        assertTrue(plan.readsBucket());
        assertFalse(plan.readsEdge(), "R2 serves every data centre; edge lookups would cost subrequests");
        assertTrue(plan.fills());
        assertEquals(8 + 7 * 3, plan.needed());
        assertEquals("layers from r2, else upstream, filled", plan.describe());
    }

    @Test
    void withTheBucketButTooManyLayersToFillStillReadsIt() {
        DownloadPlan plan = DownloadPlan.of(15, 50, true, true);
        assertTrue(plan.fits());
        assertTrue(plan.readsBucket());
        assertFalse(plan.fills());
        assertEquals(8 + 15 * 2, plan.needed());
    }

    @Test
    void theEdgeCacheReadAndFilledWhenItFits() {
        DownloadPlan six = DownloadPlan.of(6, 50, false, true);
        assertTrue(six.readsEdge());
        assertTrue(six.fills());
        assertEquals(8 + 6 * 7, six.needed());
        DownloadPlan ten = DownloadPlan.of(10, 50, false, true);
        assertTrue(ten.readsEdge());
        assertFalse(ten.fills());
        assertEquals(8 + 10 * 4, ten.needed());
        DownloadPlan twenty = DownloadPlan.of(20, 50, false, true);
        assertFalse(twenty.readsEdge());
        assertTrue(twenty.fits());
        assertEquals("layers from upstream", twenty.describe());
    }

    @Test
    void withoutAWorkingEdgeCacheStraightFromTheUpstream() {
        DownloadPlan plan = DownloadPlan.of(3, 50, false, false);
        assertFalse(plan.readsEdge());
        assertFalse(plan.fills());
        assertEquals(14, plan.needed());
    }

    @Test
    void tooManyLayersForEvenTheUpstreamAlone() {
        DownloadPlan plan = DownloadPlan.of(22, 50, true, true);
        assertFalse(plan.fits());
        assertEquals(8 + 22 * 2, plan.needed());
        assertTrue(DownloadPlan.of(22, 10000, false, true).fits());
    }
}
