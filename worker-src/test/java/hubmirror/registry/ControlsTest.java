package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The operator's controls (#12): image patterns, client networks and countries. */
class ControlsTest {
    @ParameterizedTest(name = "{0} / deny {1}: {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "docker.io/library/* | NULL | docker.io/library/redis | true",
        "docker.io/library/* | NULL | docker.io/bitnami/redis | false",
        "docker.io/library/* | NULL | docker.io/library/a/b | false",
        "ghcr.io/my-org/** | NULL | ghcr.io/my-org/app | true",
        "ghcr.io/my-org/** | NULL | ghcr.io/my-org/team/app | true",
        "ghcr.io/my-org/** | NULL | ghcr.io/other/app | false",
        "ghcr.io/**/app | NULL | ghcr.io/app | true",
        "ghcr.io/**/app | NULL | ghcr.io/a/b/app | true",
        "**/redis* | NULL | quay.io/x/redis-stack | true",
        "docker.io/library/*,ghcr.io/** | NULL | ghcr.io/a/b | true",
        "NULL | NULL | docker.io/anything/at-all | true",
        "NULL | docker.io/library/huge | docker.io/library/huge | false",
        "NULL | docker.io/library/huge | docker.io/library/hugely | true",
        "docker.io/library/* | docker.io/library/huge | docker.io/library/huge | false",
        "docker.io/** | *.io/evil/** | docker.io/evil/x | false",
        "registry.corp.example:5000/** | NULL | registry.corp.example:5000/team/app | true",
        "docker.io/lib*y/redis | NULL | docker.io/library/redis | true",
    })
    void imagePatterns(String allow, String deny, String image, boolean permitted) {
        List<String> problems = new ArrayList<>();
        ImageRules rules = ImageRules.read(allow, deny, problems);
        assertEquals(List.of(), problems);
        assertEquals(permitted, rules.permits(image));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"docker.io/Library/*", "docker.io//x", "docker.io/***", "docker.io/a**", "docker.io/a b",
        "docker.io/x:tag", "docker.io/x@sha256:0", "docker.io/re?is"})
    void malformedImagePatterns(String pattern) {
        List<String> problems = new ArrayList<>();
        assertTrue(ImageRules.read(pattern, null, problems).isOpen(), "a malformed list counts as unset");
        assertTrue(ImageRules.read(null, pattern, problems).isOpen());
        assertEquals(List.of("ALLOW_IMAGES must be comma-separated image patterns like docker.io/library/* or ghcr.io/my-org/**",
                "DENY_IMAGES must be comma-separated image patterns like docker.io/library/* or ghcr.io/my-org/**"), problems);
    }

    @Test
    void addresses() {
        assertArrayEquals(new int[] {192, 0, 2, 1}, IpAddress.parse("192.0.2.1"));
        assertArrayEquals(new int[] {0x20, 1, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, IpAddress.parse("2001:db8::1"));
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1}, IpAddress.parse("::ffff:192.0.2.1"));
        assertArrayEquals(new int[16], IpAddress.parse("::"));
        for (String bad : new String[] {"256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1:2:3:4:5:6:7:8:9", "1::2::3", "g::1",
            "12345::1", "1:2:3:4:5:6:7::8", "", "1.2.3.4/8"}) {
            assertNull(IpAddress.parse(bad), bad);
        }
    }

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "192.0.2.0/24 | NULL | 192.0.2.77 | NULL | true",
        "192.0.2.0/24 | NULL | 192.0.3.1 | NULL | false",
        "10.0.0.0/8,2001:db8::/32 | NULL | 2001:db8:1::5 | NULL | true",
        "2001:db8::/32 | NULL | 2001:db9::1 | NULL | false",
        "2001:db8::/32 | NULL | 192.0.2.1 | NULL | false",
        "198.51.100.7 | NULL | 198.51.100.7 | NULL | true",
        "198.51.100.7 | NULL | 198.51.100.8 | NULL | false",
        "0.0.0.0/0 | NULL | 203.0.113.9 | NULL | true",
        "192.0.2.0/24 | NULL | NULL | NULL | false",
        "192.0.2.0/24 | NULL | not-an-ip | NULL | false",
        "NULL | CN,hk | 192.0.2.1 | HK | true",
        "NULL | CN | 192.0.2.1 | US | false",
        "NULL | CN | 192.0.2.1 | NULL | false",
        "192.0.2.0/24 | CN | 192.0.2.1 | US | false",
        "NULL | NULL | NULL | NULL | true",
    })
    void clients(String ips, String countries, String address, String country, boolean permitted) {
        List<String> problems = new ArrayList<>();
        ClientRules rules = ClientRules.read(ips, countries, problems);
        assertEquals(List.of(), problems);
        assertEquals(permitted, rules.permits(address, country));
    }

    @Test
    void malformedClientLists() {
        String ips = "ALLOW_IPS must be comma-separated CIDRs like 192.0.2.0/24 or 2001:db8::/32";
        String countries = "ALLOW_COUNTRIES must be comma-separated ISO country codes like CN,HK";
        for (String bad : new String[] {"192.0.2.0/33", "2001:db8::/129", "example.com", "192.0.2.0/"}) {
            assertEquals(List.of(ips), problemsOf(bad, null), bad);
        }
        assertEquals(List.of(countries), problemsOf(null, "China"));
        assertEquals(List.of(countries), problemsOf(null, "C1"));
        assertEquals(List.of(ips, countries), problemsOf("::1/200", "C1"), "both named at once");
        assertEquals(List.of(), problemsOf(" 192.0.2.0/24 , ::1 ", " cn , us "));
        assertTrue(ClientRules.read(null, null, new ArrayList<>()).isOpen());
        assertFalse(ClientRules.read("::1", null, new ArrayList<>()).isOpen());
        assertTrue(ClientRules.read("::1/200", null, new ArrayList<>()).isOpen(), "a malformed list counts as unset");
    }

    private static List<String> problemsOf(String ips, String countries) {
        List<String> problems = new ArrayList<>();
        ClientRules.read(ips, countries, problems);
        return problems;
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "192.0.2.7 | 192.0.2.7",
        "2001:db8:1:2:aaaa::1 | 2001:db8:1:2::/64",
        "2001:db8:1:2:bbbb:cccc:dddd:eeee | 2001:db8:1:2::/64",
        "::ffff:192.0.2.1 | 192.0.2.1",
        "::FFFF:c000:0201 | 192.0.2.1",
        "0:0:0:0:0:ffff:192.0.2.9 | 192.0.2.9",
        "::fffe:192.0.2.1 | 0:0:0:0::/64",
        "NULL | unknown",
        "junk | unknown",
    })
    void rateLimitKeys(String address, String key) {
        assertEquals(key, IpAddress.clientKey(address));
    }

    @Test
    void anIpv4MappedClientMeetsTheIpv4Rules() {
        ClientRules rules = ClientRules.read("10.9.0.0/16", null, new ArrayList<>());
        assertTrue(rules.permits("::ffff:10.9.1.1", null), "(#19: it did not)");
        assertTrue(rules.permits("10.9.1.1", null));
        assertFalse(rules.permits("::ffff:10.8.1.1", null));
        assertFalse(rules.permits("::10.9.1.1", null), "an IPv4-compatible address is not a mapped one");
        assertArrayEquals(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 9, 1, 1}, IpAddress.parse("::ffff:10.9.1.1"),
                "a CIDR entry keeps its IPv6 form");
    }

    @Test
    void mirrorUsers() {
        MirrorUsers users = MirrorUsers.parse("alice:s3cret:with:colons, bob:pw");
        assertNotNull(users);
        assertEquals("alice", users.authenticate("alice", "s3cret:with:colons"));
        assertEquals("bob", users.authenticate("bob", "pw"));
        assertNull(users.authenticate("bob", "pw2"));
        assertNull(users.authenticate("bob", "p"));
        assertNull(users.authenticate("bob", ""));
        assertNull(users.authenticate("carol", "pw"));
        for (String bad : new String[] {"alice", "alice:", ":pw", "al ice:pw", "a:1,a:2", ""}) {
            assertNull(MirrorUsers.parse(bad), bad);
        }
        TokenQuery query = new TokenQuery(false);
        query.add("scope", "repository:redis:pull");
        query.add("scope", "repository:ghcr.io/owner/app:pull repository:team/tool:pull,push");
        assertEquals(java.util.List.of("docker.io/library/redis", "ghcr.io/owner/app", "docker.io/team/tool"),
                MirrorUsers.repositories(query, "docker.io"));
        assertEquals(java.util.List.of("ghcr.io/redis", "ghcr.io/owner/app", "ghcr.io/team/tool"),
                MirrorUsers.repositories(query, "ghcr.io"));
    }
}
