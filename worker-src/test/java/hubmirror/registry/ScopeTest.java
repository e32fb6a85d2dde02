package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScopeTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "repository:redis:pull | repository:library/redis:pull",
        "repository:library/redis:pull | repository:library/redis:pull",
        "repository:bitnami/redis:pull,push | repository:bitnami/redis:pull,push",
        "repository:redis:* | repository:library/redis:*",
        "registry:catalog:* | registry:catalog:*",
        "repository(plugin):vieux/sshfs:pull | repository(plugin):vieux/sshfs:pull",
    })
    void normalizes(String scope, String expected) {
        assertEquals(expected, Scope.parse(scope).normalized().toString());
    }

    @ParameterizedTest(name = "{0} is malformed")
    @CsvSource(delimiter = '|', value = {
        "repository",
        "repository:redis",
        "repository::pull",
        ":redis:pull",
        "repository:redis:",
        "repository:Redis:pull",
        "repository:redis:PULL",
        "repository:redis:pull,,push",
        "Repository:redis:pull",
        "repository:re dis:pull",
        "repository(:redis:pull",
    })
    void malformed(String scope) {
        assertNull(Scope.parse(scope));
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', value = {
        "repository:redis:pull | repository:library/redis:pull",
        "repository:redis:pull repository:team/x:pull | repository:library/redis:pull;repository:team/x:pull",
        "'  repository:redis:pull  ' | repository:library/redis:pull",
    })
    void lists(String list, String expected) {
        assertEquals(List.of(expected.split(";")), Scope.normalizeAll(list));
    }

    @ParameterizedTest(name = "{0} -> pull only: {1}")
    @CsvSource(delimiter = '|', value = {
        "repository:redis:pull | repository:library/redis:pull",
        "repository:team/x:pull,push | repository:team/x:pull",
        "repository:team/x:push,pull | repository:team/x:pull",
        "repository:redis:* | repository:library/redis:pull",
        "repository:team/x:push | ",
        "repository:team/x:delete | ",
        "repository:team/x:pullx | ",
        "registry:catalog:* | ",
        "repository(plugin):vieux/sshfs:pull | ",
    })
    void pullOnly(String scope, String expected) {
        Scope pull = Scope.parse(scope).pullOnly();
        assertEquals(expected, pull == null ? null : pull.toString());
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', value = {
        "repository:a:push repository:b:pull,push registry:catalog:* | repository:library/b:pull",
        "repository:a:push | ''",
        "repository:a:pull repository:library/a:*  | repository:library/a:pull",
    })
    void listsKeepOnlyPull(String list, String expected) {
        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), Scope.normalizeAll(list));
    }

    @ParameterizedTest(name = "[{0}] rejected")
    @CsvSource(delimiter = '|', value = {"''", "'   '", "repository:redis:pull bad", "repository:redis:pull repository:X:pull"})
    void badLists(String list) {
        assertNull(Scope.normalizeAll(list));
    }
}
