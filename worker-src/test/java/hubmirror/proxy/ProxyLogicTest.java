package hubmirror.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import hubmirror.proxy.config.Variables;
import hubmirror.proxy.http.Cors;
import hubmirror.proxy.ops.HomePage;
import hubmirror.proxy.upstream.Upstream;
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

    @ParameterizedTest(name = "{0}//{1}: plain http {2}")
    @CsvSource(delimiter = '|', value = {
        "http: | localhost | true",
        "http: | 127.0.0.1 | true",
        "http: | [::1] | true",
        "http: | 192.168.1.20 | true",
        "http: | devbox | true",
        "http: | mirror.localhost | true",
        "http: | docker.example.com | false",
        "https: | localhost | false",
        "https: | docker.example.com | false",
    })
    void plainHttpIsALocalMirrorOnly(String protocol, String hostname, boolean expected) {
        assertEquals(expected, HomePage.isPlainHttp(protocol, hostname));
    }

    @org.junit.jupiter.api.Test
    void conditionalBlocksOnTheirOwnLinesGoWithTheirLines() {
        String page = "a\n{{#x}}\nb\n{{/x}}\nc {{#x}}d{{/x}} e\nf=1{{#x}}\ng=2{{/x}}\n";
        assertEquals("a\nb\nc d e\nf=1\ng=2\n", HomePage.keepBlocks(page, "x", true));
        assertEquals("a\nc  e\nf=1\n", HomePage.keepBlocks(page, "x", false));
        assertEquals("no blocks", HomePage.keepBlocks("no blocks", "x", false));
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

    @ParameterizedTest(name = "[{0}] -> {1}, {2} problem(s)")
    @CsvSource(delimiter = '|', value = {
        "30000 | 30000 | 0", "1500 | 1500 | 0", "0 | 0 | 0", "'' | 30000 | 0", "abc | 30000 | 1", "-5 | 30000 | 1",
        "1e3 | 30000 | 1", "9999999999 | 30000 | 1",
    })
    void timeouts(String value, int expected, int problems) {
        java.util.List<String> found = new java.util.ArrayList<>();
        assertEquals(expected, Variables.number("UPSTREAM_TIMEOUT_MS", value, 30000, "milliseconds", found));
        assertEquals(problems, found.size());
        for (String problem : found) {
            assertEquals("UPSTREAM_TIMEOUT_MS must be a number of milliseconds", problem, "names the variable, not the value");
        }
    }

    @ParameterizedTest(name = "Content-Length [{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {"0 | 0", "315000000 | 315000000", "'' | -1", "-1 | -1", "1e3 | -1", "12 34 | -1"})
    void contentLengths(String value, double expected) {
        assertEquals(expected, Upstream.contentLength(value));
    }
}
