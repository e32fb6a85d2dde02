package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AuthChallengeTest {
    private static final String HUB = "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
            + "scope=\"repository:library/redis:pull\"";

    @Test
    void parsesDockerHub() {
        AuthChallenge c = AuthChallenge.parse(HUB);
        assertEquals("Bearer", c.scheme());
        assertEquals("https://auth.docker.io/token", c.param("realm"));
        assertEquals("registry.docker.io", c.param("service"));
        assertEquals("repository:library/redis:pull", c.param("scope"));
        assertEquals(HUB, c.toString());
    }

    @ParameterizedTest(name = "[{0}] {1}={2}")
    @CsvSource(delimiter = '|', value = {
        // commas and escaped quotes inside quoted strings
        "Bearer realm=\"a,b\",scope=\"x\" | realm | a,b",
        "Bearer realm=\"a\\\"b\" | realm | a\"b",
        // case-insensitive names, spaces around = and ,
        "Bearer Realm = \"r\" ,  Service=\"s\" | service | s",
        "bearer realm=r | realm | r",
        "Bearer realm=\"r\",error=\"insufficient_scope\" | error | insufficient_scope",
        "Basic realm=\"Registry Realm\" | realm | Registry Realm",
    })
    void params(String header, String name, String value) {
        assertEquals(value, AuthChallenge.parse(header).param(name));
    }

    @ParameterizedTest(name = "[{0}] is not understood")
    @CsvSource(delimiter = '|', value = {"''", "Bearer realm=\"unterminated", "Bearer realm", "Bearer realm=\"a\" junk",
        "Bearer =x"})
    void malformed(String header) {
        assertNull(AuthChallenge.parse(header));
    }

    @Test
    void withReplacesOrAppends() {
        AuthChallenge c = AuthChallenge.parse(HUB).with("realm", "https://m/token").with("extra", "q\"x");
        assertEquals("Bearer realm=\"https://m/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/redis:pull\",extra=\"q\\\"x\"", c.toString());
    }
}
