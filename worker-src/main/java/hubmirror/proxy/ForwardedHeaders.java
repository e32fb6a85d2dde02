package hubmirror.proxy;

import hubmirror.registry.HeaderPolicy;
import hubmirror.workers.Headers;

/** The client's headers as they go upstream. */
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
}
