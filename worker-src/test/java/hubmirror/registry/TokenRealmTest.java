package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TokenRealmTest {
    @ParameterizedTest(name = "{0} under {1} -> {2}")
    @CsvSource({
        "https://auth.docker.io/token, https://auth.docker.io, /token",
        "https://auth.docker.io/token, https://auth.docker.io/, /token",
        "https://AUTH.docker.io/token, https://auth.docker.io, /token",
        "http://127.0.0.1:5001/token, http://127.0.0.1:5001, /token",
        "https://ghcr.io/token, https://ghcr.io, /token",
        "https://h/a/b/token, https://h/a, /b/token",
        "https://h/oauth2/v1/token, https://h, /oauth2/v1/token",
    })
    void under(String realm, String base, String relative) {
        assertEquals(relative, TokenRealm.relativeToBase(realm, base));
    }

    @ParameterizedTest(name = "{0} not under {1}")
    @CsvSource({
        "https://evil.example/token, https://auth.docker.io",
        "https://auth.docker.io.evil.example/token, https://auth.docker.io",
        "https://auth.docker.io@evil.example/token, https://auth.docker.io",
        "http://auth.docker.io/token, https://auth.docker.io",
        "https://auth.docker.io:8443/token, https://auth.docker.io",
        "https://auth.docker.io/token?x=1, https://auth.docker.io",
        "https://auth.docker.io/a/../token, https://auth.docker.io",
        "https://auth.docker.io/%2e%2e/token, https://auth.docker.io",
        "https://h/ab/token, https://h/a",
        "https://auth.docker.io, https://auth.docker.io",
        "https://auth.docker.io/, https://auth.docker.io",
        "https://auth.docker.io//token, https://auth.docker.io",
    })
    void notUnder(String realm, String base) {
        assertNull(TokenRealm.relativeToBase(realm, base));
    }

    @ParameterizedTest(name = "{0} <-> {1}")
    @CsvSource({"/token, /token", "/oauth/token, /token/oauth/token", "/token/x, /token/token/x"})
    void mirrorPathRoundTrips(String relative, String mirrorPath) {
        assertEquals(mirrorPath, TokenRealm.mirrorPath(relative));
        assertEquals(relative, TokenRealm.relativeFromMirrorPath(mirrorPath));
    }

    @ParameterizedTest(name = "{0} refused")
    @ValueSource(strings = {"/token/", "/token//x", "/token/%2e%2e/x", "/token/a%2fb", "/token/../x", "/token/./x", "/tokens"})
    void badMirrorPaths(String path) {
        assertNull(TokenRealm.relativeFromMirrorPath(path));
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
        "Basic realm=\"Registry\" | Basic realm=\"Registry\"",
    })
    void rewritesChallenges(String upstream, String expected) {
        assertEquals(expected, TokenRealm.rewriteChallenge(upstream, "https://m.example", "https://auth.docker.io"));
    }

    @ParameterizedTest(name = "[{0}] refused")
    @CsvSource(delimiter = '|', value = {
        "Bearer realm=\"https://evil.example/token\",service=\"x\"",
        "Bearer service=\"x\"",
    })
    void refusesForeignRealms(String upstream) {
        assertNull(TokenRealm.rewriteChallenge(upstream, "https://m.example", "https://auth.docker.io"));
    }
}
