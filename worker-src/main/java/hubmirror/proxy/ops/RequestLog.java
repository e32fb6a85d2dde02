package hubmirror.proxy.ops;

import hubmirror.proxy.upstream.Upstream;

import hubmirror.workers.Json;
import hubmirror.workers.Response;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSDate;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;

/**
 * What one request turned out to be, and the only writer of its log line and its {@code X-Cache}: the steps of
 * the request record what they learn (its kind, upstream, repository, user; how the cache took part; why, in
 * order), and {@link #finish} writes both once, when the answer is known. One JSON line per request
 * ({@code console.log}, kept by Workers Logs with {@code [observability]}); never a header's value but the ones
 * named here, never a credential.
 */
public final class RequestLog {
    /** The line as Workers Logs indexes it. */
    interface Line extends JSObject {
        @JSProperty
        void setTime(String time);

        @JSProperty
        void setMethod(String method);

        @JSProperty
        void setKind(String kind);

        @JSProperty
        void setUpstream(String upstream);

        @JSProperty
        void setRepository(String repository);

        @JSProperty
        void setStatus(int status);

        @JSProperty
        void setBytes(JSObject bytes);

        @JSProperty
        void setCache(String cache);

        @JSProperty
        void setTier(String tier);

        @JSProperty
        void setMs(double ms);

        @JSProperty("ratelimit_remaining")
        void setRatelimitRemaining(String remaining);

        @JSProperty
        void setCountry(String country);

        @JSProperty
        void setUser(String user);

        @JSProperty
        void setNote(String note);
    }

    private final String method;
    private final double started = JSDate.now();
    private String kind;
    private String upstream;
    private String repository;
    private String user;
    private String upstreamRemaining;
    /** {@code X-Cache} of a registry answer ({@code HIT}, {@code MISS}, {@code STALE}, {@code BYPASS}); null elsewhere. */
    private String cache;
    /** Which content tier served a hit ({@code edge}, {@code r2}); null: the edge cache. */
    private String hitTier;
    private String note;

    public RequestLog(String method) {
        this.method = method;
    }

    public void kind(String kind) {
        this.kind = kind;
    }

    public void upstream(String upstream) {
        this.upstream = upstream;
    }

    public void repository(String repository) {
        this.repository = repository;
    }

    /** The mirror user ({@code MIRROR_USERS}) the request is from, once known. */
    public void user(String user) {
        this.user = user;
    }

    /** The upstream's {@code RateLimit-Remaining}, as it said it. */
    public void upstreamRemaining(String remaining) {
        this.upstreamRemaining = remaining;
    }

    /** How the cache took part in the answer, as it stands now (a later step may know better). */
    public void cache(String status) {
        this.cache = status;
    }

    /** Which content tier a hit comes from ({@code r2}); without it a hit is the edge cache's. */
    public void hitTier(String tier) {
        this.hitTier = tier;
    }

    /**
     * {@code X-Cache-Tier}: the tier that answered — {@code edge} or {@code r2} for a hit (and a stale hit), else
     * {@code upstream}.
     */
    private String tier() {
        boolean hit = "HIT".equals(cache) || "STALE".equals(cache);
        return !hit ? "upstream" : hitTier != null ? hitTier : "edge";
    }

    /** Why the request went the way it did; notes add up, in the order they were made. */
    public void note(String why) {
        note = note == null ? why : note + "; " + why;
    }

    /** The answer with its {@code X-Cache} (for a registry answer), and the log line written. */
    public Response finish(Response response, String country) {
        String tier = cache != null ? tier() : null;
        if (cache != null) {
            response.getHeaders().set("x-cache", cache);
            response.getHeaders().set("x-cache-tier", tier);
        }
        double now = JSDate.now();
        Line line = JSObjects.create();
        line.setTime(JSDate.create(now).toISOString());
        line.setMethod(method);
        line.setKind(kind);
        line.setUpstream(upstream);
        line.setRepository(repository);
        line.setStatus(response.getStatus());
        String length = response.getHeaders().get("content-length");
        double bytes = Upstream.contentLength(length);
        line.setBytes(bytes >= 0 ? JSNumber.valueOf(bytes) : null);
        line.setCache(cache);
        line.setTier(tier);
        line.setMs(now - started);
        line.setRatelimitRemaining(upstreamRemaining);
        line.setCountry(country);
        line.setUser(user);
        line.setNote(note);
        WorkerGlobalScope.log(Json.stringify(line));
        return response;
    }
}
