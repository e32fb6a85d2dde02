package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A tag's cache key from Accept, and which clients a tag entry may serve. */
class ManifestAcceptTest {
    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL | ''",
        "'' | ''",
        "application/vnd.oci.image.index.v1+json | application/vnd.oci.image.index.v1+json",
        "'b/x, a/y;q=0.5 ,B/X' | 'a/y,b/x'",
        "'application/json; charset=utf-8' | application/json",
        "'*/*' | '*/*'",
        "'a/b,,c/d,' | 'a/b,c/d'",
        "'a/b#c' | NULL",
        "'a/b?x=1' | NULL",
        "'a/b&c' | NULL",
        "noslash | NULL",
        "'a/b/c' | NULL",
        "'/b' | NULL",
    })
    void normalizesAccept(String accept, String expected) {
        assertEquals(expected, ManifestAccept.normalize(accept));
    }

    @ParameterizedTest(name = "[{0}] takes [{1}]: {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "'' | application/vnd.oci.image.manifest.v1+json | true",
        "'' | NULL | true",
        "'application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.index.v1+json' | application/vnd.oci.image.index.v1+json | true",
        "'application/vnd.docker.distribution.manifest.list.v2+json,application/vnd.oci.image.index.v1+json' | application/vnd.docker.distribution.manifest.v2+json | false",
        "'application/vnd.oci.image.index.v1+json' | 'Application/VND.OCI.image.index.v1+json; charset=utf-8' | true",
        "'application/*' | application/vnd.oci.image.index.v1+json | true",
        "'*/*' | text/plain | true",
        "'application/vnd.oci.image.manifest.v1+json' | NULL | false",
        "'application/vnd.oci.image.manifest.v1+json' | application/vnd.oci.image.manifest.v1+jsonx | false",
    })
    void aTagEntryServesOnlyAClientThatTakesItsType(String normalized, String contentType, boolean expected) {
        assertEquals(expected, ManifestAccept.accepts(normalized, contentType));
    }

    @Test
    void acceptWithTooManyTypesIsNotCached() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            s.append("a/t").append(i).append(',');
        }
        assertNull(ManifestAccept.normalize(s.toString()));
    }
}
