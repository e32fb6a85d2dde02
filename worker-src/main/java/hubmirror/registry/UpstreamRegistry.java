package hubmirror.registry;

import java.util.List;

/**
 * One registry the mirror pulls from: its name as clients write it in image names ({@code ghcr.io}), where
 * its API is, the token services the mirror may call for it (exactly these realm URLs; none for a registry
 * that needs no token), whether one-component names get Docker Hub's {@code library/}, and the subdomain
 * label that names it on the mirror's domain ({@code ghcr} for {@code ghcr.<domain>}), if any.
 */
public final class UpstreamRegistry {
    private final String name;
    private final String registry;
    private final List<String> realms;
    private final boolean library;
    private final String label;

    public UpstreamRegistry(String name, String registry, List<String> realms, boolean library, String label) {
        this.name = name;
        this.registry = registry;
        this.realms = realms;
        this.library = library;
        this.label = label;
    }

    public String name() {
        return name;
    }

    /** The API's base URL, without a trailing slash. */
    public String registry() {
        return registry;
    }

    public List<String> realms() {
        return realms;
    }

    /** Whether one-component names are official images under {@code library/} (Docker Hub only). */
    public boolean library() {
        return library;
    }

    /** The subdomain label that names this registry on the mirror's domain, or null. */
    public String label() {
        return label;
    }

    /** The repository name as this registry knows it. */
    public String normalize(String repository) {
        return library ? RepositoryName.normalize(repository) : repository;
    }
}
