package hubmirror.examples.probe;

import hubmirror.workers.DigestStream;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.FixedLengthStream;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.ReadableStream;
import hubmirror.workers.Request;
import hubmirror.workers.Response;
import hubmirror.workers.ResponseInit;
import hubmirror.workers.TextEncoder;
import hubmirror.workers.TransformStream;
import hubmirror.workers.WorkerGlobalScope;
import hubmirror.workers.URL;
import hubmirror.workers.WritableStreamDefaultWriter;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSString;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * The probe's paths for Promise chains, request and response bodies, and streams (tee, TransformStream,
 * FixedLengthStream, cancel).
 */
final class BodyProbes {
    private final Request request;
    private final ExecutionContext ctx;
    private final URL url;

    BodyProbes(Request request, ExecutionContext ctx, URL url) {
        this.request = request;
        this.ctx = ctx;
        this.url = url;
    }


    Promise<Response> promise() {
        Fields out = Fields.create();
        boolean[] settled = new boolean[1];
        Promise<JSString> chain = Promise.resolve(JSString.valueOf("a"))
                .then((JSString s) -> JSString.valueOf(s.stringValue() + "b"))
                .flatThen((JSString s) -> Promise.resolve(JSString.valueOf(s.stringValue() + "c")))
                .onSettled(() -> settled[0] = true);
        Promise<JSString> caught = Promise.<JSString>reject(BindingsProbe.error("boom"))
                .catchError(e -> JSString.valueOf("caught " + WorkerGlobalScope.describe(e)));
        JSArray<Promise<JSNumber>> many = new JSArray<>();
        many.push(Promise.resolve(JSNumber.valueOf(1)));
        many.push(new Promise<JSNumber>((resolve, reject) -> resolve.resolve(JSNumber.valueOf(2))));
        many.push(new Promise<JSNumber>((resolve, reject) ->
                WorkerGlobalScope.setTimeout(() -> resolve.resolve(JSNumber.valueOf(3)), 5)));
        Promise<JSString> rejected = new Promise<JSString>((resolve, reject) -> reject.reject(BindingsProbe.error("no")))
                .then((JSString s) -> JSString.valueOf("not reached"), e -> JSString.valueOf("onRejected"));
        return chain.flatThen(c -> caught.flatThen(k -> Promise.all(many).flatThen(all -> rejected.then(r -> {
            out.put("chain", c).put("settled", settled[0]).put("caught", k).put("all", all).put("rejected", r);
            return BindingsProbe.json(out);
        }))));
    }

    Promise<Response> requestBodies() {
        Fields out = Fields.create().put("method", request.getMethod()).put("url", request.getUrl())
                .put("contentType", request.getHeaders().get("content-type"));
        Request first = request.copy();
        Request second = request.copy();
        return first.text().flatThen(text -> second.arrayBuffer().flatThen(bytes -> request.json().then(parsed -> {
            out.put("text", text).put("byteLength", bytes.getByteLength()).put("field", Fields.field(parsed, "field"))
                    .put("bodyUsed", request.isBodyUsed());
            return BindingsProbe.json(out);
        })));
    }

    Promise<Response> responseBodies() {
        Headers headers = new Headers();
        headers.set("x-probe", "1");
        ResponseInit init = BindingsProbe.init(201);
        init.setHeaders(headers);
        Response original = new Response("hello, response", init);
        Response copy = original.copy();
        Response fromBytes = new Response(new TextEncoder().encode("four"), BindingsProbe.init(200));
        Response fromBuffer = new Response(ArrayBuffer.create(7), BindingsProbe.init(200));
        Response asJson = Response.json(Fields.create().put("k", "v"), BindingsProbe.init(200));
        Fields out = Fields.create().put("status", original.getStatus()).put("ok", original.isOk())
                .put("header", original.getHeaders().get("x-probe"));
        return original.text().flatThen(a -> copy.text().flatThen(b -> fromBytes.arrayBuffer().flatThen(c ->
                fromBuffer.arrayBuffer().flatThen(d -> asJson.json().then(e -> {
                    out.put("text", a).put("cloneText", b).put("bytes", c.getByteLength())
                            .put("bufferBytes", d.getByteLength()).put("json", e)
                            .put("jsonType", asJson.getHeaders().get("content-type"));
                    return BindingsProbe.json(out);
                })))));
    }

    /** tee: one branch hashed natively by crypto.DigestStream, the other read as text. */
    Promise<Response> streams() {
        JSArray<ReadableStream> branches = request.getBody().tee();
        DigestStream digest = DigestStream.create("SHA-256");
        Promise<JSUndefined> hashed = branches.get(0).pipeTo(digest);
        Promise<JSString> text = new Response(branches.get(1), BindingsProbe.init(200)).text();
        return hashed.flatThen(done -> digest.getDigest().flatThen(hash -> text.then(body -> BindingsProbe.json(
                Fields.create().put("sha256", Fields.hex(hash)).put("length", body.getLength())))));
    }

    /** The response goes out at once with the readable side; Java writes the body afterwards. */
    Response transform() {
        TransformStream pipe = new TransformStream();
        WritableStreamDefaultWriter writer = pipe.getWritable().getWriter();
        TextEncoder encoder = new TextEncoder();
        ctx.waitUntil(writer.write(encoder.encode("written "))
                .flatThen(x -> writer.write(encoder.encode("later")))
                .flatThen(x -> writer.close()));
        return new Response(pipe.getReadable(), BindingsProbe.init(200));
    }

    Response fixed() {
        double length = Double.parseDouble(url.getSearchParams().get("length"));
        return new Response(request.getBody().pipeThrough(new FixedLengthStream(length)), BindingsProbe.init(200));
    }

    Promise<Response> cancel() {
        ReadableStream body = new Response("both branches", BindingsProbe.init(200)).getBody();
        boolean lockedBefore = body.isLocked();
        JSArray<ReadableStream> branches = body.tee();
        Fields out = Fields.create().put("lockedBefore", lockedBefore).put("lockedAfterTee", body.isLocked());
        return branches.get(0).cancel().flatThen(x -> new Response(branches.get(1), BindingsProbe.init(200)).text().then(rest -> {
            out.put("otherBranch", rest);
            return BindingsProbe.json(out);
        }));
    }
}
