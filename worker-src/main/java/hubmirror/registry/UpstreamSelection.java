package hubmirror.registry;

/**
 * Which upstream a {@code /v2/} request is for, named one of three ways on the one domain: a path prefix
 * ({@code /v2/ghcr.io/owner/image/manifests/1}, also what containerd's {@code override_path} and podman's
 * {@code location = "<host>/ghcr.io"} send), containerd's {@code ?ns=ghcr.io}, or the subdomain label
 * ({@code ghcr.<domain>}). None of them: Docker Hub. Two that disagree are refused, as is a registry the
 * deployment does not serve.
 */
public final class UpstreamSelection {
    private static final String[] DOCKER_HUB_ALIASES = {"docker.io", "index.docker.io", "registry-1.docker.io"};

    private final UpstreamRegistry upstream;
    private final String path;
    private final String prefix;
    private final RegistryError error;

    private UpstreamSelection(UpstreamRegistry upstream, String path, String prefix, RegistryError error) {
        this.upstream = upstream;
        this.path = path;
        this.prefix = prefix;
        this.error = error;
    }

    /**
     * @param path a registry path ({@code /v2/…})
     * @param ns containerd's {@code ns} query value, or null
     * @param host the request's host (a port is ignored), or null
     */
    public static UpstreamSelection select(String path, String ns, String host, UpstreamTable table) {
        String prefix = null;
        String written = null;
        String rest = path;
        if (path.startsWith("/v2/")) {
            int end = path.indexOf('/', 4);
            String first = path.substring(4, end < 0 ? path.length() : end);
            if (isRegistryHost(first)) {
                written = first;
                prefix = canonicalName(first);
                rest = end < 0 ? "/v2/" : "/v2" + path.substring(end);
            }
        }
        String fromNs = ns == null || ns.isEmpty() ? null : canonicalName(ns.toLowerCase());
        if (prefix != null && fromNs != null && !prefix.equals(fromNs)) {
            return fail(ErrorCode.NAME_INVALID, 400, "the path names registry " + prefix + " but ns names " + fromNs,
                    "name the registry once: in the path or in ns");
        }
        String chosen = prefix != null ? prefix : fromNs;
        UpstreamRegistry labelled = label(host, table);
        if (labelled != null) {
            if (chosen != null && !chosen.equals(labelled.name())) {
                return fail(ErrorCode.NAME_INVALID, 400, "this host serves " + labelled.name() + ", but the request names "
                        + chosen, "pull " + chosen + " images through the mirror's main host");
            }
            chosen = labelled.name();
        }
        if (chosen == null) {
            chosen = UpstreamTable.DOCKER_HUB;
        }
        UpstreamRegistry upstream = table.byName(chosen);
        if (upstream == null) {
            return fail(ErrorCode.NAME_UNKNOWN, 404, "this mirror does not serve registry " + chosen
                    + (table.isDisabled(chosen) ? " (its operator turned it off)" : ""), "the mirror's home page lists the registries it serves");
        }
        return new UpstreamSelection(upstream, rest, written, null);
    }

    /**
     * The registry a host serves by itself: the one its subdomain label names ({@code ghcr.<domain>}), else Docker
     * Hub. A client's credentials are for this registry only (clients keep credentials per host): they never go to
     * a registry that a path prefix or {@code ns} names on the same host.
     */
    public static String hostRegistry(String host, UpstreamTable table) {
        UpstreamRegistry labelled = label(host, table);
        return labelled != null ? labelled.name() : UpstreamTable.DOCKER_HUB;
    }

    /** A first path component that is a registry's host, as docker's reference grammar tells them apart. */
    static boolean isRegistryHost(String component) {
        for (int i = 0; i < component.length(); i++) {
            char c = component.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
                    || c == ':')) {
                return false; // not a host: left to the name's own grammar, which refuses it
            }
        }
        return component.indexOf('.') >= 0 || component.indexOf(':') >= 0 || component.equals("localhost");
    }

    /**
     * The registry a repository name begins with, as a path-prefix client writes it into a scope
     * ({@code ghcr.io/owner/app} → {@code ghcr.io}), or null when its first component is no registry host.
     */
    static String registryPrefix(String repository) {
        int slash = repository.indexOf('/');
        String first = slash < 0 ? null : repository.substring(0, slash);
        return first != null && isRegistryHost(first) ? canonicalName(first) : null;
    }

    static String canonicalName(String name) {
        return Tokens.contains(DOCKER_HUB_ALIASES, name) ? UpstreamTable.DOCKER_HUB : name;
    }

    /** The registry the host's first label names, when the host has a label before a domain of its own. */
    private static UpstreamRegistry label(String host, UpstreamTable table) {
        if (host == null) {
            return null;
        }
        int colon = host.lastIndexOf(':');
        String name = colon > host.lastIndexOf(']') ? host.substring(0, colon) : host;
        int dot = name.indexOf('.');
        // ghcr.example.com: a label and a domain of at least two labels; example.com alone names nothing
        if (dot <= 0 || name.indexOf('.', dot + 1) < 0) {
            return null;
        }
        return table.byLabel(name.substring(0, dot).toLowerCase());
    }

    private static UpstreamSelection fail(ErrorCode code, int status, String message, String detail) {
        return new UpstreamSelection(null, null, null, new RegistryError(code, status, message, detail));
    }

    public UpstreamRegistry upstream() {
        return upstream;
    }

    /** The request path with the registry prefix taken off ({@code /v2/owner/image/…}). */
    public String path() {
        return path;
    }

    /** The registry as the path prefix wrote it ({@code ghcr.io}), or null when the path had none. */
    public String prefix() {
        return prefix;
    }

    public RegistryError error() {
        return error;
    }
}
