package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UpstreamSelectionTest {
    /** The built-in table with Docker Hub's defaults, as a deployment without UPSTREAMS has it. */
    static UpstreamTable table() {
        return UpstreamTable.builtIn("https://registry-1.docker.io", List.of("https://auth.docker.io/token"));
    }

    @ParameterizedTest(name = "{0} ns={1} host={2} -> {3} {4}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "/v2/library/redis/manifests/7 | NULL | docker.example.com | docker.io | /v2/library/redis/manifests/7",
        "/v2/redis/manifests/7 | NULL | NULL | docker.io | /v2/redis/manifests/7",
        "/v2/ | NULL | NULL | docker.io | /v2/",
        "/v2/ghcr.io/owner/image/manifests/1 | NULL | NULL | ghcr.io | /v2/owner/image/manifests/1",
        "/v2/ghcr.io/ | NULL | NULL | ghcr.io | /v2/",
        "/v2/ghcr.io | NULL | NULL | ghcr.io | /v2/",
        "/v2/docker.io/library/redis/blobs/sha256:x | NULL | NULL | docker.io | /v2/library/redis/blobs/sha256:x",
        "/v2/registry-1.docker.io/library/redis/tags/list | NULL | NULL | docker.io | /v2/library/redis/tags/list",
        "/v2/owner/image/manifests/1 | ghcr.io | NULL | ghcr.io | /v2/owner/image/manifests/1",
        "/v2/owner/image/manifests/1 | GHCR.IO | NULL | ghcr.io | /v2/owner/image/manifests/1",
        "/v2/library/redis/manifests/7 | docker.io | NULL | docker.io | /v2/library/redis/manifests/7",
        "/v2/ghcr.io/owner/image/manifests/1 | ghcr.io | NULL | ghcr.io | /v2/owner/image/manifests/1",
        "/v2/owner/image/manifests/1 | NULL | ghcr.example.com | ghcr.io | /v2/owner/image/manifests/1",
        "/v2/owner/image/manifests/1 | NULL | GHCR.example.com:8443 | ghcr.io | /v2/owner/image/manifests/1",
        "/v2/pause/manifests/3.9 | NULL | k8s.mirror.example.org | registry.k8s.io | /v2/pause/manifests/3.9",
        "/v2/owner/image/manifests/1 | ghcr.io | ghcr.example.com | ghcr.io | /v2/owner/image/manifests/1",
        "/v2/library/redis/manifests/7 | NULL | ghcr.com | docker.io | /v2/library/redis/manifests/7",
        "/v2/library/redis/manifests/7 | NULL | 127.0.0.1:8787 | docker.io | /v2/library/redis/manifests/7",
        "/v2/library/redis/manifests/7 | NULL | [::1]:8787 | docker.io | /v2/library/redis/manifests/7",
    })
    void selects(String path, String ns, String host, String upstream, String rest) {
        UpstreamSelection s = UpstreamSelection.select(path, ns, host, table());
        assertNull(s.error(), () -> s.error().message());
        assertEquals(upstream, s.upstream().name());
        assertEquals(rest, s.path());
    }

    @ParameterizedTest(name = "{0} ns={1} host={2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "/v2/ghcr.io/owner/image/manifests/1 | quay.io | NULL | NAME_INVALID",
        "/v2/ghcr.io/owner/image/manifests/1 | docker.io | NULL | NAME_INVALID",
        "/v2/quay.io/owner/image/manifests/1 | NULL | ghcr.example.com | NAME_INVALID",
        "/v2/owner/image/manifests/1 | quay.io | ghcr.example.com | NAME_INVALID",
        "/v2/evil.example/owner/image/manifests/1 | NULL | NULL | NAME_UNKNOWN",
        "/v2/localhost:5000/x/manifests/1 | NULL | NULL | NAME_UNKNOWN",
        "/v2/x/manifests/1 | registry.evil.example | NULL | NAME_UNKNOWN",
    })
    void refuses(String path, String ns, String host, String code) {
        UpstreamSelection s = UpstreamSelection.select(path, ns, host, table());
        assertEquals(code, s.error().code().name());
        assertNull(s.upstream());
    }

    @Test
    void aTurnedOffRegistryIsRefusedByEveryName() {
        UpstreamTable t = table();
        t.disable("ghcr.io");
        for (String[] request : new String[][] {
            {"/v2/ghcr.io/o/i/manifests/1", null, null}, {"/v2/o/i/manifests/1", "ghcr.io", null},
            {"/v2/o/i/manifests/1", null, "ghcr.example.com"},
        }) {
            UpstreamSelection s = UpstreamSelection.select(request[0], request[1], request[2], t);
            assertEquals(ErrorCode.NAME_UNKNOWN, s.error().code());
            assertTrue(s.error().message().contains("turned it off"), s.error().message());
        }
        assertFalse(t.entries().stream().anyMatch(e -> e.name().equals("ghcr.io")));
    }

    @Test
    void operatorEntriesAddAndReplace() {
        UpstreamTable t = table();
        t.put(new UpstreamRegistry("registry.example.org", "https://registry.example.org", List.of(), false, "corp"));
        t.put(new UpstreamRegistry("ghcr.io", "https://ghcr.example.net", List.of("https://ghcr.example.net/token"), false, "ghcr"));
        assertEquals("registry.example.org", UpstreamSelection.select("/v2/x/manifests/1", null, "corp.example.com", t).upstream().name());
        assertEquals("https://ghcr.example.net", t.byName("ghcr.io").registry());
        t.disable("docker.io");
        assertEquals(ErrorCode.NAME_UNKNOWN, UpstreamSelection.select("/v2/library/x/manifests/1", null, null, t).error().code());
        t.put(new UpstreamRegistry("docker.io", "https://mirror.gcr.io", Collections.emptyList(), true, null));
        assertEquals("https://mirror.gcr.io", UpstreamSelection.select("/v2/x/manifests/1", null, null, t).upstream().registry());
    }

    @Test
    void builtInTable() {
        UpstreamTable t = table();
        assertEquals(List.of("docker.io", "ghcr.io", "quay.io", "gcr.io", "registry.k8s.io", "nvcr.io", "mcr.microsoft.com",
                "docker.elastic.co", "public.ecr.aws"), t.entries().stream().map(UpstreamRegistry::name).toList());
        assertTrue(t.byName("docker.io").library());
        assertEquals("library/redis", t.byName("docker.io").normalize("redis"));
        assertEquals("redis", t.byName("quay.io").normalize("redis"), "only Docker Hub has library/");
        assertEquals(List.of(), t.byName("mcr.microsoft.com").realms(), "mcr needs no token");
        assertEquals(List.of("https://docker-auth.elastic.co/auth"), t.byName("docker.elastic.co").realms());
        for (UpstreamRegistry e : t.entries()) {
            for (String realm : e.realms()) {
                assertEquals(List.of(realm), TokenRealm.parseRealms(realm), "a realm TokenRealm accepts as it is: " + realm);
            }
        }
    }
}
