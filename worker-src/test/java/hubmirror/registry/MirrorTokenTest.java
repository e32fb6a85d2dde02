package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The mirror's anonymous token: what counts as anonymous, and its grant. */
class MirrorTokenTest {
    @ParameterizedTest(name = "[{0}] anonymous: {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL | true",
        "'' | true",
        "Bearer hubmirror-anonymous | true",
        "bearer hubmirror-anonymous | true",
        "Bearer hubmirror-anonymous-x | false",
        "Bearer eyJhbGciOi.x.y | false",
        "Basic cmVhZGVyOnJlYWQtc2VjcmV0 | false",
        "hubmirror-anonymous | false",
        "Bearer  hubmirror-anonymous | false",
    })
    void anonymous(String authorization, boolean expected) {
        assertEquals(expected, MirrorToken.isAnonymous(authorization));
    }

    @Test
    void grantIsTokenJson() {
        assertEquals("{\"token\":\"hubmirror-anonymous\",\"access_token\":\"hubmirror-anonymous\",\"expires_in\":3600}",
                MirrorToken.grant());
    }
}
