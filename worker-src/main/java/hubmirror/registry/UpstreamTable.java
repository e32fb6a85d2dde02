package hubmirror.registry;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
        entries.add(entry("registry.k8s.io", "https://registry.k8s.io", "k8s"));
        entries.add(entry("nvcr.io", "https://nvcr.io", "nvcr", "https://nvcr.io/proxy_auth"));
        entries.add(entry("mcr.microsoft.com", "https://mcr.microsoft.com", "mcr"));
        entries.add(entry("docker.elastic.co", "https://docker.elastic.co", "elastic", "https://docker-auth.elastic.co/auth"));
        entries.add(entry("public.ecr.aws", "https://public.ecr.aws", "ecr", "https://public.ecr.aws/token"));
        return new UpstreamTable(entries, new ArrayList<>());
    }

    private static UpstreamRegistry entry(String name, String registry, String label, String... realms) {
        return new UpstreamRegistry(name, registry, Collections.unmodifiableList(Arrays.asList(realms)), false, label);
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
            disabled.add(entry != null ? entry : new UpstreamRegistry(name, null, Collections.emptyList(), false, null));
        }
    }

    /** The served registry of this name, or null (unknown or turned off). */
    public UpstreamRegistry byName(String name) {
        return find(entries, name);
    }

    /** The registry, served or turned off, whose subdomain label this is; null for none. */
    public UpstreamRegistry byLabel(String label) {
        for (List<UpstreamRegistry> list : Arrays.asList(entries, disabled)) {
            for (UpstreamRegistry e : list) {
                if (label.equals(e.label())) {
                    return e;
                }
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

    /** The registries served, in table order (Docker Hub first unless turned off). */
    public List<UpstreamRegistry> entries() {
        return Collections.unmodifiableList(entries);
    }
}
