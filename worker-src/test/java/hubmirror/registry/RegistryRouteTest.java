package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RegistryRouteTest {
    private static final String D = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "/v2, BASE, /v2/",
        "/v2/, BASE, /v2/",
        "/v2/_catalog, CATALOG, /v2/_catalog",
        "/v2/redis/manifests/latest, MANIFEST, /v2/library/redis/manifests/latest",
        "/v2/library/redis/manifests/7.2, MANIFEST, /v2/library/redis/manifests/7.2",
        "/v2/bitnami/redis/manifests/" + D + ", MANIFEST, /v2/bitnami/redis/manifests/" + D,
        "/v2/busybox/blobs/" + D + ", BLOB, /v2/library/busybox/blobs/" + D,
        "/v2/a/b/c/blobs/" + D + ", BLOB, /v2/a/b/c/blobs/" + D,
        "/v2/busybox/tags/list, TAGS, /v2/library/busybox/tags/list",
        "/v2/busybox/referrers/" + D + ", REFERRERS, /v2/library/busybox/referrers/" + D,
        "/v2/busybox/blobs/uploads/, BLOB_UPLOAD, /v2/library/busybox/blobs/uploads/",
        "/v2/busybox/blobs/uploads, BLOB_UPLOAD, /v2/library/busybox/blobs/uploads",
        "/v2/busybox/blobs/uploads/abc-123, BLOB_UPLOAD, /v2/library/busybox/blobs/uploads/abc-123",
        // a repository may be called "manifests" or "blobs": the endpoint is read from the end
        "/v2/manifests/manifests/latest, MANIFEST, /v2/library/manifests/manifests/latest",
        "/v2/blobs/tags/list, TAGS, /v2/library/blobs/tags/list",
    })
    void routes(String path, RegistryRoute.Kind kind, String upstream) {
        RegistryRoute route = RegistryRoute.parse(path);
        assertNull(route.error(), () -> route.error().toJson());
        assertEquals(kind, route.kind());
        assertEquals(upstream, route.upstreamPath());
    }

    @ParameterizedTest(name = "{0} names {1}")
    @CsvSource({
        "/v2/redis/manifests/latest, library/redis",
        "/v2/bitnami/redis/tags/list, bitnami/redis",
        "/v2/a/b/c/blobs/" + D + ", a/b/c",
        "/v2/manifests/manifests/latest, library/manifests",
        "/v2/busybox/blobs/uploads/abc, library/busybox",
    })
    void names(String path, String name) {
        assertEquals(name, RegistryRoute.parse(path).name());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource({
        "/v2/Redis/manifests/latest, NAME_INVALID, 400",
        "/v2/re%00dis/manifests/latest, NAME_INVALID, 400",
        "/v2/%2e%2e/manifests/latest, NAME_INVALID, 400",
        "/v2/../etc/manifests/latest, NAME_INVALID, 400",
        "/v2//manifests/latest, NAME_INVALID, 400",
        "/v2/redis/manifests/bad%20tag, TAG_INVALID, 400",
        "/v2/redis/manifests/sha256:zz, DIGEST_INVALID, 400",
        "/v2/redis/blobs/latest, DIGEST_INVALID, 400",
        "/v2/redis/referrers/latest, DIGEST_INVALID, 400",
        "/v2/redis, NOT_FOUND, 404",
        "/v2/redis/manifests, NOT_FOUND, 404",
        "/v2/redis/tags, NOT_FOUND, 404",
    })
    void errors(String path, ErrorCode code, int status) {
        RegistryError error = RegistryRoute.parse(path).error();
        assertEquals(code, error.code());
        assertEquals(status, error.status());
    }

    @Test
    void overLongPathIsRefusedBeforeParsing() {
        String path = "/v2/" + "a/".repeat(RegistryRoute.MAX_PATH_LENGTH / 2) + "manifests/latest";
        assertEquals(400, RegistryRoute.parse(path).error().status());
    }

    @ParameterizedTest(name = "{0} registry={1}")
    @CsvSource({"/v2, true", "/v2/, true", "/v2/x, true", "/v2x, false", "/, false", "/v1/, false", "/token, false"})
    void registryPaths(String path, boolean registry) {
        assertEquals(registry, RegistryRoute.isRegistryPath(path));
    }

    @ParameterizedTest(name = "{0} read={1}")
    @CsvSource({"GET, true", "HEAD, true", "POST, false", "PUT, false", "PATCH, false", "DELETE, false", "get, false"})
    void pullOnly(String method, boolean read) {
        assertEquals(read, RegistryRoute.isReadMethod(method));
    }
}
