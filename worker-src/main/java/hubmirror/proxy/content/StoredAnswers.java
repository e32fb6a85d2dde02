package hubmirror.proxy.content;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.http.ForwardedHeaders;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.proxy.v2.PullRequest;
import hubmirror.registry.CacheKey;
import hubmirror.registry.EntityTag;
import hubmirror.registry.ErrorCode;
import hubmirror.registry.RegistryError;
import hubmirror.registry.RegistryRoute;
import hubmirror.workers.Headers;
import hubmirror.workers.Response;
import hubmirror.workers.StringPrototype;

/**
 * Content the mirror holds, by key and as the client's answer: the keys of the edge cache's entries, and a stored
 * answer (from the edge cache or the content bucket) served as a registry answer — its registry headers, the
 * mirror's own, {@code 304} when the client already has it, its body unless the client sent {@code HEAD}.
 */
final class StoredAnswers {
    private StoredAnswers() {
    }

    /** A content key ({@link CacheKey}), as one JS concatenation: this is every hit's path. */
    static String key(Mirror mirror, PullRequest pull, String kind, String digest) {
        return key(mirror, pull.registry.host, kind, digest);
    }

    /** The content key of {@code digest} of the upstream {@code host} (a download's, which has no pull request). */
    static String key(Mirror mirror, String host, String kind, String digest) {
        return StringPrototype.concat(mirror.url.getOrigin(), CacheKey.PREFIX, host, kind, digest);
    }

    /** A stored answer: its registry headers, the mirror's own, and its body unless the client sent HEAD. */
    static Response serve(Mirror mirror, RegistryRoute route, Response stored, String status) {
        mirror.log.cache(status);
        if (stored.getStatus() == 416) {
            Headers range = ForwardedHeaders.pick(stored.getHeaders(), new String[] {"content-range"});
            Upstream.discard(stored);
            return mirror.replies.error(RegistryError.of(ErrorCode.RANGE_INVALID,
                    "the requested range is outside the blob", null), range);
        }
        String digest = stored.getHeaders().get("docker-content-digest");
        if (digest != null && EntityTag.matches(mirror.request.getHeaders().get("if-none-match"), digest)) {
            // the client has it: 304, with the tag it matched (as the registry answers)
            Upstream.discard(stored);
            Headers same = new Headers();
            same.set("etag", EntityTag.of(digest));
            same.set("docker-content-digest", digest);
            return mirror.replies.text(304, null, Replies.secure(same));
        }
        return mirror.replies.cached(stored, mirror.method.equals("HEAD"), route.kind() == RegistryRoute.Kind.BLOB);
    }
}
