package hubmirror.proxy.content;

import hubmirror.proxy.Clock;
import hubmirror.proxy.Isolate;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.upstream.Upstream;

import hubmirror.workers.AbortSignal;
import hubmirror.workers.Cache;
import hubmirror.workers.DigestStream;
import hubmirror.workers.FixedLengthStream;
import hubmirror.workers.Headers;
import hubmirror.workers.Hex;
import hubmirror.workers.Promise;
import hubmirror.workers.RequestInit;
import hubmirror.workers.Response;
import hubmirror.workers.StreamPipeOptions;
import hubmirror.workers.StringPrototype;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSError;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * A blob stored in the edge cache without touching the client's stream: the client gets the upstream's body as
 * it is, and this fetches the same blob again (the last hop of the client's exchange: for Docker Hub the CDN's
 * signed URL, which costs no pull quota) and pipes it natively into {@code caches.default.put}. Java runs a fixed
 * amount of work per blob: the fetch, a check of its head, (with {@code VERIFY_BLOBS=digest}) a native hash of
 * what was stored, and the commit mark that a hit must come from, written only after the put resolved whole.
 * <ul>
 * <li>Length: the body goes through a {@code FixedLengthStream} of the length the client's answer declared, so a
 *     body that ends short (or a second answer of another length) fails the put and nothing is marked.</li>
 * <li>Deadline: the fetch and the pipe share one ({@link hubmirror.registry.BlobDeadline#fillMillis}), never off;
 *     a fill past it no longer holds its place as the blob's one fill in the isolate.</li>
 * <li>One fill per blob and isolate: a second client of a blob being filled is not a second fetch.</li>
 * </ul>
 */
public final class BlobFill {
    /**
     * How long a completed fill keeps its place: a client whose lookup missed just before the mark was written
     * would otherwise fetch the blob a second time.
     */
    private static final double DONE_MILLIS = 60000;
    /** Which fill stored a blob entry; its mark ({@link #markOf}) names the one that completed. */
    static final String FILL = "x-hubmirror-fill";

    /** A blob's commit mark ({@link hubmirror.registry.CacheKey#MARK_SUFFIX}). */
    static String markOf(String blobKey) {
        return StringPrototype.concat(blobKey, hubmirror.registry.CacheKey.MARK_SUFFIX, "");
    }

    private final String key;
    private final String markKey;
    private final Headers entry;
    private final Headers mark;
    private final double length;
    private final String algorithm;
    private final String expectedHex;
    /** {@code VERIFY_BLOBS=digest}: what was stored is hashed before it is marked. */
    private final boolean verifyDigest;
    /** The whole fill's deadline (the fetch's head and the pipe): {@code BlobDeadline.fillMillis}, never 0. */
    private final int deadlineMillis;
    /** The second answer while its body has not gone into the cache, freed if the fill fails first. */
    private Response pending;
    /** Whether an entry may have been written, to be deleted when the fill fails. */
    private boolean putStarted;
    /** Aborts the fetch and the pipe when the fill's deadline passes. */
    private AbortSignal signal;

    /**
     * @param entry the headers the blob is stored with, {@code mark} those of its commit mark
     * @param algorithm Web Crypto name of the digest's algorithm, {@code expectedHex} the digest's hex
     */
    BlobFill(String key, String markKey, Headers entry, Headers mark, double length, String algorithm,
            String expectedHex, boolean verifyDigest, int deadlineMillis) {
        this.key = key;
        this.markKey = markKey;
        this.entry = entry;
        this.mark = mark;
        this.length = length;
        this.algorithm = algorithm;
        this.expectedHex = expectedHex;
        this.verifyDigest = verifyDigest;
        this.deadlineMillis = deadlineMillis;
    }

    /** Whether a fill of {@code key} is under way in this isolate (within its deadline), or completed just now. */
    static boolean isRunning(String key) {
        // a place past its deadline counts as gone: the runtime may cancel a fill's waitUntil work without its end
        return Isolate.get().fills.holds(key, Clock.now());
    }

    /** Fetches {@code url} with {@code headers} into the cache; the promise settles when it is stored or given up. */
    Promise<JSUndefined> start(String url, Headers headers) {
        hold();
        return fill(refetch(url, headers, signal));
    }

    /** A second download of the last hop, as a fill makes it: a GET, no redirect followed, within {@code signal}. */
    static Promise<Response> refetch(String url, Headers headers, AbortSignal signal) {
        RequestInit init = RequestInit.create();
        init.setMethod("GET");
        init.setHeaders(headers);
        init.setRedirect("manual");
        init.setSignal(signal);
        return WorkerGlobalScope.fetch(url, init);
    }

    /** {@code source}'s body (the content bucket's copy of the blob) into the cache, as a fetched one would go. */
    Promise<JSUndefined> start(Promise<Response> source) {
        hold();
        return fill(source);
    }

    private void hold() {
        Isolate.get().fills.hold(key, Clock.stamp() + deadlineMillis);
        signal = AbortSignal.timeout(deadlineMillis);
    }

    private Promise<JSUndefined> fill(Promise<Response> source) {
        return source.flatThen(this::store)
                .flatThen(this::verify)
                .flatThen(this::commit)
                .flatCatchError(this::failed);
    }

    /**
     * The second answer, when it is the same whole blob, piped into the cache through its exact length. Both
     * must succeed: the put alone resolves even when its body broke off (workerd stores what arrived, measured
     * in Miniflare), so the pipe's own end — all {@code length} bytes written and the stream closed — is the
     * proof that the entry is whole.
     */
    private Promise<JSUndefined> store(Response answer) {
        pending = answer;
        if (!isWholeBlob(answer, length)) {
            return Promise.reject(notWhole(answer));
        }
        FixedLengthStream exact = new FixedLengthStream(length);
        Promise<JSUndefined> put = Cache.defaultCache().put(key,
                new Response(exact.getReadable(), Replies.init(200, entry)));
        putStarted = true;
        pending = null;
        return pipedInto(answer.getBody().pipeTo(exact.getWritable(), StreamPipeOptions.withSignal(signal)), put);
    }

    /**
     * A body piped into a store, and the store's own promise: both must succeed, for a store resolves even when its
     * body broke off (the pipe's end is the proof that it is whole). The store's result; or the pipe's failure, once
     * the store has settled too, so that what undoes it (a delete, an abort) comes after it.
     */
    static <T extends JSObject> Promise<T> pipedInto(Promise<JSUndefined> pipe, Promise<T> store) {
        return pipe.flatThen(piped -> store, failure -> store.then(stored -> (T) null, ignored -> (T) null)
                .flatThen(settled -> Promise.reject(failure)));
    }

    /** Whether a second download's answer is the same whole blob: 200, {@code length} bytes declared, not encoded. */
    static boolean isWholeBlob(Response answer, double length) {
        return answer.getStatus() == 200 && answer.getBody() != null && !answer.getHeaders().has("content-encoding")
                && Upstream.contentLength(answer.getHeaders().get("content-length")) == length;
    }

    static JSError notWhole(Response answer) {
        return new JSError("the upstream's second answer (" + answer.getStatus()
                + ") was not the same whole blob: another status, length or content coding");
    }

    /** {@code VERIFY_BLOBS=digest}: what the cache now holds, hashed natively. */
    private Promise<JSBoolean> verify(JSUndefined stored) {
        if (!verifyDigest) {
            return Promise.resolve(JSBoolean.valueOf(true));
        }
        return Cache.defaultCache().match(key).flatThen(this::hash);
    }

    private Promise<JSBoolean> hash(Response stored) {
        if (stored == null || stored.getBody() == null) {
            return Promise.reject(new JSError("the cache did not keep it"));
        }
        DigestStream digest = DigestStream.create(algorithm);
        return stored.getBody().pipeTo(digest, StreamPipeOptions.withSignal(signal))
                .flatThen(done -> digest.getDigest())
                .then(this::matches);
    }

    private JSBoolean matches(ArrayBuffer sum) {
        return JSBoolean.valueOf(Hex.of(sum).equals(expectedHex));
    }

    /** The mark that makes the entry servable, once it is whole (and verified, where that is the policy). */
    private Promise<JSUndefined> commit(JSBoolean verified) {
        if (!verified.booleanValue()) {
            return Promise.reject(new JSError("what was stored does not match its digest"));
        }
        return Cache.defaultCache().put(markKey, new Response("", Replies.init(200, mark)))
                .then(this::done);
    }

    private JSUndefined done(JSUndefined marked) {
        Isolate.get().fills.hold(key, Clock.stamp() + DONE_MILLIS);
        return marked;
    }

    /**
     * Logged, and the fill's place given up at once; what the put may have left is deleted (no mark names it, so it
     * is never served either way).
     */
    private Promise<JSUndefined> failed(JSObject failure) {
        Isolate.get().fills.release(key);
        if (pending != null) {
            Upstream.discard(pending);
        }
        WorkerGlobalScope.logError("hubmirror: not cached: " + key + ": " + WorkerGlobalScope.describe(failure));
        if (!putStarted) {
            return Promise.resolve(JSUndefined.instance());
        }
        return Cache.defaultCache().remove(key).then(removed -> JSUndefined.instance(), ignored -> JSUndefined.instance());
    }


}
