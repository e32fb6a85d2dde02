package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartPlanTest {
    private static final double MIB = 1048576.0;

    @Test
    void aBlobWithinOnePutHasNoParts() {
        assertFalse(new PartPlan(5 * MIB, 5 * MIB).inParts());
        assertFalse(new PartPlan(CachePolicy.R2_MAX_PUT_BYTES, CachePolicy.R2_MAX_PUT_BYTES).inParts());
        assertTrue(new PartPlan(CachePolicy.R2_MAX_PUT_BYTES + 1, CachePolicy.R2_MAX_PUT_BYTES).inParts());
    }

    @Test
    void equalPartsButTheLast() {
        PartPlan plan = new PartPlan(12 * MIB + 7, 5 * MIB);
        assertTrue(plan.inParts());
        assertEquals(3, plan.count());
        assertEquals(0, plan.offset(1));
        assertEquals(5 * MIB, plan.length(1));
        assertEquals(5 * MIB - 1, plan.last(1));
        assertEquals(5 * MIB, plan.offset(2));
        assertEquals(10 * MIB - 1, plan.last(2));
        assertEquals(10 * MIB, plan.offset(3));
        assertEquals(2 * MIB + 7, plan.length(3));
        assertEquals(12 * MIB + 6, plan.last(3));
        assertEquals(12 * MIB + 7, plan.total());
    }

    @Test
    void anExactMultipleEndsWithAFullPart() {
        PartPlan plan = new PartPlan(10 * MIB, 5 * MIB);
        assertEquals(2, plan.count());
        assertEquals(5 * MIB, plan.length(2));
    }

    @Test
    void aSixtyGigabyteLayerInFiveGibibyteParts() {
        PartPlan plan = new PartPlan(60e9, CachePolicy.R2_MAX_PUT_BYTES);
        assertEquals(12, plan.count());
        assertTrue(plan.fits());
        assertEquals(60e9 - 11 * CachePolicy.R2_MAX_PUT_BYTES, plan.length(12));
    }

    @Test
    void moreThanTenThousandPartsDoNotFit() {
        assertTrue(new PartPlan(10000 * 5 * MIB, 5 * MIB).fits());
        assertFalse(new PartPlan(10000 * 5 * MIB + 1, 5 * MIB).fits());
    }

    @Test
    void partSizesR2Takes() {
        assertFalse(PartPlan.isValidPartBytes(5 * MIB - 1));
        assertTrue(PartPlan.isValidPartBytes(5 * MIB));
        assertTrue(PartPlan.isValidPartBytes(CachePolicy.R2_MAX_PUT_BYTES));
        assertFalse(PartPlan.isValidPartBytes(CachePolicy.R2_MAX_PUT_BYTES + 1));
    }
}
