package hubmirror.proxy.http;

import hubmirror.registry.HeaderPolicy;
import hubmirror.workers.Headers;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/** Headers as they pass through the mirror: which of the client's go upstream, which of the upstream's come back. */
public final class ForwardedHeaders {
    private ForwardedHeaders() {
    }

    // HeaderPolicy's allowlist as a JS array, made on first use: the same for every request
    private static JSObject forwarded;

    /**
     * Null when a header is longer than any registry client sends. Every request passes here, so the
     * filter runs in JS: the Java loop over Headers.entries cost ~5 % of a cache hit.
     */
    public static Headers from(Headers incoming) {
        if (forwarded == null) {
            forwarded = split(HeaderPolicy.forwardedNames());
        }
        return pickAllowed(incoming, forwarded, HeaderPolicy.MAX_HEADER_LENGTH);
    }

    @JSBody(params = "names", script = "return names.split(',');")
    private static native JSObject split(String names);

    @JSBody(params = {"incoming", "allowed", "max"}, script = "var out = new Headers();"
            + "for (var entry of incoming) {"
            + "  if (entry[1].length > max) return null;"
            + "  if (allowed.indexOf(entry[0]) >= 0) out.set(entry[0], entry[1]);"
            + "}"
            + "return out;")
    private static native Headers pickAllowed(Headers incoming, JSObject allowed, int max);

    /** Which header names a policy lets through ({@code HeaderPolicy::keepOnRedirect}, …). */
    public interface Allowed {
        boolean test(String lowercaseName);
    }

    /** A new set holding the headers of {@code from} that {@code allowed} lets through. */
    public static Headers filter(Headers from, Allowed allowed) {
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
    public static Headers pick(Headers from, String[] names) {
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
