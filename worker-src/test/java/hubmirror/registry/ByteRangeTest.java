package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {
    @ParameterizedTest(name = "{0} of 1000 -> {1}-{2}, satisfiable {3}")
    @CsvSource(delimiter = '|', value = {
        "bytes=0-99 | 0 | 99 | true",
        "bytes=100- | 100 | 999 | true",
        "bytes=-10 | 990 | 999 | true",
        "bytes=-5000 | 0 | 999 | true",
        "bytes=900-5000 | 900 | 999 | true",
        "bytes=999-999 | 999 | 999 | true",
        "bytes=1000- | 1000 | 1000 | false",
    })
    void ranges(String header, double first, double last, boolean satisfiable) {
        ByteRange range = ByteRange.of(header, 1000);
        assertEquals(satisfiable, range.isSatisfiable());
        if (satisfiable) {
            assertEquals(first, range.first());
            assertEquals(last, range.last());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "items=0-1", "bytes=0-1,5-6", "bytes=5-1", "bytes=-", "bytes=a-b", "bytes=1"})
    void notARangeToHonour(String header) {
        assertNull(ByteRange.of(header, 1000));
    }
}
