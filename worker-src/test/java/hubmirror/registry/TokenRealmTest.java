package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRealmTest {
    private static final List<String> HUB = List.of("https://auth.docker.io/token");

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "https://auth.docker.io/token | https://auth.docker.io/token",
        "https://auth.docker.io | https://auth.docker.io/token",
        "https://auth.docker.io/ | https://auth.docker.io/token",
        "HTTPS://Auth.Docker.IO/token | https://auth.docker.io/token",
        "http://127.0.0.1:5001/token, https://ghcr.io/token | http://127.0.0.1:5001/token;https://ghcr.io/token",
        "' https://quay.io/v2/auth ,' | https://quay.io/v2/auth",
    })
    void parsesRealms(String config, String expected) {
        assertEquals(List.of(expected.split(";")), TokenRealm.parseRealms(config));
    }

    @ParameterizedTest(name = "[{0}] is not a realm list")
    @ValueSource(strings = {"", " , ", "auth.docker.io/token", "ftp://a/token", "https://u:p@a/token",
        "https://a/token?x=1", "https://a/token#f", "https://a/../token", "https://a//token", "https://a/t%6fken",
        "https:///token", "https://a/token, javascript:x"})
    void refusesRealmLists(String config) {
        assertNull(TokenRealm.parseRealms(config));
    }

    @ParameterizedTest(name = "{0} is realm {1}")
    @CsvSource(delimiter = '|', value = {
        "https://auth.docker.io/token | 0",
        "https://AUTH.docker.io/token | 0",
        "https://ghcr.io/token | 1",
        "https://auth.docker.io/token/ | -1",
        "https://auth.docker.io/token/x | -1",
        "https://auth.docker.io/tokens | -1",
        "https://auth.docker.io/Token | -1",
        "https://auth.docker.io:443/token | -1",
        "http://auth.docker.io/token | -1",
        "https://auth.docker.io/token?scope=x | -1",
        "https://evil.example/token | -1",
        "https://auth.docker.io.evil.example/token | -1",
    })
    void matchesRealmsExactly(String realm, int index) {
        assertEquals(index, TokenRealm.indexOf(realm, List.of("https://auth.docker.io/token", "https://ghcr.io/token")));
    }

    @ParameterizedTest(name = "{0} <-> realm {1}")
    @CsvSource(delimiter = '|', value = {"/token | 0", "/token/2 | 1", "/token/3 | 2"})
    void mirrorPathsRoundTrip(String path, int index) {
        assertEquals(path, TokenPath.of(index));
        assertEquals(index, TokenPath.indexOf(path, 3));
    }

    @ParameterizedTest(name = "{0} refused")
    @ValueSource(strings = {"/token/", "/token//x", "/token/%2e%2e/x", "/token/a%2fb", "/token/../x", "/token/./x",
        "/tokens", "/token/healthz", "/token/v2/x/blobs/uploads", "/token/1", "/token/4", "/token/02", "/token/2/x",
        "/token/99999"})
    void badMirrorPaths(String path) {
        assertEquals(-1, TokenPath.indexOf(path, 3));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:redis:pull\""
            + " | Bearer realm=\"https://m.example/token\",service=\"registry.docker.io\","
            + "scope=\"repository:library/redis:pull\"",
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\""
            + " | Bearer realm=\"https://m.example/token\",service=\"registry.docker.io\"",
        "Bearer realm=\"https://auth.docker.io/token\",scope=\"repository:a:pull repository:b/c:pull\""
            + " | Bearer realm=\"https://m.example/token\",scope=\"repository:library/a:pull repository:b/c:pull\"",
        "Bearer realm=\"https://auth.docker.io/token\",scope=\"repository:a:pull,push\",error=\"insufficient_scope\""
            + " | Bearer realm=\"https://m.example/token\",scope=\"repository:library/a:pull\",error=\"insufficient_scope\"",
        "Bearer realm=\"https://auth.docker.io/token\",service=\"s\",scope=\"repository:a:push\""
            + " | Bearer realm=\"https://m.example/token\",service=\"s\"",
        "bearer Realm=\"https://auth.docker.io/token\",other=\"dropped\" | Bearer realm=\"https://m.example/token\"",
        "Basic realm=\"Registry\" | Basic realm=\"Registry\"",
    })
    void rewritesChallenges(String upstream, String expected) {
        assertEquals(expected, TokenRealm.rewriteChallenge(upstream, "https://m.example", HUB));
    }

    @ParameterizedTest(name = "[{0}] refused")
    @ValueSource(strings = {
        "Bearer realm=\"https://evil.example/token\",service=\"x\"",
        "Bearer service=\"x\"",
        "Bearer realm=\"http://evil/token\" junk",
        "Bearer realm=\"https://auth.docker.io/token\" junk",
        "Bearer realm=\"https://auth.docker.io/token\";service=\"x\"",
        "Bearer realm=\"https://auth.docker.io/token\", Basic realm=\"x\"",
        "Bearer realm=\"https://auth.docker.io/token\",realm=\"http://evil/token\"",
        "Bearer realm=\"http://evil/token\",realm=\"https://auth.docker.io/token\"",
        "Bearer realm=\"https://auth.docker.io/token\",scope=\"repository:Not A Name:pull\"",
        "Bearer realm=\"https://auth.docker.io/token\",scope=\"repository:x\"",
        "Bearer realm=\"https://auth.docker.io/token",
        "Basic realm=\"Registry\",charset=\"UTF-8\"",
        "Digest realm=\"x\",nonce=\"y\"",
        "Negotiate",
        "",
    })
    void refusesWhatItCannotReadWhole(String upstream) {
        assertNull(TokenRealm.rewriteChallenge(upstream, "https://m.example", HUB));
    }
}
