package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RepositoryNameTest {
    @ParameterizedTest(name = "{0} valid={1}")
    @CsvSource({
        "redis, true",
        "library/redis, true",
        "bitnami/postgresql, true",
        "a/b/c/d, true",
        "my-app, true",
        "my--app, true",
        "my_app, true",
        "my__app, true",
        "my.app, true",
        "a1.b2-c3_d4, true",
        "0, true",
        "my___app, false",
        "my..app, false",
        "my._app, false",
        "-app, false",
        "app-, false",
        ".app, false",
        "Redis, false",
        "a//b, false",
        "/redis, false",
        "redis/, false",
        "re dis, false",
        "re%00dis, false",
        "'..', false",
        "a/../b, false",
        "'', false",
        "host:5000/redis, false",
    })
    void grammar(String name, boolean valid) {
        assertEquals(valid, RepositoryName.isValid(name));
    }

    @Test
    void lengthLimit() {
        String max = "a".repeat(RepositoryName.MAX_LENGTH);
        assertEquals(true, RepositoryName.isValid(max));
        assertEquals(false, RepositoryName.isValid(max + "a"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "busybox, library/busybox",
        "library/busybox, library/busybox",
        "bitnami/redis, bitnami/redis",
        "a/b/c, a/b/c",
    })
    void normalize(String name, String expected) {
        assertEquals(expected, RepositoryName.normalize(name));
    }
}
