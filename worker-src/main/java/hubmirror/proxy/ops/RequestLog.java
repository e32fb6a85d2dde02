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

    /** Why the request went the way it did; notes add up, in the order they were made. */
    public void note(String why) {
        note = note == null ? why : note + "; " + why;
    }

    /** The answer with its {@code X-Cache} (for a registry answer), and the log line written. */
    public Response finish(Response response, String country) {
        if (cache != null) {
            response.getHeaders().set("x-cache", cache);
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
        line.setMs(now - started);
        line.setRatelimitRemaining(upstreamRemaining);
        line.setCountry(country);
        line.setUser(user);
        line.setNote(note);
        WorkerGlobalScope.log(Json.stringify(line));
        return response;
    }
}
