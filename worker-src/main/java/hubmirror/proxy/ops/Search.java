package hubmirror.proxy.ops;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.proxy.v2.RegistryProxy;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.RegistryError;
import hubmirror.workers.Headers;
import hubmirror.workers.Json;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * {@code docker search <host>/<term>}: {@code GET /v1/search?q=…&n=…&page=…}, answered from Docker Hub's search
 * API ({@code SEARCH_API}), and {@code GET /v1/_ping}, which the daemon asks first. Only the fields a search
 * result has are passed on (by allowlist), and the answer may be kept briefly by caches.
 */
public final class Search {
    private static final int MAX_BODY = 1 << 20;
    private static final int MAX_QUERY = 256;

    private final Mirror mirror;

    public Search(Mirror mirror) {
        this.mirror = mirror;
    }

    public Promise<Response> handle(String path) {
        mirror.log.kind("search");
        if (!mirror.method.equals("GET") && !mirror.method.equals("HEAD")) {
            return mirror.replies.refuseMethod(RegistryProxy.ALLOW, "search only answers GET", null);
        }
        if (path.equals("/v1/_ping")) {
            return Promise.resolve(mirror.replies.json("true", "no-store"));
        }
        if (!path.equals("/v1/search")) {
            return mirror.replies.refuse(new RegistryError(ErrorCode.NOT_FOUND, 404,
                    "this mirror speaks the v2 registry API; of v1 it answers only search", null));
        }
        URLSearchParams params = new URLSearchParams(mirror.url.getSearch());
        String q = params.get("q");
        String n = params.get("n");
        String page = params.get("page");
        int size = n == null ? 25 : (int) Upstream.contentLength(n);
        int pageNumber = page == null ? 1 : (int) Upstream.contentLength(page);
        if (q == null || q.trim().isEmpty() || q.length() > MAX_QUERY || size < 1 || size > 100 || pageNumber < 1 || pageNumber > 100) {
            return mirror.replies.refuse(new RegistryError(ErrorCode.REQUEST_INVALID, 400, "a search needs q (at most "
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
    /** Docker Hub's search answer as it is read (each field checked before use), and as the mirror writes it. */
    interface Page extends JSObject {
        @JSProperty
        JSObject getResults();

        @JSProperty("num_results")
        JSObject getNumResults();

        @JSProperty("num_pages")
        JSObject getNumPages();

        @JSProperty("page")
        JSObject getPage();

        @JSProperty("page_size")
        JSObject getPageSize();

        @JSProperty
        JSObject getQuery();

        @JSProperty
        void setResults(JSArray<JSObject> results);

        @JSProperty("num_results")
        void setNumResults(double count);

        @JSProperty("num_pages")
        void setNumPages(double count);

        @JSProperty("page")
        void setPage(double page);

        @JSProperty("page_size")
        void setPageSize(double size);

        @JSProperty
        void setQuery(String query);
    }

    /** One result, with the fields {@code docker search} prints. */
    interface Found extends JSObject {
        @JSProperty
        JSObject getName();

        @JSProperty
        JSObject getDescription();

        @JSProperty("star_count")
        JSObject getStarCount();

        @JSProperty("is_official")
        JSObject getIsOfficial();

        @JSProperty("is_automated")
        JSObject getIsAutomated();

        @JSProperty
        void setName(String name);

        @JSProperty
        void setDescription(String description);

        @JSProperty("star_count")
        void setStarCount(double stars);

        @JSProperty("is_official")
        void setIsOfficial(boolean official);

        @JSProperty("is_automated")
        void setIsAutomated(boolean automated);
    }

    /** The search answer with only a search result's fields (by allowlist, at most 100 results); null if it is none. */
    private static String filter(ArrayBuffer body) {
        JSObject parsed = Json.parse(body);
        if (parsed == null || !Json.isObject(parsed) || !JSArray.isArray(((Page) parsed).getResults())) {
            return null;
        }
        Page doc = (Page) parsed;
        JSArray<JSObject> given = (JSArray<JSObject>) doc.getResults();
        JSArray<JSObject> results = JSArray.create();
        for (int i = 0; i < given.getLength() && i < 100; i++) {
            JSObject item = given.get(i);
            Found found = item != null && Json.isObject(item) ? (Found) item : JSObjects.create();
            Found kept = JSObjects.create();
            kept.setName(text(found.getName()));
            kept.setDescription(text(found.getDescription()));
            kept.setStarCount(number(found.getStarCount()));
            kept.setIsOfficial(isTrue(found.getIsOfficial()));
            kept.setIsAutomated(isTrue(found.getIsAutomated()));
            results.push(kept);
        }
        Page out = JSObjects.create();
        out.setNumResults(number(doc.getNumResults()));
        out.setNumPages(number(doc.getNumPages()));
        out.setPage(number(doc.getPage()));
        out.setPageSize(number(doc.getPageSize()));
        out.setQuery(text(doc.getQuery()));
        out.setResults(results);
        return Json.stringify(out);
    }

    private static String text(JSObject value) {
        return Json.isString(value) ? ((JSString) value).stringValue() : "";
    }

    private static double number(JSObject value) {
        return Json.isNumber(value) ? ((JSNumber) value).doubleValue() : 0;
    }

    private static boolean isTrue(JSObject value) {
        return value != null && JSObjects.typeOf(value).equals("boolean") && ((JSBoolean) value).booleanValue();
    }
}
