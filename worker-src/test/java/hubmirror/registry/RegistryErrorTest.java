package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry's error JSON, escaped. */
class RegistryErrorTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "UNSUPPORTED | 405 | no | null | {\"errors\":[{\"code\":\"UNSUPPORTED\",\"message\":\"no\",\"detail\":null}]}",
        "NAME_INVALID | 400 | a \"b\" \\ c | d<e> | {\"errors\":[{\"code\":\"NAME_INVALID\",\"message\":"
            + "\"a \\\"b\\\" \\\\ c\",\"detail\":\"d\\u003ce\\u003e\"}]}",
    })
    void errorJson(ErrorCode code, int status, String message, String detail, String json) {
        RegistryError e = new RegistryError(code, status, message, detail.equals("null") ? null : detail);
        assertEquals(json + "\n", e.toJson());
        assertEquals(status, e.status());
    }

    @Test
    void controlCharactersAreEscaped() {
        StringBuilder out = new StringBuilder();
        Json.appendString(out, "a\u0000b\nc\u2028");
        assertEquals("\"a\\u0000b\\nc\\u2028\"", out.toString());
    }
}
