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
        boolean[] tooLong = new boolean[1];
        incoming.forEach((value, name) -> {
            if (value.length() > HeaderPolicy.MAX_HEADER_LENGTH) {
                tooLong[0] = true;
            } else if (HeaderPolicy.forwardToUpstream(name)) {
                out.set(name, value);
            }
        });
        return tooLong[0] ? null : out;
    }
}
