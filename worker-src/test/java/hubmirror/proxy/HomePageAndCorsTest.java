package hubmirror.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parts of the proxy layer that are plain Java. */
class HomePageAndCorsTest {
    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "docker pull {{host}}/x | h.example | en | docker pull h.example/x",
        "<html lang=\"{{lang}}\">{{host}}{{host}} | a:1 | zh | <html lang=\"zh\">a:1a:1",
        "{{unknown}} {{host | h | en | {{unknown}} {{host",
        "x<{{host}}> | a\"<b> | en | x<a&quot;&lt;b&gt;>",
    })
    void render(String template, String host, String lang, String expected) {
        assertEquals(expected, HomePage.render(template, host, lang));
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
}
