package hubmirror.proxy.v2;

import hubmirror.proxy.config.MirrorConfig;
import hubmirror.proxy.config.UpstreamState;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.RegistryError;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.UpstreamSelection;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;

/**
 * A {@code /v2/} request as admitted, the first step of the pipeline (docs/architecture.md): which upstream it is
 * for, how it named it, what it asks for, and the client's query as it goes upstream. Immutable; made once by
 * {@link #admit}, which answers a refusal value for a request that names no served registry or no registry route.
 */
public final class PullRequest {
    /** The upstream the request names (path prefix, {@code ns}, subdomain, or Docker Hub). */
    public final UpstreamState registry;
    /** The registry this host serves by itself, the only one a client's credentials go to (#19). */
    final String hostRegistry;
    /** The path prefix that named the upstream ({@code ghcr.io}), or null: pagination links keep it. */
    public final String prefix;
    /** The client's query without containerd's {@code ns}, which is the mirror's business only. */
    public final String search;
    public final RegistryRoute route;
    /** Why the request is refused at admission, or null when it is admitted. */
    public final RegistryError refusal;

    private PullRequest(UpstreamState registry, String hostRegistry, String prefix, String search, RegistryRoute route,
            RegistryError refusal) {
        this.registry = registry;
        this.hostRegistry = hostRegistry;
        this.prefix = prefix;
        this.search = search;
        this.route = route;
        this.refusal = refusal;
    }

    public static PullRequest admit(URL url, MirrorConfig config, String path) {
        String query = url.getSearch();
        String ns = query.isEmpty() ? null : new URLSearchParams(query).get("ns");
        UpstreamSelection selection = UpstreamSelection.select(path, ns, url.getHost(), config.table);
        if (selection.error() != null) {
            return new PullRequest(null, null, null, null, null, selection.error());
        }
        UpstreamState registry = config.upstream(selection.upstream().name());
        RegistryRoute route = RegistryRoute.parse(selection.path(), registry.entry.library());
        return new PullRequest(registry, UpstreamSelection.hostRegistry(url.getHost(), config.table), selection.prefix(),
                ns == null ? query : withoutNs(query), route, route.error());
    }

    /** The image as the operator's rules name it ({@code <registry>/<repository>}), or null for no repository. */
    String image() {
        return route.name() != null ? registry.name() + "/" + route.name() : null;
    }

    /**
     * The policy step: why the operator's rules refuse this request before anything goes upstream, or null. The
     * client rules ({@code clientRefused}) are the caller's (its ping still gets the mirror's own challenge).
     */
    RegistryError policyRefusal(MirrorConfig config) {
        String image = image();
        if (image != null && !config.images.isOpen() && !config.images.permits(image)) {
            // the operator's words as the client prints them
            return RegistryError.of(ErrorCode.DENIED, config.denyMessage != null ? config.denyMessage
                    : image + " is not allowed on this mirror", image);
        }
        return null;
    }

    /** A query without its {@code ns} parameters, as {@code ?…} or empty. */
    private static String withoutNs(String query) {
        URLSearchParams params = new URLSearchParams(query);
        params.delete("ns");
        String rest = params.toString();
        return rest.isEmpty() ? "" : "?" + rest;
    }
}
