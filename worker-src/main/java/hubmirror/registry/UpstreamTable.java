package hubmirror.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The registries a deployment serves: the built-in ones (facts: DESIGN.md §4.1), with entries the operator
 * adds, replaces or turns off ({@code UPSTREAMS}). Docker Hub is {@code docker.io}, the registry of any name
 * that names no other.
 */
public final class UpstreamTable {
    public static final String DOCKER_HUB = "docker.io";

    private final List<UpstreamRegistry> entries;
    /** Entries turned off by the operator: requests for them are refused, not sent to Docker Hub. */
    private final List<UpstreamRegistry> disabled;

    private UpstreamTable(List<UpstreamRegistry> entries, List<UpstreamRegistry> disabled) {
        this.entries = entries;
        this.disabled = disabled;
    }

    /** The built-in table, with Docker Hub at {@code dockerHubRegistry} and {@code dockerHubRealms}. */
    public static UpstreamTable builtIn(String dockerHubRegistry, List<String> dockerHubRealms) {
        List<UpstreamRegistry> entries = new ArrayList<>();
        entries.add(new UpstreamRegistry(DOCKER_HUB, dockerHubRegistry, dockerHubRealms, true, null));
        entries.add(entry("ghcr.io", "https://ghcr.io", "ghcr", "https://ghcr.io/token"));
        entries.add(entry("quay.io", "https://quay.io", "quay", "https://quay.io/v2/auth"));
        entries.add(entry("gcr.io", "https://gcr.io", "gcr", "https://gcr.io/v2/token"));
        // every manifest and blob is a 307 to a regional Artifact Registry host, which may challenge itself
        entries.add(entry("registry.k8s.io", "https://registry.k8s.io", "k8s", "https://*-docker.pkg.dev/v2/token"));
        entries.add(entry("nvcr.io", "https://nvcr.io", "nvcr", "https://nvcr.io/proxy_auth"));
        entries.add(entry("mcr.microsoft.com", "https://mcr.microsoft.com", "mcr"));
        entries.add(entry("docker.elastic.co", "https://docker.elastic.co", "elastic", "https://docker-auth.elastic.co/auth"));
        entries.add(entry("public.ecr.aws", "https://public.ecr.aws", "ecr", "https://public.ecr.aws/token/"));
        return new UpstreamTable(entries, new ArrayList<>());
    }

    private static UpstreamRegistry entry(String name, String registry, String label, String... realms) {
        return new UpstreamRegistry(name, registry, Arrays.asList(realms), false, label);
    }

    /**
     * One entry of {@code UPSTREAMS}: {@code off} turns the registry off; else {@code registry} (its API's URL),
     * {@code auth} (comma-separated realm URLs, maybe none) and {@code label} (its subdomain) replace what a
     * built-in entry has, each where given; a new registry needs {@code registry}. Returns why the entry cannot
     * be used, or null: never any part of the entry's value (the message reaches every client as a 500).
     */
    public String configure(String name, String registry, String auth, String label, boolean off) {
        String key = UpstreamSelection.canonicalName(name);
        if (!TokenRealm.isRegistryName(key)) {
            return "its key is not a registry name (a host like ghcr.io, lowercase)";
        }
        if (off) {
            disable(key);
            return null;
        }
        UpstreamRegistry known = byName(key);
        if (known == null) {
            known = find(disabled, key);
        }
        String url = registry != null ? TokenRealm.canonical(TokenRealm.stripTrailingSlash(registry)) : null;
        if (registry != null && (url == null || url.indexOf('/', url.indexOf("://") + 3) >= 0)) {
            return "\"registry\" must be a URL with no path (https://host)";
        }
        if (url == null && (known == null || known.registry() == null)) {
            return "a registry the mirror does not know needs \"registry\" (https://host)";
        }
        List<String> realms = auth != null ? TokenRealm.parseRealmList(auth) : known != null ? known.realms() : new ArrayList<String>(0);
        if (realms == null) {
            return "\"auth\" must be token realm URLs (https://host/path)";
        }
        if (label != null && !isLabel(label)) {
            return "\"label\" must be one DNS label (letters, digits, -)";
        }
        put(new UpstreamRegistry(key, url != null ? url : known.registry(), realms, key.equals(DOCKER_HUB),
                label != null ? label : known != null ? known.label() : null));
        return null;
    }

    private static boolean isLabel(String s) {
        if (s.isEmpty() || s.length() > 63 || s.startsWith("-") || s.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Adds {@code entry}, or replaces the one of its name. */
    public void put(UpstreamRegistry entry) {
        disabled.remove(find(disabled, entry.name()));
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).name().equals(entry.name())) {
                entries.set(i, entry);
                return;
            }
        }
        entries.add(entry);
    }

    /** Turns {@code name} off (it may be one the table does not have yet: then it stays unknown and off). */
    public void disable(String name) {
        UpstreamRegistry entry = find(entries, name);
        entries.remove(entry);
        if (find(disabled, name) == null) {
            disabled.add(entry != null ? entry : new UpstreamRegistry(name, null, new ArrayList<String>(0), false, null));
        }
    }

    /** The served registry of this name, or null (unknown or turned off). */
    public UpstreamRegistry byName(String name) {
        return find(entries, name);
    }

    /** The registry, served or turned off, whose subdomain label this is; null for none. */
    public UpstreamRegistry byLabel(String label) {
        for (int i = 0; i < entries.size() + disabled.size(); i++) {
            UpstreamRegistry e = i < entries.size() ? entries.get(i) : disabled.get(i - entries.size());
            if (label.equals(e.label())) {
                return e;
            }
        }
        return null;
    }

    public boolean isDisabled(String name) {
        return find(disabled, name) != null;
    }

    private static UpstreamRegistry find(List<UpstreamRegistry> list, String name) {
        for (UpstreamRegistry e : list) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** The registries served, in table order (Docker Hub first unless turned off); for reading only. */
    public List<UpstreamRegistry> entries() {
        return entries;
    }
}
