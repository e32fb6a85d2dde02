package hubmirror.proxy;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.RegistryError;
import hubmirror.registry.RegistryRoute;
import hubmirror.registry.RequestPath;
import hubmirror.registry.TokenRealm;
import hubmirror.workers.Request;
import hubmirror.workers.Response;
import hubmirror.workers.URL;
import hubmirror.workers.Promise;

/** One request: decides between the registry API, the token endpoint and the home page. */
final class Mirror {
    final Request request;
    final MirrorConfig config;
    final URL url;
    final String method;
    final Replies replies;
    private final HomePage homePage;

    Mirror(Request request, MirrorConfig config, HomePage homePage) {
        this.request = request;
        this.config = config;
        this.url = new URL(request.getUrl());
        this.method = request.getMethod();
        this.replies = new Replies(request.getHeaders().get("origin"), url.getOrigin());
        this.homePage = homePage;
    }

    Promise<Response> handle() {
        String path = RequestPath.of(request.getUrl());
        if (method.equals("OPTIONS")) {
            return Promise.resolve(replies.preflight());
        }
        if (RequestPath.hasDotSegment(path)) {
            return replies.refuse(RegistryError.of(ErrorCode.NAME_INVALID, "the path has . or .. segments", null));
        }
        if (RegistryRoute.isRegistryPath(path)) {
            return new RegistryProxy(this).handle(path);
        }
        if (TokenRealm.isMirrorPath(path)) {
            return new TokenEndpoint(this).handle(path);
        }
        if (!RegistryRoute.isReadMethod(method)) {
            return replies.refuse(RegistryError.of(ErrorCode.UNSUPPORTED, "the home page only answers GET and HEAD"));
        }
        return Promise.resolve(homePage.response(this));
    }

    Upstream upstream(boolean longBody) {
        return new Upstream(config.upstreamTimeoutMillis, longBody);
    }
}
