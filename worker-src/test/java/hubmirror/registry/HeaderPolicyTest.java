package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which headers go upstream, come back, survive a redirect, and make an answer particular to one client. */
class HeaderPolicyTest {
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
}
