package hubmirror.proxy;

import hubmirror.registry.HeaderPolicy;
import hubmirror.workers.Headers;

/** Headers as they pass through the mirror: which of the client's go upstream, which of the upstream's come back. */
final class ForwardedHeaders {
    private ForwardedHeaders() {
    }

    /** Null when a header is longer than any registry client sends. */
    static Headers from(Headers incoming) {
        Headers out = new Headers();
        String[] entries = Headers.entries(incoming);
        for (int i = 0; i < entries.length; i += 2) {
            String name = entries[i];
            String value = entries[i + 1];
            if (value.length() > HeaderPolicy.MAX_HEADER_LENGTH) {
                return null;
            }
            if (HeaderPolicy.forwardToUpstream(name)) {
                out.set(name, value);
            }
        }
        return out;
    }

    /** Which header names a policy lets through ({@code HeaderPolicy::keepOnRedirect}, …). */
    interface Allowed {
        boolean test(String lowercaseName);
    }

    /** A new set holding the headers of {@code from} that {@code allowed} lets through. */
    static Headers filter(Headers from, Allowed allowed) {
        Headers out = new Headers();
        String[] entries = Headers.entries(from);
        for (int i = 0; i < entries.length; i += 2) {
            if (allowed.test(entries[i])) {
                out.set(entries[i], entries[i + 1]);
            }
        }
        return out;
    }

    /** A new set holding those of {@code names} that {@code from} has. */
    static Headers pick(Headers from, String[] names) {
        Headers out = new Headers();
        for (String name : names) {
            String value = from.get(name);
            if (value != null) {
                out.set(name, value);
            }
        }
        return out;
    }
}
