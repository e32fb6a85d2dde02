package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntityTagTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL | false",
        "'' | false",
        "* | true",
        "'\"sha256:abababababababababababababababababababababababababababababababab\"' | true",
        "'W/\"sha256:abababababababababababababababababababababababababababababababab\"' | true",
        "'\"x\", \"sha256:abababababababababababababababababababababababababababababababab\"' | true",
        "'\"sha256:abababababababababababababababababababababababababababababababa\"' | false",
        "'\"sha256:ababababababababababababababababababababababababababababababababab\"' | false",
        "'sha256:abababababababababababababababababababababababababababababababab' | false",
        "'\"x\", junk' | false",
        "'\"unterminated' | false",
    })
    void ifNoneMatch(String header, boolean matches) {
        assertEquals(matches, EntityTag.matches(header, DIGEST));
    }

    @org.junit.jupiter.api.Test
    void tagOfADigest() {
        assertEquals("\"" + DIGEST + "\"", EntityTag.of(DIGEST));
    }
}
