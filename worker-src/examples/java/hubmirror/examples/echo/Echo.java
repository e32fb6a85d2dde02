package hubmirror.examples.echo;

import hubmirror.workers.Env;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Request;
import hubmirror.workers.Response;
import hubmirror.workers.ResponseInit;
import org.teavm.jso.JSExport;

/** Hello world: answers with the request's own body (streamed, untouched) and what it saw of the request. */
public final class Echo {
    private Echo() {
    }

    @JSExport
    public static Promise<Response> fetch(Request request, Env env, ExecutionContext ctx) {
        Headers headers = new Headers();
        String type = request.getHeaders().get("content-type");
        headers.set("content-type", type != null ? type : "text/plain; charset=utf-8");
        headers.set("x-echo-method", request.getMethod());
        headers.set("x-echo-url", request.getUrl());
        String greeting = Env.get(env, "GREETING");
        ResponseInit init = ResponseInit.create();
        init.setStatus(200);
        init.setHeaders(headers);
        Response response = request.getBody() != null
                ? new Response(request.getBody(), init)
                : new Response((greeting != null ? greeting : "hello") + " from Java\n", init);
        return Promise.resolve(response);
    }
}
