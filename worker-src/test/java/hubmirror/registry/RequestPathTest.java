package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The raw path of a request URL, and its dot segments. */
class RequestPathTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "http://h/v2/x?y=1, /v2/x",
        "https://h:8/v2/%2e%2e/x, /v2/%2e%2e/x",
        "https://h, /",
        "https://h/a#f?x, /a",
    })
    void rawPath(String url, String path) {
        assertEquals(path, RequestPath.of(url));
    }

    @ParameterizedTest(name = "{0} dots={1}")
    @CsvSource({
        "/v2/../x, true", "/v2/./x, true", "/v2/%2e%2e/x, true", "/v2/%2E./x, true", "/x/.., true",
        "/v2/a.b/x, false", "/v2/.../x, false", "/v2/..a/x, false", "/v2/, false",
    })
    void dotSegments(String path, boolean dots) {
        assertEquals(dots, RequestPath.hasDotSegment(path));
    }
}
