package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Link headers, token queries and upstream error answers: what the mirror passes on and what it refuses. */
class ProtocolEdgesTest {
    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        "</v2/library/x/tags/list?last=b&n=2>; rel=\"next\" | </v2/library/x/tags/list?last=b&n=2>; rel=\"next\"",
        "<https://registry-1.docker.io/v2/_catalog?last=a&n=1>; rel=\"next\" | </v2/_catalog?last=a&n=1>; rel=\"next\"",
        "<HTTPS://REGISTRY-1.docker.io/v2/x/tags/list?n=1>;rel=\"next\" | </v2/x/tags/list?n=1>; rel=\"next\"",
    })
    void linksBecomeMirrorPaths(String upstream, String expected) {
        assertEquals(expected, LinkHeader.rewrite(upstream, "https://registry-1.docker.io"));
    }

    @ParameterizedTest(name = "[{0}] dropped")
    @ValueSource(strings = {
        "<https://evil.example/v2/x/tags/list>; rel=\"next\"", "</v1/x>; rel=\"next\"", "</v2/x/tags/list>; rel=\"prev\"",
        "</v2/x/tags/list>; rel=\"next\", </v2/y>; rel=\"next\"", "</v2//x>; rel=\"next\"", "</v2/../x>; rel=\"next\"",
        "</v2/x\">; rel=\"next\"", "v2/x; rel=\"next\"", "<//evil.example/v2/x>; rel=\"next\"",
    })
    void foreignLinksAreDropped(String upstream) {
        assertNull(LinkHeader.rewrite(upstream, "https://registry-1.docker.io"));
    }

    @Test
    void tokenQueryKeepsTheProtocolsParametersOnly() {
        TokenQuery q = new TokenQuery();
        q.add("service", "registry.docker.io");
        q.add("scope", "repository:redis:pull,push");
        q.add("scope", "repository:a:push registry:catalog:*");
        q.add("ns", "docker.io");
        q.add("x-method-override", "POST");
        q.add("account", "me");
        assertNull(q.error());
        assertEquals(3, q.size());
        assertEquals("service=registry.docker.io scope=repository:library/redis:pull account=me",
                q.name(0) + "=" + q.value(0) + " " + q.name(1) + "=" + q.value(1) + " " + q.name(2) + "=" + q.value(2));
    }

    @Test
    void tokenQueryRefusesMalformedAndTooManyScopes() {
        TokenQuery bad = new TokenQuery();
        bad.add("scope", "repository:Bad Name:pull");
        assertEquals(ErrorCode.NAME_INVALID, bad.error().code());
        TokenQuery many = new TokenQuery();
        for (int i = 0; i <= TokenQuery.MAX_SCOPES; i++) {
            many.add("scope", "repository:r" + i + ":pull");
        }
        assertEquals(400, many.error().status());
    }

    @Test
    void tokenFormScopeIsOneFieldPullOnly() {
        TokenQuery form = new TokenQuery();
        form.addFormField("grant_type", "password");
        form.addFormField("scope", "repository:a:pull,push repository:b:push");
        form.addFormField("evil", "x");
        assertEquals(2, form.size());
        assertEquals("repository:library/a:pull", form.value(1));
    }

    @ParameterizedTest(name = "query of {0} parameters, {1} chars: refused={2}")
    @CsvSource({"0, 0, false", "1, 10, false", "32, 100, false", "33, 100, true", "20000, 40000, true", "1, 9000, true"})
    void tokenQueryPrecheck(int parameters, int length, boolean refused) {
        StringBuilder q = new StringBuilder(parameters == 0 ? "" : "?");
        for (int i = 0; i < parameters; i++) {
            q.append(i == 0 ? "" : "&").append("a=").append(i);
        }
        while (q.length() < length) {
            q.append('x');
        }
        assertEquals(refused, TokenQuery.precheck(q.toString()) != null);
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource({
        "MANIFEST, 404, 404, MANIFEST_UNKNOWN", "BLOB, 404, 404, BLOB_UNKNOWN", "TAGS, 404, 404, NAME_UNKNOWN",
        "BLOB, 416, 416, RANGE_INVALID", "MANIFEST, 401, 401, UNAUTHORIZED", "BLOB, 403, 403, DENIED",
        "BLOB, 500, 502, UNAVAILABLE", "MANIFEST, 503, 502, UNAVAILABLE", "MANIFEST, 418, 418, UNKNOWN",
    })
    void upstreamErrorsBecomeRegistryErrors(RegistryRoute.Kind kind, int status, int expectedStatus, ErrorCode code) {
        RegistryError e = UpstreamError.forStatus(kind, status);
        assertEquals(expectedStatus, e.status());
        assertEquals(code, e.code());
        assertNotNull(e.message());
    }

    @ParameterizedTest(name = "{0} is JSON: {1}")
    @CsvSource(delimiter = '|', value = {"application/json | true", "application/json; charset=utf-8 | true",
        "text/html | false", "text/plain | false", "'' | false"})
    void jsonErrors(String type, boolean json) {
        assertEquals(json, UpstreamError.isJson(type));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/v2/library/x/blobs/sha256:" + "a" + " | ",
        "/v2/library/x/manifests/latest | ",
        "/v2/library/x/tags/list | ",
    })
    void routesWithoutCheckableDigests(String path, String digest) {
        RegistryRoute route = RegistryRoute.parse(path);
        assertEquals(digest, route.error() == null ? route.digest() : null);
    }

    @Test
    void routesNameTheirDigest() {
        String d = "sha256:" + "ab".repeat(32);
        assertEquals(d, RegistryRoute.parse("/v2/x/blobs/" + d).digest());
        assertEquals(d, RegistryRoute.parse("/v2/x/manifests/" + d).digest());
        assertEquals("SHA-256", Reference.webCryptoAlgorithm(d));
        assertEquals("ab".repeat(32), Reference.hex(d));
        assertNull(Reference.webCryptoAlgorithm("md5:abc"));
    }
}
