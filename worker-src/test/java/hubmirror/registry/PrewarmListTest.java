package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrewarmListTest {
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "nginx | docker.io/library/nginx:latest",
        "nginx:1.27 | docker.io/library/nginx:1.27",
        "library/redis | docker.io/library/redis:latest",
        "bitnami/redis:7 | docker.io/bitnami/redis:7",
        "ghcr.io/owner/app:main | ghcr.io/owner/app:main",
        "registry.k8s.io/pause:3.9 | registry.k8s.io/pause:3.9",
        "localhost:5000/team/tool | localhost:5000/team/tool:latest",
        "quay.io/org/tool@sha256:0000000000000000000000000000000000000000000000000000000000000000 | quay.io/org/tool@sha256:0000000000000000000000000000000000000000000000000000000000000000",
        "alpine:3.20@sha256:1111111111111111111111111111111111111111111111111111111111111111 | docker.io/library/alpine@sha256:1111111111111111111111111111111111111111111111111111111111111111",
        "localhost:5000/x:1@sha256:1111111111111111111111111111111111111111111111111111111111111111 | localhost:5000/x@sha256:1111111111111111111111111111111111111111111111111111111111111111",
    })
    void images(String text, String name) {
        List<String> problems = new ArrayList<>();
        List<PrewarmList.Image> images = PrewarmList.parse(" " + text + " ", problems);
        assertEquals(List.of(), problems);
        assertEquals(1, images.size());
        assertEquals(name, images.get(0).name());
    }

    @Test
    void aListAndItsProblemsByPlace() {
        List<String> problems = new ArrayList<>();
        List<PrewarmList.Image> images = PrewarmList.parse("nginx:1.27, Bad Name, ghcr.io/owner/app:main, x@sha256:1", problems);
        assertEquals(2, images.size());
        assertEquals(List.of("PREWARM_IMAGES: entry 2 must be an image like nginx:1.27 or ghcr.io/owner/app:main",
                "PREWARM_IMAGES: entry 4 must be an image like nginx:1.27 or ghcr.io/owner/app:main"), problems);
        assertEquals(0, PrewarmList.parse(null, problems).size());
        assertEquals(0, PrewarmList.parse("  ", problems).size());
    }

    @Test
    void platforms() {
        assertEquals(List.of("linux/amd64"), PrewarmList.platforms(null));
        assertEquals(List.of("linux/amd64", "linux/arm64/v8"), PrewarmList.platforms("linux/amd64, linux/arm64/v8"));
        assertNull(PrewarmList.platforms("linux"));
        assertNull(PrewarmList.platforms("Linux/AMD64"));
    }
}
