package hubmirror.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parts of the proxy layer that are plain Java (filling the template runs natively; runtime tests cover it). */
class ProxyLogicTest {
    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "h.example:8080 | h.example:8080",
        "a\"<b>&'c | a&quot;&lt;b&gt;&amp;&#39;c",
    })
    void escape(String host, String expected) {
        assertEquals(expected, HomePage.escape(host));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "https://ui.example | https://ui.example",
        "http://localhost:3000 | http://localhost:3000",
        "null | https://self",
        "'' | https://self",
        "https://a.example/path | https://self",
        "javascript:alert(1) | https://self",
        "https://a b | https://self",
    })
    void allowOrigin(String requestOrigin, String expected) {
        assertEquals(expected, Cors.allowOrigin(requestOrigin, "https://self"));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "30000 | 30000", "1500 | 1500", "0 | 0", "'' | 30000", "abc | -1", "-5 | -1", "1e3 | -1",
        "9999999999 | -1",
    })
    void timeouts(String value, int expected) {
        assertEquals(expected, MirrorConfig.millis(value, 30000));
    }

    @ParameterizedTest(name = "Content-Length [{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {"0 | 0", "315000000 | 315000000", "'' | -1", "-1 | -1", "1e3 | -1", "12 34 | -1"})
    void contentLengths(String value, double expected) {
        assertEquals(expected, RegistryProxy.contentLength(value));
    }
}
