package hubmirror.proxy;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.RegistryError;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * {@code docker search <host>/<term>}: {@code GET /v1/search?q=…&n=…&page=…}, answered from Docker Hub's search
 * API ({@code SEARCH_API}), and {@code GET /v1/_ping}, which the daemon asks first. Only the fields a search
 * result has are passed on (by allowlist), and the answer may be kept briefly by caches.
 */
final class Search {
    private static final int MAX_BODY = 1 << 20;
    private static final int MAX_QUERY = 256;

    private final Mirror mirror;

    Search(Mirror mirror) {
        this.mirror = mirror;
    }

    Promise<Response> handle(String path) {
        mirror.log.kind("search");
        if (!mirror.method.equals("GET") && !mirror.method.equals("HEAD")) {
            return mirror.replies.refuseMethod(RegistryProxy.ALLOW, "search only answers GET", null);
        }
        if (path.equals("/v1/_ping")) {
            return Promise.resolve(mirror.replies.json("true", "no-store"));
        }
        if (!path.equals("/v1/search")) {
            return mirror.replies.refuse(new RegistryError(ErrorCode.UNSUPPORTED, 404,
                    "this mirror speaks the v2 registry API; of v1 it answers only search", null));
        }
        URLSearchParams params = new URLSearchParams(mirror.url.getSearch());
        String q = params.get("q");
        String n = params.get("n");
        String page = params.get("page");
        int size = n == null ? 25 : (int) RegistryProxy.contentLength(n);
        int pageNumber = page == null ? 1 : (int) RegistryProxy.contentLength(page);
        if (q == null || q.trim().isEmpty() || q.length() > MAX_QUERY || size < 1 || size > 100 || pageNumber < 1 || pageNumber > 100) {
            return mirror.replies.refuse(new RegistryError(ErrorCode.UNSUPPORTED, 400, "a search needs q (at most "
                    + MAX_QUERY + " characters), and n and page from 1 to 100 when given", null));
        }
        URLSearchParams upstreamQuery = new URLSearchParams();
        upstreamQuery.append("q", q.trim());
        upstreamQuery.append("n", String.valueOf(size));
        upstreamQuery.append("page", String.valueOf(pageNumber));
        URL target = new URL(mirror.config.searchApi);
        target.setSearch(upstreamQuery.toString());
        Headers headers = new Headers();
        headers.set("accept", "application/json");
        Upstream upstream = new Upstream(mirror.config.upstreamTimeoutMillis);
        return upstream.send(target.getHref(), "GET", headers, null).flatThen(answer -> {
            if (answer.getStatus() != 200) {
                upstream.settled();
                Upstream.discard(answer);
                return Promise.resolve(mirror.replies.error(new RegistryError(ErrorCode.UNAVAILABLE, 502,
                        "Docker Hub's search answered " + answer.getStatus() + "; try again later", null)));
            }
            return upstream.readBody(answer, MAX_BODY).then(this::results, failure -> unreachable(upstream, failure));
        }, failure -> Promise.resolve(unreachable(upstream, failure)));
    }

    private Response results(ArrayBuffer body) {
        String filtered = filter(body);
        return filtered != null ? mirror.replies.json(filtered, "public, max-age=300") : mirror.replies.error(new RegistryError(
                ErrorCode.UNAVAILABLE, 502, "Docker Hub's search answered something that is not a search result", null));
    }

    private Response unreachable(Upstream upstream, JSObject failure) {
        upstream.settled();
        return mirror.replies.unreachable(failure, "Docker Hub's search");
    }

    // the search result's own fields, by allowlist; null for anything that is not one
    @JSBody(params = "body", script = "var doc;"
            + " try { doc = JSON.parse(new TextDecoder().decode(body)); } catch (err) { return null; }"
            + " if (!doc || !Array.isArray(doc.results)) return null;"
            + " var str = function (value) { return typeof value === 'string' ? value : ''; };"
            + " var num = function (value) { return typeof value === 'number' && isFinite(value) ? value : 0; };"
            + " var results = doc.results.slice(0, 100).map(function (found) { found = found || {}; return { name: str(found.name),"
            + "   description: str(found.description), star_count: num(found.star_count), is_official: found.is_official === true,"
            + "   is_automated: found.is_automated === true }; });"
            + " return JSON.stringify({ num_results: num(doc.num_results), num_pages: num(doc.num_pages), page: num(doc.page),"
            + "   page_size: num(doc.page_size), query: str(doc.query), results: results });")
    private static native String filter(ArrayBuffer body);
}
