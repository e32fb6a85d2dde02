package hubmirror.proxy;

import hubmirror.proxy.config.MirrorConfig;
import hubmirror.proxy.content.Prewarm;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.ops.HomePage;

import hubmirror.workers.Env;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.Request;
import hubmirror.workers.Response;
import hubmirror.workers.ScheduledController;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSExport;
import hubmirror.workers.Promise;
import org.teavm.jso.core.JSUndefined;

/** The exports: the entry shim calls {@code fetch} for every request and {@code scheduled} for every Cron run. */
public final class Worker {
    private Worker() {
    }

    @JSExport
    public static Promise<Response> fetch(Request request, Env env, ExecutionContext ctx, String homeHtml,
            String homeText) {
        try {
            return Mirror.handle(request, MirrorConfig.from(env), new HomePage(homeHtml, homeText), ctx);
        } catch (Throwable e) {
            return Promise.resolve(Replies.internalError(e));
        }
    }

    /**
     * A Cron Trigger's run ({@code [triggers] crons}): pre-warms the content bucket ({@link Prewarm}), kept going
     * after the handler returns by {@code ctx.waitUntil}.
     */
    @JSExport
    public static Promise<JSUndefined> scheduled(ScheduledController controller, Env env, ExecutionContext ctx) {
        MirrorConfig config = MirrorConfig.from(env);
        if (config.error != null) {
            WorkerGlobalScope.logError("hubmirror: no pre-warm run: the mirror is misconfigured: " + config.error);
            return Promise.resolve(JSUndefined.instance());
        }
        ctx.waitUntil(Prewarm.run(config, controller));
        return Promise.resolve(JSUndefined.instance());
    }
}
