package hubmirror.proxy.upstream;

import hubmirror.proxy.config.MirrorConfig;
import hubmirror.proxy.content.CachedPull;
import hubmirror.proxy.content.InFlight;
import hubmirror.proxy.http.ForwardedHeaders;
import hubmirror.proxy.v2.PullRequest;

import hubmirror.registry.HeaderPolicy;
import hubmirror.registry.RegistryRoute;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.StringPrototype;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSError;

/**
 * The one owner of a request's calls upstream: which of the client's headers go (by allowlist), with whose
 * credentials (the client's own for this upstream, or the mirror's identity for an anonymous client), the
 * exchange's timer and redirects ({@link Upstream}), and a registry's challenge after a redirect. The steps that
 * answer the client ({@link Relay}, {@link CachedPull}) ask it; it never answers the client itself.
 */
public final class Exchange {
    private final MirrorConfig config;
    private final PullRequest pull;
    private final Headers clientHeaders;
    /** What of the client's Authorization goes upstream (its own credentials for this upstream), or null. */
    private final String clientAuthorization;
    /**
     * The {@code Accept} sent upstream in place of the client's ({@link hubmirror.registry.ManifestAccept}'s
     * normal form, which keys a cached tag), or null for the client's own.
     */
    public final String accept;
    private Headers headers;
    private boolean headersMade;
    /** The failure {@link #send} rejects with when a header is too long to go upstream. */
    private JSObject tooLong;
    /** The mirror's identity while it pulls for an anonymous client, for challenges after a redirect. */
    private MirrorIdentity identity;
    private boolean hopAnswered;
    private Upstream upstream;

    private Exchange(MirrorConfig config, PullRequest pull, Headers clientHeaders, String clientAuthorization, String accept) {
        this.config = config;
        this.pull = pull;
        this.clientHeaders = clientHeaders;
        this.clientAuthorization = clientAuthorization;
        this.accept = accept;
    }

    /** @param clientAuthorization the client's own credentials for this upstream, or null (anonymous) */
    public static Exchange of(MirrorConfig config, PullRequest pull, Headers clientHeaders, String clientAuthorization) {
        return new Exchange(config, pull, clientHeaders, clientAuthorization, null);
    }

    /** This exchange asking the upstream with {@code accept} in place of the client's (before anything was sent). */
    public Exchange asking(String accept) {
        return new Exchange(config, pull, clientHeaders, clientAuthorization, accept);
    }

    /** No credentials of the client's go upstream: the mirror's identity, and the cache. */
    public boolean anonymous() {
        return clientAuthorization == null;
    }

    /**
     * The client's headers that go upstream, made on first use (a cache hit sends nothing upstream). Null when
     * one is longer than any registry client sends.
     */
    private Headers headers() {
        if (!headersMade) {
            headersMade = true;
            headers = ForwardedHeaders.from(clientHeaders);
            if (headers != null && anonymous()) {
                headers.remove("authorization");
            } else if (headers != null) {
                headers.set("authorization", clientAuthorization);
            }
            if (headers != null && accept != null) {
                // what a cached tag is keyed on is exactly what the upstream is asked with
                if (accept.isEmpty()) {
                    headers.remove("accept");
                } else {
                    headers.set("accept", accept);
                }
            }
        }
        return headers;
    }

    /**
     * Whether this request's upstream answer is the same for every client that asks it, so that concurrent
     * requests may share it ({@link InFlight}): its headers can go upstream, and none of them is a condition or a
     * range particular to this client.
     */
    public boolean shareable() {
        Headers headers = headers();
        if (headers == null) {
            return false;
        }
        String[] entries = Headers.entries(headers);
        for (int i = 0; i < entries.length; i += 2) {
            if (HeaderPolicy.isConditional(entries[i])) {
                return false;
            }
        }
        return true;
    }

    /**
     * The upstream's first answer (before redirects) to {@code method path}: with the mirror's identity for an
     * anonymous client, else with the client's credentials. Rejects with {@link #isHeaderTooLong} when a header
     * cannot go upstream.
     */
    public Promise<Response> send(String upstreamPath, String method) {
        Headers headers = headers();
        if (headers == null) {
            return refuseTooLong();
        }
        String target = StringPrototype.concat(pull.registry.entry.registry(), upstreamPath, pull.search);
        if (!anonymous()) {
            return plain(target, method, headers);
        }
        MirrorIdentity identity = new MirrorIdentity(config, pull.registry, pull.route.name(), headers);
        this.identity = identity;
        boolean counted = method.equals("GET") && pull.route.kind() == RegistryRoute.Kind.MANIFEST;
        Promise<Response> answer = identity.send(target, method, counted);
        upstream = identity.current();
        return answer.then(response -> {
            upstream = identity.current();
            return response;
        });
    }

    /**
     * {@code method path} upstream without the mirror's identity (the ping of {@code /v2/}, whose challenge the
     * client is to see), with the headers {@link #send} would send.
     */
    public Promise<Response> sendPlain(String upstreamPath, String method) {
        Headers headers = headers();
        return headers == null ? refuseTooLong() : plain(pull.registry.entry.registry() + upstreamPath, method, headers);
    }

    private Promise<Response> plain(String target, String method, Headers headers) {
        upstream = new Upstream(config.upstreamTimeoutMillis);
        return upstream.send(target, method, headers, null);
    }

    private Promise<Response> refuseTooLong() {
        tooLong = new JSError("a request header is too long");
        return Promise.reject(tooLong);
    }

    /** Whether {@code failure} is {@link #send}'s refusal of a header too long to go upstream. */
    public boolean isHeaderTooLong(JSObject failure) {
        return tooLong != null && failure == tooLong;
    }

    /** Why the redirect {@code answer} is not followed, or null when {@link #follow} may follow it. */
    String redirectRefusal(Response answer) {
        return upstream.refusal(answer);
    }

    /** The answer at the redirect's {@code Location} (see {@link Upstream#follow}). */
    Promise<Response> follow(Response redirect) {
        return upstream.follow(redirect);
    }

    /**
     * Whether {@code answer} is a 401 of a registry the upstream redirected to (registry.k8s.io →
     * *-docker.pkg.dev) that the mirror's identity has not yet answered.
     */
    boolean asksAfterRedirect(Response answer) {
        return answer.getStatus() == 401 && identity != null && upstream.hops() > 0 && !hopAnswered;
    }

    /** The redirected request again with the token that registry asks for (once per exchange). */
    Promise<Response> answerHop(Response challenge) {
        hopAnswered = true;
        return identity.answerHop(upstream, challenge);
    }

    /** The exchange under way (its timer, where its last hop went), for a body read and a blob fill. */
    public Upstream upstream() {
        return upstream;
    }

    /** An answer nobody will read: its connection freed, the exchange's timer stopped. */
    public void drop(Response answer) {
        Upstream.discard(answer);
        settle();
    }

    /** The answer needs nothing more from the upstream within the exchange's time: its timer stops. */
    public void settle() {
        if (upstream != null) {
            upstream.settled();
        }
    }
}
