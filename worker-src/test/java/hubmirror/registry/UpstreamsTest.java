package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Several upstreams: the realm and the token carry the upstream; UPSTREAMS entries; non-Docker-Hub names. */
class UpstreamsTest {
    private static UpstreamTable table() {
        return UpstreamSelectionTest.table();
    }

    @ParameterizedTest(name = "{0} for {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "NULL | docker.io | NULL",
        "Bearer hubmirror-anonymous | docker.io | NULL",
        "Bearer hubmirror~docker.io~abc | docker.io | Bearer abc",
        "bearer hubmirror~ghcr.io~a.b.c | ghcr.io | Bearer a.b.c",
        "Bearer hubmirror~docker.io~abc | ghcr.io | NULL",
        "Bearer hubmirror~ghcr.io~abc | ghcr.io.evil | NULL",
        "Bearer hubmirror~ghcr.io.evil~abc | ghcr.io | NULL",
        "Bearer hubmirror~ghcr.io~ | ghcr.io | NULL",
        "Bearer hubmirror~ghcr.io | ghcr.io | NULL",
        "Bearer raw-upstream-token | docker.io | NULL",
        "Basic cmVhZGVyOnM= | docker.io | Basic cmVhZGVyOnM=",
        "Digest x | docker.io | NULL",
    })
    void aClientsCredentialsGoOnlyToTheirUpstream(String authorization, String upstream, String expected) {
        assertEquals(expected, MirrorToken.forUpstream(authorization, upstream, "docker.io"));
    }

    @ParameterizedTest(name = "Basic at a host of {1}, for {0} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "docker.io | docker.io | true",
        "ghcr.io | docker.io | false",
        "registry.k8s.io | docker.io | false",
        "quay.io | docker.io | false",
        "ghcr.io | ghcr.io | true",
        "docker.io | ghcr.io | false",
        "mcr.microsoft.com | ghcr.io | false",
    })
    void basicCredentialsGoOnlyToTheRegistryOfTheHostTheyWereSentTo(String upstream, String hostRegistry, boolean goes) {
        String basic = "Basic cmVhZGVyOnM=";
        assertEquals(goes ? basic : null, MirrorToken.forUpstream(basic, upstream, hostRegistry));
        String lower = "basic cmVhZGVyOnM=";
        assertEquals(goes ? lower : null, MirrorToken.forUpstream(lower, upstream, hostRegistry));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "mirror.example.com | docker.io",
        "mirror.example.com:8787 | docker.io",
        "ghcr.mirror.example.com | ghcr.io",
        "GHCR.mirror.example.com:443 | ghcr.io",
        "mcr.mirror.example.com | mcr.microsoft.com",
        "nosuch.mirror.example.com | docker.io",
        "example.com | docker.io",
        "127.0.0.1:8787 | docker.io",
        "[::1]:8787 | docker.io",
    })
    void eachHostServesOneRegistryByItself(String host, String registry) {
        assertEquals(registry, UpstreamSelection.hostRegistry(host, table()));
    }

    @Test
    void wrappedTokensRoundTrip() {
        String wrapped = MirrorToken.wrap("quay.io", "tok");
        assertEquals("hubmirror~quay.io~tok", wrapped);
        assertEquals("Bearer tok", MirrorToken.forUpstream("Bearer " + wrapped, "quay.io", "docker.io"));
        assertFalse(MirrorToken.isAnonymous("Bearer " + wrapped));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
        "docker.io | 0 | /token",
        "docker.io | 1 | /token/2",
        "ghcr.io | 0 | /token/ghcr.io",
        "ghcr.io | 2 | /token/ghcr.io/3",
        "registry.local:5000 | 0 | /token/registry.local:5000",
    })
    void theMirrorsRealmCarriesTheUpstream(String upstream, int index, String path) {
        assertEquals(path, TokenPath.of(upstream, index));
        assertEquals(upstream, TokenPath.upstreamOf(path));
        assertEquals(index, TokenPath.indexOf(path, 3));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "/token/ghcr.io/1 | ghcr.io | -1",
        "/token/ghcr.io/4 | ghcr.io | -1",
        "/token/ghcr.io/02 | ghcr.io | -1",
        "/token/ghcr.io/x | ghcr.io | -1",
        "/token/ghcr.io/2/3 | ghcr.io | -1",
        "/token/docker.io | docker.io | 0",
        "/token/docker.io/2 | docker.io | 1",
        "/token/2/3 | NULL | -1",
        "/token/GHCR.IO | NULL | -1",
        "/token/ghcr | NULL | -1",
        "/token/ghcr..io | NULL | -1",
        "/token/.ghcr.io | NULL | -1",
        "/token/v2 | NULL | -1",
        "/token/ | NULL | -1",
        "/tokens | NULL | -1",
    })
    void tokenPathsNameOnlyAnUpstreamAndOneOfItsRealms(String path, String upstream, int index) {
        assertEquals(upstream, TokenPath.upstreamOf(path));
        assertEquals(index, TokenPath.indexOf(path, 3));
    }

    @Test
    void aRegistryWithoutRealmsHasOnlyItsBasePath() {
        // the token endpoint asks for max(1, realms) and answers the base path with the anonymous token
        assertEquals(0, TokenPath.indexOf("/token/mcr.microsoft.com", 1));
        assertEquals(-1, TokenPath.indexOf("/token/mcr.microsoft.com/2", 1));
    }

    @Test
    void challengesOfOtherUpstreamsNameTheirOwnMirrorRealm() {
        List<String> ghcr = List.of("https://ghcr.io/token");
        assertEquals("Bearer realm=\"https://m.example/token/ghcr.io\",service=\"ghcr.io\",scope=\"repository:owner/app:pull\"",
                TokenRealm.rewriteChallenge("Bearer realm=\"https://ghcr.io/token\",service=\"ghcr.io\",scope=\"repository:owner/app:pull,push\"",
                        "https://m.example", "ghcr.io", ghcr, false));
        // no library/ outside Docker Hub
        assertEquals("Bearer realm=\"https://m.example/token/ghcr.io\",scope=\"repository:app:pull\"",
                TokenRealm.rewriteChallenge("Bearer realm=\"https://ghcr.io/token\",scope=\"repository:app:pull\"",
                        "https://m.example", "ghcr.io", ghcr, false));
        // Docker Hub's realm named by another upstream's challenge: not one of its realms
        assertNull(TokenRealm.rewriteChallenge("Bearer realm=\"https://auth.docker.io/token\"", "https://m.example",
                "ghcr.io", ghcr, false));
        // ECR Public: a realm with a trailing slash, and scope="aws" left out
        List<String> ecr = TokenRealm.parseRealmList("https://public.ecr.aws/token/");
        assertEquals(List.of("https://public.ecr.aws/token/"), ecr);
        assertEquals("Bearer realm=\"https://m.example/token/public.ecr.aws\",service=\"public.ecr.aws\"",
                TokenRealm.rewriteChallenge("Bearer realm=\"https://public.ecr.aws/token/\",service=\"public.ecr.aws\",scope=\"aws\"",
                        "https://m.example", "public.ecr.aws", ecr, false));
    }

    @Test
    void realmPatternsMatchOneLabelPartAndAreNeverHandedToClients() {
        List<String> k8s = TokenRealm.parseRealmList("https://*-docker.pkg.dev/v2/token");
        assertEquals(List.of("https://*-docker.pkg.dev/v2/token"), k8s);
        assertEquals(0, TokenRealm.indexOf("https://us-west2-docker.pkg.dev/v2/token", k8s));
        assertEquals(0, TokenRealm.indexOf("https://EUROPE-docker.pkg.dev/v2/token", k8s));
        assertEquals("https://us-docker.pkg.dev/v2/token", TokenRealm.resolve("https://us-docker.pkg.dev/v2/token", k8s));
        for (String other : new String[] {"https://evil.com/x-docker.pkg.dev/v2/token", "https://a.b-docker.pkg.dev/v2/token",
            "https://-docker.pkg.dev/v2/token", "https://us-docker.pkg.dev/v2/token/x", "http://us-docker.pkg.dev/v2/token",
            "https://us-docker.pkg.dev.evil.com/v2/token", "https://us-docker.pkg.dev/v2/other", "https://us-docker.pkg.dev:444/v2/token"}) {
            assertEquals(-1, TokenRealm.indexOf(other, k8s), other);
            assertNull(TokenRealm.resolve(other, k8s), other);
        }
        assertNull(TokenRealm.rewriteChallenge("Bearer realm=\"https://us-docker.pkg.dev/v2/token\"", "https://m.example",
                "registry.k8s.io", k8s, false));
        assertNull(TokenRealm.parseRealmList("https://ev*il.com/token"));
        assertNull(TokenRealm.parseRealmList("https://*/token/../x"));
    }

    @Test
    void upstreamsAddOverrideAndTurnOff() {
        UpstreamTable t = table();
        assertNull(t.configure("ghcr.io", "http://127.0.0.1:5001/", "http://127.0.0.1:5001/token", null, false));
        UpstreamRegistry ghcr = t.byName("ghcr.io");
        assertEquals("http://127.0.0.1:5001", ghcr.registry());
        assertEquals(List.of("http://127.0.0.1:5001/token"), ghcr.realms());
        assertEquals("ghcr", ghcr.label());
        assertFalse(ghcr.library());
        assertNull(t.configure("registry.example.com:5000", "https://registry.example.com:5000", "", "corp", false));
        assertEquals(List.of(), t.byName("registry.example.com:5000").realms());
        assertEquals("corp", t.byName("registry.example.com:5000").label());
        assertNull(t.configure("quay.io", null, null, null, true));
        assertNull(t.byName("quay.io"));
        assertTrue(t.isDisabled("quay.io"));
        assertNull(t.configure("index.docker.io", "https://hub.example", null, null, false));
        assertEquals("https://hub.example", t.byName("docker.io").registry());
        assertTrue(t.byName("docker.io").library());
        assertEquals(List.of("https://auth.docker.io/token"), t.byName("docker.io").realms());
    }

    @ParameterizedTest(name = "{0} {1} {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
        "GHCR.IO | https://ghcr.io | NULL | NULL",
        "ghcr | https://ghcr.io | NULL | NULL",
        "new.example.com | NULL | NULL | NULL",
        "ghcr.io | ftp://ghcr.io | NULL | NULL",
        "ghcr.io | https://ghcr.io/v2 | NULL | NULL",
        "ghcr.io | https://user@ghcr.io | NULL | NULL",
        "ghcr.io | NULL | https://ghcr.io/../admin | NULL",
        "ghcr.io | NULL | token | NULL",
        "ghcr.io | NULL | NULL | Ghcr",
        "ghcr.io | NULL | NULL | a.b",
    })
    void malformedUpstreamsEntriesAreRefused(String name, String registry, String auth, String label) {
        assertNotNull(table().configure(name, registry, auth, label, false));
    }

    @Test
    void otherRegistriesHaveNoLibraryNames() {
        RegistryRoute route = RegistryRoute.parse("/v2/pause/manifests/3.9", false);
        assertEquals("pause", route.name());
        assertEquals("/v2/pause/manifests/3.9", route.upstreamPath());
        assertEquals("library/pause", RegistryRoute.parse("/v2/pause/manifests/3.9").name());
        assertEquals(List.of("repository:pause:pull"), Scope.normalizeAll("repository:pause:pull,push", false));
        TokenQuery query = new TokenQuery(false);
        query.add("scope", "repository:app:pull");
        assertEquals("repository:app:pull", query.value(0));
    }

    @Test
    void paginationLinksKeepThePathPrefix() {
        assertEquals("</v2/ghcr.io/owner/app/tags/list?last=b&n=2>; rel=\"next\"",
                LinkHeader.rewrite("<https://ghcr.io/v2/owner/app/tags/list?last=b&n=2>; rel=\"next\"", "https://ghcr.io", "ghcr.io"));
        assertEquals("</v2/owner/app/tags/list?n=2>; rel=\"next\"",
                LinkHeader.rewrite("</v2/owner/app/tags/list?n=2>; rel=\"next\"", "https://ghcr.io", null));
        UpstreamSelection s = UpstreamSelection.select("/v2/ghcr.io/owner/app/tags/list", null, null, table());
        assertEquals("ghcr.io", s.prefix());
        assertNull(UpstreamSelection.select("/v2/owner/app/tags/list", "ghcr.io", null, table()).prefix());
    }

    private static TokenQuery query(String... scopes) {
        TokenQuery q = new TokenQuery(false);
        q.add("service", "registry.docker.io");
        for (String scope : scopes) {
            q.add("scope", scope);
        }
        return q;
    }

    @Test
    void scopesWithARegistryPrefixNameThatRegistry() {
        assertEquals("", query("repository:redis:pull", "repository:owner/app:pull").scopeRegistry());
        assertEquals("ghcr.io", query("repository:ghcr.io/owner/app:pull").scopeRegistry());
        assertEquals("docker.io", query("repository:index.docker.io/redis:pull").scopeRegistry());
        assertNull(query("repository:ghcr.io/owner/app:pull", "repository:quay.io/org/app:pull").scopeRegistry());
        assertNull(query("repository:ghcr.io/owner/app:pull", "repository:redis:pull").scopeRegistry());
        assertEquals("", query().scopeRegistry());
    }

    @Test
    void retargetedScopesAreTheUpstreamsNames() {
        TokenQuery q = query("repository:ghcr.io/owner/app:pull,push", "repository:ghcr.io/app:pull");
        q.retarget(false);
        assertEquals("repository:owner/app:pull", q.value(1));
        assertEquals("repository:app:pull", q.value(2));
        TokenQuery hub = query("repository:docker.io/redis:pull", "repository:docker.io/team/tool:pull");
        hub.retarget(true);
        assertEquals("repository:library/redis:pull", hub.value(1));
        assertEquals("repository:team/tool:pull", hub.value(2));
        q.set("service", "ghcr.io");
        assertEquals("service", q.name(0));
        assertEquals("ghcr.io", q.value(0));
        assertEquals(3, q.size());
        q.set("service", null);
        assertEquals(2, q.size());
    }

    @Test
    void formScopesAreRetargetedWhole() {
        TokenQuery form = new TokenQuery(false);
        form.addFormField("scope", "repository:ghcr.io/a/b:pull repository:ghcr.io/a/c:pull");
        assertEquals("ghcr.io", form.scopeRegistry());
        form.retarget(false);
        assertEquals("repository:a/b:pull repository:a/c:pull", form.value(0));
    }
}
