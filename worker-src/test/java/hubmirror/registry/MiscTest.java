package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MiscTest {
    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "zh-CN,zh;q=0.9,en;q=0.8 | zh",
        "en-US,en;q=0.9 | en",
        "en-US,en;q=0.9,zh-CN;q=0.8 | en",
        "fr-FR,zh;q=0.5 | zh",
        "fr-FR,de | en",
        "zh-TW | zh",
        "zh;q=0.1,en;q=0.2 | en",
        "en;q=0,zh;q=0.001 | zh",
        "*, | en",
        "'' | en",
        "zh;q=garbage,en;q=0.3 | en",
    })
    void language(String header, String expected) {
        assertEquals(expected, AcceptLanguage.choose(header));
    }

    @Test
    void missingLanguageHeaderIsEnglish() {
        assertEquals("en", AcceptLanguage.choose(null));
    }

    @ParameterizedTest(name = "{0} forwarded={1}")
    @CsvSource({
        "accept, true", "accept-encoding, true", "authorization, true", "user-agent, true", "range, true",
        "if-none-match, true", "if-modified-since, true", "if-range, true",
        "x-custom, false", "host, false", "connection, false", "keep-alive, false", "transfer-encoding, false",
        "te, false", "upgrade, false", "expect, false", "proxy-authorization, false", "cf-connecting-ip, false",
        "cf-ray, false", "x-forwarded-for, false", "cookie, false", "content-length, false",
        "x-http-method-override, false", "x-method-override, false", "true-client-ip, false", "x-client-ip, false",
        "via, false", "cdn-loop, false", "origin, false", "referer, false", "forwarded, false",
    })
    void forwarding(String name, boolean forwarded) {
        assertEquals(forwarded, HeaderPolicy.forwardToUpstream(name));
    }

    @ParameterizedTest(name = "{0} relayed={1}")
    @CsvSource({
        "content-type, true", "content-length, true", "content-range, true", "docker-content-digest, true",
        "etag, true", "last-modified, true", "accept-ranges, true", "ratelimit-remaining, true",
        "docker-distribution-api-version, true", "retry-after, true",
        "set-cookie, false", "access-control-allow-credentials, false", "access-control-allow-origin, false",
        "location, false", "content-location, false", "server, false", "x-amz-request-id, false",
        "cache-control, false", "www-authenticate, false", "link, false", "strict-transport-security, false",
    })
    void relaying(String name, boolean relayed) {
        assertEquals(relayed, HeaderPolicy.relayToClient(name));
    }

    @ParameterizedTest(name = "{0} conditional={1}")
    @CsvSource({
        "range, true", "if-range, true", "if-match, true", "if-none-match, true", "if-modified-since, true",
        "if-unmodified-since, true", "accept, false", "accept-encoding, false", "user-agent, false", "authorization, false",
    })
    void aConditionalRequestSharesNoAnswer(String name, boolean conditional) {
        // every forwarded header is either the same for all clients of one answer or in this list
        assertEquals(conditional, HeaderPolicy.isConditional(name));
        assertTrue(HeaderPolicy.forwardToUpstream(name));
    }

    @ParameterizedTest(name = "{0} kept on redirect={1}")
    @CsvSource({
        "range, true", "if-range, true", "if-none-match, true", "accept, true", "user-agent, true",
        "authorization, false", "cookie, false", "x-custom, false", "host, false",
    })
    void redirects(String name, boolean kept) {
        assertEquals(kept, HeaderPolicy.keepOnRedirect(name));
    }

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
