package hubmirror.proxy;

import hubmirror.registry.CachePolicy;
import hubmirror.workers.Headers;

/**
 * What the content step decided for an upstream answer: the digest it must hash to (the request's, or the one its
 * tag resolved to) and where it is stored once verified. A value: each miss makes its own.
 */
final class ContentTarget {
    /** Nothing is stored, and the answer is checked only against a digest the request names. */
    static final ContentTarget NONE = new ContentTarget(null, null);

    /** The Cache API key a verified answer is stored under; null: not stored. */
    final String storeKey;
    /** The digest the answer must hash to; null: the request's own route decides ({@link Relay}). */
    final String digest;

    ContentTarget(String storeKey, String digest) {
        this.storeKey = storeKey;
        this.digest = digest;
    }

    boolean stores() {
        return storeKey != null;
    }

    /** What a content entry keeps: the registry headers named, its digest, and that it never changes. */
    static Headers entryHeaders(Headers relayed, String[] names, String digest) {
        Headers kept = ForwardedHeaders.pick(relayed, names);
        kept.set("docker-content-digest", digest);
        kept.set("cache-control", CachePolicy.IMMUTABLE);
        return kept;
    }
}
