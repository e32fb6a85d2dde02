package hubmirror.proxy.content;

import hubmirror.proxy.http.ForwardedHeaders;
import hubmirror.proxy.upstream.Relay;

import hubmirror.registry.CachePolicy;
import hubmirror.workers.Headers;

/**
 * What the content step decided for an upstream answer: the digest it must hash to (the request's, or the one its
 * tag resolved to) and where it is stored once verified. A value: each miss makes its own.
 */
public final class ContentTarget {
    /** Nothing is stored, and the answer is checked only against a digest the request names. */
    public static final ContentTarget NONE = new ContentTarget(null, null);

    /** The Cache API key a verified answer is stored under; null: not stored. */
    public final String storeKey;
    /** The digest the answer must hash to; null: the request's own route decides ({@link Relay}). */
    public final String digest;

    ContentTarget(String storeKey, String digest) {
        this.storeKey = storeKey;
        this.digest = digest;
    }

    public boolean stores() {
        return storeKey != null;
    }

    /** What a content entry keeps: the registry headers named, its digest, and that it never changes. */
    public static Headers entryHeaders(Headers relayed, String[] names, String digest) {
        Headers kept = ForwardedHeaders.pick(relayed, names);
        kept.set("docker-content-digest", digest);
        kept.set("cache-control", CachePolicy.IMMUTABLE);
        return kept;
    }
}
