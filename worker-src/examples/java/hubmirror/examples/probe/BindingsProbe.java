package hubmirror.examples.probe;

import hubmirror.workers.Env;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.IdentityTransformStream;
import hubmirror.workers.Promise;
import hubmirror.workers.Request;
import hubmirror.workers.ScheduledController;
import hubmirror.workers.Response;
import hubmirror.workers.ResponseInit;
import hubmirror.workers.URL;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSExport;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSUndefined;

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

    /** The scheduled handler ({@code export default { scheduled }}): see {@link R2Probes#scheduled}. */
    @JSExport
    public static Promise<JSUndefined> scheduled(ScheduledController controller, Env env, ExecutionContext ctx) {
        return R2Probes.scheduled(controller, env, ctx);
    }

    private static Response failed(JSObject failure) {
        return new Response("probe failed: " + WorkerGlobalScope.describe(failure) + "\n" + stack(failure), init(500));
    }

    private Promise<Response> route() {
        BodyProbes body = new BodyProbes(request, ctx, url);
        PlatformProbes platform = new PlatformProbes(request, env, ctx, url);
        switch (url.getPathname()) {
            case "/promise": return body.promise();
            case "/request": return body.requestBodies();
            case "/response": return body.responseBodies();
            case "/streams": return body.streams();
            case "/transform": return Promise.resolve(body.transform());
            case "/identity": return Promise.resolve(new Response(
                    request.getBody().pipeThrough(new IdentityTransformStream()), init(200)));
            case "/fixed": return Promise.resolve(body.fixed());
            case "/cancel": return body.cancel();
            case "/crypto": return platform.crypto();
            case "/cache": return platform.cache();
            case "/kv": return platform.kv();
            case "/waituntil": return Promise.resolve(platform.waitUntil());
            case "/kv-get": return platform.kvGet();
            case "/ratelimit": return platform.rateLimit();
            case "/env": return Promise.resolve(json(platform.envFields()));
            case "/cf": return Promise.resolve(json(platform.cf()));
            case "/text": return Promise.resolve(json(platform.text()));
            case "/codecs": return platform.codecs();
            case "/timers": return platform.timers();
            case "/fetch": return platform.fetchWithSignals();
            case "/r2": return new R2Probes(request, env, url).put();
            case "/r2/read": return new R2Probes(request, env, url).read();
            case "/r2/multipart": return new R2Probes(request, env, url).multipart();
            case "/passthrough":
                ctx.passThroughOnException();
                throw new IllegalStateException("the probe fails on purpose: the request goes to the origin");
            default:
                return Promise.resolve(new Response("no such probe\n", init(404)));
        }
    }

    static Response json(JSObject value) {
        return Response.json(value, init(200));
    }

    static ResponseInit init(int status) {
        ResponseInit init = ResponseInit.create();
        init.setStatus(status);
        return init;
    }

    @org.teavm.jso.JSBody(params = "e", script = "return String(e && e.stack);")
    static native String stack(JSObject e);

    @org.teavm.jso.JSBody(params = "message", script = "return new Error(message);")
    static native JSObject error(String message);
}
