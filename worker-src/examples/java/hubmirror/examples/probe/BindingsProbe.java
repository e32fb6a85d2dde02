package hubmirror.examples.probe;

import hubmirror.workers.AbortController;
import hubmirror.workers.AbortSignal;
import hubmirror.workers.Base64;
import hubmirror.workers.Cache;
import hubmirror.workers.Crypto;
import hubmirror.workers.DOMException;
import hubmirror.workers.CryptoKey;
import hubmirror.workers.DigestStream;
import hubmirror.workers.Env;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.FixedLengthStream;
import hubmirror.workers.Headers;
import hubmirror.workers.Hex;
import hubmirror.workers.IdentityTransformStream;
import hubmirror.workers.IncomingRequestCfProperties;
import hubmirror.workers.Json;
import hubmirror.workers.KVNamespace;
import hubmirror.workers.Promise;
import hubmirror.workers.RateLimit;
import hubmirror.workers.ReadableStream;
import hubmirror.workers.Request;
import hubmirror.workers.RequestInit;
import hubmirror.workers.Response;
import hubmirror.workers.ResponseInit;
import hubmirror.workers.SubtleCrypto;
import hubmirror.workers.StringPrototype;
import hubmirror.workers.TextDecoder;
import hubmirror.workers.TextEncoder;
import hubmirror.workers.TransformStream;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;
import hubmirror.workers.WorkerGlobalScope;
import hubmirror.workers.WritableStreamDefaultWriter;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSString;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * Calls every binding of hubmirror-workers from Java and answers with what it observed, as JSON, so that
 * worker-src/test/runtime/bindings.test.mjs can check each against the runtime (Miniflare / workerd).
 * One path per binding; the test knows the expected values independently (RFC test vectors, node:crypto).
 */
public final class BindingsProbe {
    private final Request request;
    private final Env env;
    private final ExecutionContext ctx;
    private final URL url;

    private BindingsProbe(Request request, Env env, ExecutionContext ctx) {
        this.request = request;
        this.env = env;
        this.ctx = ctx;
        this.url = new URL(request.getUrl());
    }

    @JSExport
    public static Promise<Response> fetch(Request request, Env env, ExecutionContext ctx) {
        BindingsProbe probe = new BindingsProbe(request, env, ctx);
        if (probe.url.getPathname().equals("/passthrough")) {
            return probe.route();
        }
        try {
            return probe.route().catchError(BindingsProbe::failed);
        } catch (RuntimeException e) {
            return Promise.resolve(new Response("probe failed: " + e.getMessage(), init(500)));
        }
    }

    private static Response failed(JSObject failure) {
        return new Response("probe failed: " + WorkerGlobalScope.describe(failure) + "\n" + stack(failure), init(500));
    }

    private Promise<Response> route() {
        switch (url.getPathname()) {
            case "/promise": return promise();
            case "/request": return requestBodies();
            case "/response": return responseBodies();
            case "/streams": return streams();
            case "/transform": return Promise.resolve(transform());
            case "/identity": return Promise.resolve(new Response(
                    request.getBody().pipeThrough(new IdentityTransformStream()), init(200)));
            case "/fixed": return Promise.resolve(fixed());
            case "/cancel": return cancel();
            case "/crypto": return crypto();
            case "/cache": return cache();
            case "/kv": return kv();
            case "/waituntil": return Promise.resolve(waitUntil());
            case "/kv-get": return kvGet();
            case "/ratelimit": return rateLimit();
            case "/env": return Promise.resolve(json(envFields()));
            case "/cf": return Promise.resolve(json(cf()));
            case "/text": return Promise.resolve(json(text()));
            case "/codecs": return codecs();
            case "/timers": return timers();
            case "/fetch": return fetchWithSignals();
            case "/passthrough":
                ctx.passThroughOnException();
                throw new IllegalStateException("the probe fails on purpose: the request goes to the origin");
            default:
                return Promise.resolve(new Response("no such probe\n", init(404)));
        }
    }

    private Promise<Response> promise() {
        Fields out = Fields.create();
        boolean[] settled = new boolean[1];
        Promise<JSString> chain = Promise.resolve(JSString.valueOf("a"))
                .then((JSString s) -> JSString.valueOf(s.stringValue() + "b"))
                .flatThen((JSString s) -> Promise.resolve(JSString.valueOf(s.stringValue() + "c")))
                .onSettled(() -> settled[0] = true);
        Promise<JSString> caught = Promise.<JSString>reject(error("boom"))
                .catchError(e -> JSString.valueOf("caught " + WorkerGlobalScope.describe(e)));
        JSArray<Promise<JSNumber>> many = new JSArray<>();
        many.push(Promise.resolve(JSNumber.valueOf(1)));
        many.push(new Promise<JSNumber>((resolve, reject) -> resolve.resolve(JSNumber.valueOf(2))));
        many.push(new Promise<JSNumber>((resolve, reject) ->
                WorkerGlobalScope.setTimeout(() -> resolve.resolve(JSNumber.valueOf(3)), 5)));
        Promise<JSString> rejected = new Promise<JSString>((resolve, reject) -> reject.reject(error("no")))
                .then((JSString s) -> JSString.valueOf("not reached"), e -> JSString.valueOf("onRejected"));
        return chain.flatThen(c -> caught.flatThen(k -> Promise.all(many).flatThen(all -> rejected.then(r -> {
            out.put("chain", c).put("settled", settled[0]).put("caught", k).put("all", all).put("rejected", r);
            return json(out);
        }))));
    }

    private Promise<Response> requestBodies() {
        Fields out = Fields.create().put("method", request.getMethod()).put("url", request.getUrl())
                .put("contentType", request.getHeaders().get("content-type"));
        Request first = request.copy();
        Request second = request.copy();
        return first.text().flatThen(text -> second.arrayBuffer().flatThen(bytes -> request.json().then(parsed -> {
            out.put("text", text).put("byteLength", bytes.getByteLength()).put("field", Fields.field(parsed, "field"))
                    .put("bodyUsed", request.isBodyUsed());
            return json(out);
        })));
    }

    private Promise<Response> responseBodies() {
        Headers headers = new Headers();
        headers.set("x-probe", "1");
        ResponseInit init = init(201);
        init.setHeaders(headers);
        Response original = new Response("hello, response", init);
        Response copy = original.copy();
        Response fromBytes = new Response(new TextEncoder().encode("four"), init(200));
        Response fromBuffer = new Response(ArrayBuffer.create(7), init(200));
        Response asJson = Response.json(Fields.create().put("k", "v"), init(200));
        Fields out = Fields.create().put("status", original.getStatus()).put("ok", original.isOk())
                .put("header", original.getHeaders().get("x-probe"));
        return original.text().flatThen(a -> copy.text().flatThen(b -> fromBytes.arrayBuffer().flatThen(c ->
                fromBuffer.arrayBuffer().flatThen(d -> asJson.json().then(e -> {
                    out.put("text", a).put("cloneText", b).put("bytes", c.getByteLength())
                            .put("bufferBytes", d.getByteLength()).put("json", e)
                            .put("jsonType", asJson.getHeaders().get("content-type"));
                    return json(out);
                })))));
    }

    /** tee: one branch hashed natively by crypto.DigestStream, the other read as text. */
    private Promise<Response> streams() {
        JSArray<ReadableStream> branches = request.getBody().tee();
        DigestStream digest = DigestStream.create("SHA-256");
        Promise<JSUndefined> hashed = branches.get(0).pipeTo(digest);
        Promise<JSString> text = new Response(branches.get(1), init(200)).text();
        return hashed.flatThen(done -> digest.getDigest().flatThen(hash -> text.then(body -> json(
                Fields.create().put("sha256", Fields.hex(hash)).put("length", body.getLength())))));
    }

    /** The response goes out at once with the readable side; Java writes the body afterwards. */
    private Response transform() {
        TransformStream pipe = new TransformStream();
        WritableStreamDefaultWriter writer = pipe.getWritable().getWriter();
        TextEncoder encoder = new TextEncoder();
        ctx.waitUntil(writer.write(encoder.encode("written "))
                .flatThen(x -> writer.write(encoder.encode("later")))
                .flatThen(x -> writer.close()));
        return new Response(pipe.getReadable(), init(200));
    }

    private Response fixed() {
        double length = Double.parseDouble(url.getSearchParams().get("length"));
        return new Response(request.getBody().pipeThrough(new FixedLengthStream(length)), init(200));
    }

    private Promise<Response> cancel() {
        ReadableStream body = new Response("both branches", init(200)).getBody();
        boolean lockedBefore = body.isLocked();
        JSArray<ReadableStream> branches = body.tee();
        Fields out = Fields.create().put("lockedBefore", lockedBefore).put("lockedAfterTee", body.isLocked());
        return branches.get(0).cancel().flatThen(x -> new Response(branches.get(1), init(200)).text().then(rest -> {
            out.put("otherBranch", rest);
            return json(out);
        }));
    }

    private Promise<Response> crypto() {
        TextEncoder encoder = new TextEncoder();
        SubtleCrypto subtle = Crypto.subtle();
        Uint8Array message = encoder.encode("what do ya want for nothing?");
        Fields out = Fields.create();
        Uint8Array random = Crypto.getRandomValues(new Uint8Array(16));
        int nonZero = 0;
        for (int i = 0; i < random.getLength(); i++) {
            nonZero += random.get(i) != 0 ? 1 : 0;
        }
        out.put("uuid", Crypto.randomUUID()).put("randomNonZero", nonZero)
                .put("timingSafeEqual", Crypto.timingSafeEqual(encoder.encode("same"), encoder.encode("same")))
                .put("timingSafeDiffers", Crypto.timingSafeEqual(encoder.encode("same"), encoder.encode("sane")));
        return subtle.importHmacKey(encoder.encode("Jefe"), "SHA-256").flatThen((CryptoKey key) ->
                subtle.signHmac(key, message).flatThen(signature -> {
                    Uint8Array sig = new Uint8Array(signature);
                    out.put("hmac", Fields.hex(signature)).put("keyType", key.getType());
                    return subtle.verifyHmac(key, sig, message).flatThen(good ->
                            subtle.verifyHmac(key, sig, encoder.encode("what do ya want for nothing!"))
                                    .flatThen(bad -> subtle.digest("SHA-256", encoder.encode("abc")).then(sha -> {
                                        out.put("verified", good).put("tamperedVerified", bad).put("sha256", Fields.hex(sha));
                                        return json(out);
                                    })));
                }));
    }

    private Promise<Response> cache() {
        Cache cache = Cache.defaultCache();
        String key = "https://probe.test/cache/" + url.getSearchParams().get("id");
        Headers headers = new Headers();
        headers.set("cache-control", "public, max-age=600");
        headers.set("content-type", "text/plain");
        ResponseInit init = init(200);
        init.setHeaders(headers);
        Fields out = Fields.create();
        RequestInit rangeInit = RequestInit.create();
        Headers range = new Headers();
        range.set("range", "bytes=7-10");
        rangeInit.setHeaders(range);
        return cache.match(key).flatThen(before -> {
            out.put("missBefore", before == null);
            return cache.put(key, new Response("cached body", init));
        }).flatThen(x -> cache.match(key)).flatThen(hit -> hit.text().flatThen(body -> {
            out.put("hitBody", body);
            return cache.match(new Request(key, rangeInit));
        })).flatThen(partial -> partial.text().flatThen(part -> {
            out.put("rangeStatus", partial.getStatus()).put("rangeBody", part)
                    .put("contentRange", partial.getHeaders().get("content-range"));
            return cache.remove(key);
        })).flatThen(deleted -> {
            out.put("deleted", deleted);
            return Cache.open("probe-own-cache").flatThen(own -> own.match(key));
        }).flatThen(otherCache -> {
            out.put("otherCacheMiss", otherCache == null);
            return cache.match(key);
        }).then(after -> json(out.put("missAfter", after == null)));
    }

    private Promise<Response> kv() {
        KVNamespace kv = Env.kv(env, "PROBE_KV");
        Fields out = Fields.create();
        return kv.put("probe:a", "alpha").flatThen(x -> kv.put("probe:b", "{\"n\":2}", 3600))
                .flatThen(x -> kv.get("probe:a")).flatThen(a -> {
                    out.put("a", a.value());
                    return kv.getJson("probe:b");
                }).flatThen(b -> {
                    out.put("b", b);
                    return kv.getArrayBuffer("probe:a");
                }).flatThen(bytes -> {
                    out.put("aBytes", bytes.getByteLength());
                    return kv.list("probe:");
                }).flatThen(names -> {
                    out.put("names", names);
                    return kv.remove("probe:a");
                }).flatThen(x -> kv.get("probe:a")).then(gone -> json(out.put("afterDelete", gone)));
    }

    /** Answers before the write happens: only waitUntil keeps the isolate working on it. */
    private Response waitUntil() {
        String key = url.getSearchParams().get("key");
        KVNamespace kv = Env.kv(env, "PROBE_KV");
        ctx.waitUntil(new Promise<JSUndefined>((resolve, reject) ->
                WorkerGlobalScope.setTimeout(() -> resolve.resolve(JSUndefined.instance()), 200))
                .flatThen(x -> kv.put(key, "written after the response")));
        return json(Fields.create().put("scheduled", key));
    }

    private Promise<Response> kvGet() {
        return Env.kv(env, "PROBE_KV").get(url.getSearchParams().get("key"))
                .then(value -> json(Fields.create().put("value", value != null ? value.value() : null)));
    }

    private Promise<Response> rateLimit() {
        RateLimit limiter = Env.rateLimit(env, "PROBE_LIMIT");
        String key = url.getSearchParams().get("key");
        JSArray<Promise<JSBoolean>> outcomes = new JSArray<>();
        Promise<JSBoolean> previous = Promise.resolve(JSBoolean.valueOf(true));
        for (int i = 0; i < 5; i++) {
            // one after another, so the count is in order
            previous = previous.flatThen(x -> limiter.limit(key)).then(o -> JSBoolean.valueOf(o.isSuccess()));
            outcomes.push(previous);
        }
        return Promise.all(outcomes).then(all -> json(Fields.create().put("outcomes", all)));
    }

    private Fields envFields() {
        JSObject table = Env.getJson(env, "JSON_VAR");
        return Fields.create().put("greeting", Env.get(env, "GREETING")).put("secret", Env.get(env, "PROBE_SECRET"))
                .put("missing", Env.get(env, "NOT_SET") == null).put("jsonVar", table)
                .put("jsonVarAsString", Env.get(env, "JSON_VAR") == null)
                .put("stringAsJson", Env.getJson(env, "GREETING") == null)
                .put("kv", Env.kv(env, "PROBE_KV") != null).put("kvWrongName", Env.kv(env, "GREETING") == null)
                .put("rateLimit", Env.rateLimit(env, "PROBE_LIMIT") != null)
                .put("rateLimitWrongName", Env.rateLimit(env, "PROBE_KV") == null);
    }

    private Fields cf() {
        IncomingRequestCfProperties cf = request.getCf();
        if (cf == null) {
            return Fields.create().put("cf", false);
        }
        return Fields.create().put("cf", true).put("country", cf.getCountry()).put("colo", cf.getColo())
                .put("asn", cf.getAsn()).put("city", cf.getCity()).put("unknown", cf.get("noSuchField") == null);
    }

    private Fields text() {
        String s = "héllo ☃ 𝄞";
        Uint8Array bytes = new TextEncoder().encode(s);
        return Fields.create().put("byteLength", bytes.getLength()).put("roundTrip", new TextDecoder().decode(bytes))
                .put("fromBuffer", new TextDecoder("utf-8").decode(bytes.getBuffer()))
                .put("concat", StringPrototype.concat("a", "b", "c") + StringPrototype.concat("-", s, "-", "", "e"))
                .put("replaced", StringPrototype.replaceAll("{{x}} and {{x}}", "{{x}}", "$&"))
                .put("split", StringPrototype.split("a{{h}}b{{h}}", "{{h}}").join("-"));
    }

    /**
     * Json, Hex, Base64, URLSearchParams.delete, DOMException, RequestInit.setBodyText, Cache.defaultIfAvailable:
     * each with input it must refuse as well as input it takes.
     */
    private Promise<Response> codecs() {
        Fields out = codecFields();
        JSObject object = Json.parse("{\"k\":\"v\",\"n\":null,\"z\":1}");
        String[] keys = Json.keys(object);
        out.put("keys", keys.length + ":" + keys[0] + "," + keys[1] + "," + keys[2])
                .put("getK", Json.stringify(Json.get(object, "k")))
                .put("getNull", Json.get(object, "n") == null).put("getMissing", Json.get(object, "nope") == null)
                .put("getInherited", Json.get(object, "toString") == null)
                .put("timeoutIsTimeout", WorkerGlobalScope.isTimeout(new DOMException("late", "TimeoutError")))
                .put("abortIsTimeout", WorkerGlobalScope.isTimeout(new DOMException("gone", "AbortError")))
                .put("abortIsAbort", WorkerGlobalScope.isAbort(new DOMException("gone", "AbortError")))
                .put("cacheAvailable", Cache.defaultIfAvailable() != null);
        RequestInit post = RequestInit.create();
        post.setMethod("POST");
        post.setBodyText("a=1&b=2");
        return new Request("https://probe.test/form", post).text().then(body -> json(out.put("bodyText", body.stringValue())));
    }

    private Fields codecFields() {
        JSObject parsed = Json.parse(new TextEncoder().encode("{\"a\":[1,\"x\"],\"n\":2.5,\"s\":\"é\"}").getBuffer());
        URLSearchParams params = new URLSearchParams("a=1&ns=ghcr.io&b=2&ns=x");
        params.delete("ns");
        Uint8Array bytes = new Uint8Array(4);
        bytes.set(0, (short) 0xfb);
        bytes.set(1, (short) 0xff);
        bytes.set(2, (short) 0);
        bytes.set(3, (short) 0x41);
        Uint8Array decoded = Base64.fromUrl("-_8AQQ");
        return Fields.create()
                .put("parsed", Json.stringify(parsed))
                .put("isObject", Json.isObject(parsed)).put("arrayIsObject", Json.isObject(Json.parse("[1]")))
                .put("stringIsString", Json.isString(Json.parse("\"x\""))).put("numberIsString", Json.isString(Json.parse("1")))
                .put("nanIsNumber", Json.isNumber(JSNumber.valueOf(Double.NaN))).put("twoIsNumber", Json.isNumber(Json.parse("2")))
                .put("notJson", Json.parse("{nope") == null).put("notJsonBytes", Json.parse(new TextEncoder().encode("]").getBuffer()) == null)
                .put("seen", parsed != null)
                .put("hex", Hex.of(bytes.getBuffer()))
                .put("encode", Base64.encode("reader:s\u00e9cret")).put("encodeWide", Base64.encode("\u2603") == null)
                .put("decode", Base64.decode("cmVhZGVyOnM=")).put("decodeBad", Base64.decode("not base64!") == null)
                .put("url", Base64.url(bytes))
                .put("fromUrl", decoded == null ? "null" : Hex.of(decoded.getBuffer()))
                .put("fromUrlPadded", Base64.fromUrl("-_8AQQ==") == null)
                .put("fromUrlStandard", Base64.fromUrl("+/8AQQ") == null)
                .put("fromUrlStrayBits", Base64.fromUrl("-_8AQR") == null)
                .put("withoutNs", params.toString());
    }

    private Promise<Response> timers() {
        Fields out = Fields.create();
        boolean[] cleared = new boolean[1];
        int id = WorkerGlobalScope.setTimeout(() -> cleared[0] = true, 10);
        WorkerGlobalScope.clearTimeout(id);
        AbortController controller = new AbortController();
        AbortController other = new AbortController();
        JSArray<AbortSignal> signals = new JSArray<>();
        signals.push(controller.getSignal());
        signals.push(other.getSignal());
        AbortSignal any = AbortSignal.any(signals);
        out.put("anyBefore", any.isAborted());
        controller.abort(JSString.valueOf("stop"));
        out.put("aborted", controller.getSignal().isAborted()).put("reason", controller.getSignal().getReason())
                .put("anyAfter", any.isAborted()).put("anyReason", any.getReason())
                .put("alreadyAborted", AbortSignal.abort(JSString.valueOf("x")).isAborted());
        AbortSignal timeout = AbortSignal.timeout(10);
        out.put("timeoutBefore", timeout.isAborted());
        return new Promise<JSUndefined>((resolve, reject) -> WorkerGlobalScope.setTimeout(() -> resolve.resolve(JSUndefined.instance()), 60))
                .then(x -> {
                    out.put("timeoutAfter", timeout.isAborted())
                            .put("timeoutReason", WorkerGlobalScope.describe(timeout.getReason()))
                            .put("clearedTimerRan", cleared[0]);
                    return json(out);
                });
    }

    /** fetch(Request) to a server that answers, fetch(url, init) with a timeout signal to one that hangs. */
    private Promise<Response> fetchWithSignals() {
        Fields out = Fields.create();
        RequestInit hang = RequestInit.create();
        hang.setSignal(AbortSignal.timeout(200));
        return WorkerGlobalScope.fetch(new Request(url.getSearchParams().get("answers")))
                .flatThen(answer -> answer.text().flatThen(body -> {
                    out.put("status", answer.getStatus()).put("body", body);
                    return WorkerGlobalScope.fetch(url.getSearchParams().get("hangs"), hang);
                }))
                .then(r -> json(out.put("hangAnswered", true)),
                        e -> json(out.put("hangAborted", WorkerGlobalScope.isAbort(e))
                                .put("hangError", WorkerGlobalScope.describe(e))));
    }

    private static Response json(JSObject value) {
        return Response.json(value, init(200));
    }

    private static ResponseInit init(int status) {
        ResponseInit init = ResponseInit.create();
        init.setStatus(status);
        return init;
    }

    @org.teavm.jso.JSBody(params = "e", script = "return String(e && e.stack);")
    private static native String stack(JSObject e);

    @org.teavm.jso.JSBody(params = "message", script = "return new Error(message);")
    private static native JSObject error(String message);
}
