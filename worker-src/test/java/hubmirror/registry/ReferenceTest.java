package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceTest {
    private static final String HEX64 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "tag {0} = {1}")
    @CsvSource({
        "latest, true",
        "1.27, true",
        "v1.2.3-alpine_x, true",
        "_hidden, true",
        "UPPER, true",
        ".dot, false",
        "-dash, false",
        "'', false",
        "a b, false",
        "a:b, false",
        "a/b, false",
    })
    void tags(String tag, boolean valid) {
        assertEquals(valid, Reference.isTag(tag));
    }

    @ParameterizedTest(name = "digest {0} = {1}")
    @CsvSource({
        "sha256:" + HEX64 + ", true",
        "sha512:" + HEX64 + HEX64 + ", true",
        "sha256:" + HEX64 + "0, false",
        "sha256:" + "ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789, false",
        "sha256:abc, false",
        "multihash+base58:QmRZxt2b1FVZPNqd8hsiykDL3TdBDeTSPX9Kv46HmX4Gx8, true",
        "sha256+b64u:LCa0a2j_xo_5m0U8HTBBNBNCLXBkg7-g-YpeiGJm564, true",
        ":abc, false",
        "sha256:, false",
        "sha256, false",
        "SHA256:" + HEX64 + ", false",
        "sha256+:abc, false",
    })
    void digests(String digest, boolean valid) {
        assertEquals(valid, Reference.isDigest(digest));
    }

    @org.junit.jupiter.api.Test
    void tagLengthLimit() {
        assertEquals(true, Reference.isTag("a".repeat(128)));
        assertEquals(false, Reference.isTag("a".repeat(129)));
    }
}
