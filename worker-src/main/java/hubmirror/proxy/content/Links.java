package hubmirror.proxy.content;

import hubmirror.proxy.Isolate;
import hubmirror.proxy.Mirror;
import hubmirror.proxy.http.Replies;

import hubmirror.registry.CacheKey;
import hubmirror.registry.CachePolicy;
import hubmirror.workers.Headers;
import hubmirror.workers.Response;

/**
 * A repository's links to content (see {@link CacheKey#link}): that the upstream served a digest under a name.
 * Content cached under one name is served under another only when a link says that one has it too.
 */
public final class Links {
    private Links() {
    }

    /** Notes that the upstream served {@code digest} under {@code name}. */
    public static void here(Mirror mirror, String upstream, String name, String kind, String digest) {
        String link = CacheKey.link(mirror.url.getOrigin(), upstream, name, kind, digest);
        // a link states a fact that never becomes false: once known here, it needs no second cache lookup
        Isolate.get().links.hold(link, Double.POSITIVE_INFINITY);
        Headers headers = new Headers();
        headers.set("cache-control", CachePolicy.IMMUTABLE);
        EdgeCache.put(mirror.ctx, link, new Response("", Replies.init(200, headers)));
    }
}
