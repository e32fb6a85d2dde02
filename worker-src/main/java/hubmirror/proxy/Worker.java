package hubmirror.proxy;

import hubmirror.proxy.config.MirrorConfig;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.ops.HomePage;

import hubmirror.workers.Env;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.Request;
import hubmirror.workers.Response;
import org.teavm.jso.JSExport;
import hubmirror.workers.Promise;

/** The one export: the entry shim calls it for every request. */
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
}
