package hubmirror.examples.probe;

import hubmirror.workers.Env;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.FixedLengthStream;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.R2GetOptions;
import hubmirror.workers.R2HttpMetadata;
import hubmirror.workers.R2MultipartUpload;
import hubmirror.workers.R2PutOptions;
import hubmirror.workers.R2Range;
import hubmirror.workers.Request;
import hubmirror.workers.Response;
import hubmirror.workers.ScheduledController;
import hubmirror.workers.URL;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSString;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * The probe's paths for R2 ({@code PROBE_R2}) and the scheduled handler. The test sends the bytes and their SHA-256
 * (computed by node:crypto) and checks what R2 answered: a put checked against its digest, head, a ranged and a
 * conditional get, custom and HTTP metadata, list, a multipart upload, delete.
 */
final class R2Probes {
    private final Request request;
    private final Env env;
    private final URL url;

    R2Probes(Request request, Env env, URL url) {
        this.request = request;
        this.env = env;
        this.url = url;
    }

    private R2Bucket bucket() {
        return Env.r2(env, "PROBE_R2");
    }

    /** POST /r2?key=K&sha256=H&length=N with the bytes as the body: put with the digest checked, then read back. */
    Promise<Response> put() {
        String key = url.getSearchParams().get("key");
        double length = Double.parseDouble(url.getSearchParams().get("length"));
        R2HttpMetadata http = R2HttpMetadata.create();
        http.setContentType("application/octet-stream");
        http.setCacheControl("public, max-age=31536000, immutable");
        R2PutOptions options = R2PutOptions.create().customMetadata("digest", "sha256:" + url.getSearchParams().get("sha256"));
        options.setHttpMetadata(http);
        options.setSha256(url.getSearchParams().get("sha256"));
        FixedLengthStream exact = new FixedLengthStream(length);
        Promise<JSUndefined> piped = request.getBody().pipeTo(exact.getWritable());
        Fields out = Fields.create();
        return bucket().put(key, exact.getReadable(), options).<JSObject>then(stored -> {
            out.put("stored", true).put("size", stored.getSize()).put("etag", stored.getEtag());
            return out;
        }, failure -> {
            out.put("stored", false).put("error", WorkerGlobalScope.describe(failure));
            return out;
        }).flatThen(done -> piped.catchError(x -> null).then(x -> BindingsProbe.json(done)));
    }

    /** GET /r2/read?key=K&offset=O&length=L&etag=E: head, a ranged get, a conditional get, list, what is missing. */
    Promise<Response> read() {
        String key = url.getSearchParams().get("key");
        R2GetOptions ranged = R2GetOptions.create();
        ranged.setRange(R2Range.Of.of(Double.parseDouble(url.getSearchParams().get("offset")),
                Double.parseDouble(url.getSearchParams().get("length"))));
        R2GetOptions unchanged = R2GetOptions.create();
        Headers conditions = new Headers();
        conditions.set("if-none-match", "\"" + url.getSearchParams().get("etag") + "\"");
        unchanged.setOnlyIf(conditions);
        Fields out = Fields.create();
        R2Bucket bucket = bucket();
        return bucket.head(key).flatThen(head -> {
            Headers written = new Headers();
            head.writeHttpMetadata(written);
            out.put("headSize", head.getSize()).put("httpEtag", head.getHttpEtag()).put("hasBody", head.hasBody())
                    .put("digest", head.customMetadata("digest")).put("contentType", written.get("content-type"))
                    .put("cacheControl", head.getHttpMetadata().getCacheControl());
            return bucket.get(key, ranged);
        }).flatThen(part -> {
            R2Range range = part.range();
            out.put("rangeOffset", R2Range.Of.offsetOf(range)).put("rangeLength", R2Range.Of.lengthOf(range));
            return part.arrayBuffer();
        }).flatThen(bytes -> {
            out.put("rangeHex", Fields.hex(bytes));
            return bucket.get(key, unchanged);
        }).flatThen(notModified -> {
            out.put("conditionalHasBody", notModified.hasBody());
            return bucket.get("no-such-key");
        }).flatThen(missing -> {
            out.put("missingIsNull", missing == null);
            return bucket.list("", 10, null);
        }).then(page -> {
            JSArray<JSString> keys = new JSArray<>();
            for (int i = 0; i < page.getObjects().getLength(); i++) {
                keys.push(JSString.valueOf(page.getObjects().get(i).getKey()));
            }
            out.put("listed", keys).put("truncated", page.isTruncated());
            return BindingsProbe.json(out);
        });
    }

    /** POST /r2/multipart?key=K: two parts (5 MiB of 'a', then "tail"), completed; then read back and deleted. */
    Promise<Response> multipart() {
        String key = url.getSearchParams().get("key");
        R2Bucket bucket = bucket();
        Fields out = Fields.create();
        JSArray<R2MultipartUpload.UploadedPart> parts = new JSArray<>();
        return bucket.createMultipartUpload(key, R2PutOptions.create()).flatThen(upload -> {
            out.put("uploadId", !upload.getUploadId().isEmpty());
            R2MultipartUpload resumed = bucket.resumeMultipartUpload(key, upload.getUploadId());
            return resumed.uploadPart(1, new Response(filled(5 << 20), BindingsProbe.init(200)).getBody())
                    .flatThen(first -> {
                        parts.push(first);
                        return resumed.uploadPart(2, new Response("tail", BindingsProbe.init(200)).getBody());
                    }).flatThen(second -> {
                        parts.push(second);
                        out.put("partNumbers", parts.get(0).getPartNumber() * 10 + parts.get(1).getPartNumber());
                        return resumed.complete(parts);
                    });
        }).flatThen(done -> {
            out.put("size", done.getSize());
            return bucket.createMultipartUpload(key + ".aborted", R2PutOptions.create());
        }).flatThen(other -> other.abort()).flatThen(x -> bucket.head(key + ".aborted")).flatThen(aborted -> {
            out.put("abortedIsNull", aborted == null);
            return bucket.remove(key);
        }).flatThen(x -> bucket.head(key)).then(gone -> {
            out.put("deletedIsNull", gone == null);
            return BindingsProbe.json(out);
        });
    }

    @JSBody(params = "size", script = "return new Uint8Array(size).fill(97);")
    private static native Uint8Array filled(int size);

    /** The scheduled handler: records the run in R2 from waitUntil, after the handler has returned. */
    static Promise<JSUndefined> scheduled(ScheduledController controller, Env env, ExecutionContext ctx) {
        R2Bucket bucket = Env.r2(env, "PROBE_R2");
        String record = "{\"cron\":\"" + controller.getCron() + "\",\"scheduledTime\":" + controller.getScheduledTime() + "}";
        Promise<JSObject> later = new Promise<>((resolve, reject) -> WorkerGlobalScope.setTimeout(() -> resolve.resolve(null), 10));
        ctx.waitUntil(later.flatThen(x -> bucket.put("scheduled-run", record, null)));
        return Promise.resolve(JSUndefined.instance());
    }
}
