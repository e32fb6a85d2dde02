package hubmirror.examples.probe;

import hubmirror.workers.AbortController;
import hubmirror.workers.AbortSignal;
import hubmirror.workers.Base64;
import hubmirror.workers.Cache;
import hubmirror.workers.Crypto;
import hubmirror.workers.DOMException;
import hubmirror.workers.CryptoKey;
import hubmirror.workers.Env;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.Headers;
import hubmirror.workers.Hex;
import hubmirror.workers.IncomingRequestCfProperties;
import hubmirror.workers.Json;
import hubmirror.workers.KVNamespace;
import hubmirror.workers.Promise;
import hubmirror.workers.RateLimit;
import hubmirror.workers.Request;
import hubmirror.workers.RequestInit;
import hubmirror.workers.Response;
import hubmirror.workers.ResponseInit;
import hubmirror.workers.SubtleCrypto;
import hubmirror.workers.StringPrototype;
import hubmirror.workers.TextDecoder;
import hubmirror.workers.TextEncoder;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSString;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * The probe's paths for the platform: WebCrypto, the Cache API, KV, waitUntil, the Rate Limiting binding, env,
 * request.cf, text codecs, timers, fetch with signals.
 */
final class PlatformProbes {
    private final Request request;
    private final Env env;
    private final ExecutionContext ctx;
    private final URL url;

    PlatformProbes(Request request, Env env, ExecutionContext ctx, URL url) {
        this.request = request;
        this.env = env;
        this.ctx = ctx;
        this.url = url;
    }


    Promise<Response> crypto() {
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
                                        return BindingsProbe.json(out);
                                    })));
                }));
    }

    Promise<Response> cache() {
        Cache cache = Cache.defaultCache();
        String key = "https://probe.test/cache/" + url.getSearchParams().get("id");
        Headers headers = new Headers();
        headers.set("cache-control", "public, max-age=600");
        headers.set("content-type", "text/plain");
        ResponseInit init = BindingsProbe.init(200);
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
        }).then(after -> BindingsProbe.json(out.put("missAfter", after == null)));
    }

    Promise<Response> kv() {
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
                }).flatThen(x -> kv.get("probe:a")).then(gone -> BindingsProbe.json(out.put("afterDelete", gone)));
    }

    /** Answers before the write happens: only waitUntil keeps the isolate working on it. */
    Response waitUntil() {
        String key = url.getSearchParams().get("key");
        KVNamespace kv = Env.kv(env, "PROBE_KV");
        ctx.waitUntil(new Promise<JSUndefined>((resolve, reject) ->
                WorkerGlobalScope.setTimeout(() -> resolve.resolve(JSUndefined.instance()), 200))
                .flatThen(x -> kv.put(key, "written after the response")));
        return BindingsProbe.json(Fields.create().put("scheduled", key));
    }

    Promise<Response> kvGet() {
        return Env.kv(env, "PROBE_KV").get(url.getSearchParams().get("key"))
                .then(value -> BindingsProbe.json(Fields.create().put("value", value != null ? value.value() : null)));
    }

    Promise<Response> rateLimit() {
        RateLimit limiter = Env.rateLimit(env, "PROBE_LIMIT");
        String key = url.getSearchParams().get("key");
        JSArray<Promise<JSBoolean>> outcomes = new JSArray<>();
        Promise<JSBoolean> previous = Promise.resolve(JSBoolean.valueOf(true));
        for (int i = 0; i < 5; i++) {
            // one after another, so the count is in order
            previous = previous.flatThen(x -> limiter.limit(key)).then(o -> JSBoolean.valueOf(o.isSuccess()));
            outcomes.push(previous);
        }
        return Promise.all(outcomes).then(all -> BindingsProbe.json(Fields.create().put("outcomes", all)));
    }

    Fields envFields() {
        JSObject table = Env.getJson(env, "JSON_VAR");
        return Fields.create().put("greeting", Env.get(env, "GREETING")).put("secret", Env.get(env, "PROBE_SECRET"))
                .put("missing", Env.get(env, "NOT_SET") == null).put("jsonVar", table)
                .put("jsonVarAsString", Env.get(env, "JSON_VAR") == null)
                .put("stringAsJson", Env.getJson(env, "GREETING") == null)
                .put("kv", Env.kv(env, "PROBE_KV") != null).put("kvWrongName", Env.kv(env, "GREETING") == null)
                .put("rateLimit", Env.rateLimit(env, "PROBE_LIMIT") != null)
                .put("rateLimitWrongName", Env.rateLimit(env, "PROBE_KV") == null);
    }

    Fields cf() {
        IncomingRequestCfProperties cf = request.getCf();
        if (cf == null) {
            return Fields.create().put("cf", false);
        }
        return Fields.create().put("cf", true).put("country", cf.getCountry()).put("colo", cf.getColo())
                .put("asn", cf.getAsn()).put("city", cf.getCity()).put("unknown", cf.get("noSuchField") == null);
    }

    Fields text() {
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
    Promise<Response> codecs() {
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
        return new Request("https://probe.test/form", post).text().then(body -> BindingsProbe.json(out.put("bodyText", body.stringValue())));
    }

    Fields codecFields() {
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

    Promise<Response> timers() {
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
                    return BindingsProbe.json(out);
                });
    }

    /** fetch(Request) to a server that answers, fetch(url, init) with a timeout signal to one that hangs. */
    Promise<Response> fetchWithSignals() {
        Fields out = Fields.create();
        RequestInit hang = RequestInit.create();
        hang.setSignal(AbortSignal.timeout(200));
        return WorkerGlobalScope.fetch(new Request(url.getSearchParams().get("answers")))
                .flatThen(answer -> answer.text().flatThen(body -> {
                    out.put("status", answer.getStatus()).put("body", body);
                    return WorkerGlobalScope.fetch(url.getSearchParams().get("hangs"), hang);
                }))
                .then(r -> BindingsProbe.json(out.put("hangAnswered", true)),
                        e -> BindingsProbe.json(out.put("hangAborted", WorkerGlobalScope.isAbort(e))
                                .put("hangError", WorkerGlobalScope.describe(e))));
    }
}
