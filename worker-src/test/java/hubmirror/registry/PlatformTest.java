package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformTest {
    @ParameterizedTest(name = "{0} is {1}: {2}")
    @CsvSource({
        "linux/arm64, linux/arm64/v8, true",
        "linux/arm64/v8, linux/arm64, true",
        "linux/aarch64, linux/arm64/v8, true",
        "linux/arm64, linux/arm/v7, false",
        "linux/arm, linux/arm/v7, true",
        "linux/arm, linux/arm/v6, false",
        "linux/arm/v6, linux/arm/v6, true",
        "linux/amd64, linux/amd64, true",
        "linux/x86_64, linux/amd64, true",
        "linux/amd64, linux/amd64/v3, false",
        "linux/amd64, windows/amd64, false",
        "linux/s390x, linux/s390x, true",
    })
    void matchesAsContainerdDoes(String asked, String entry, boolean expected) {
        assertEquals(expected, Platform.matches(asked, entry));
    }
}
