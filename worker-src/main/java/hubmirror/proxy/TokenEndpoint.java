package hubmirror.proxy;

import hubmirror.registry.ErrorCode;
import hubmirror.registry.RegistryError;
import hubmirror.registry.Scope;
import hubmirror.registry.TokenRealm;
import hubmirror.workers.Headers;
import hubmirror.workers.Response;
import hubmirror.workers.Promise;
import hubmirror.workers.URL;
import hubmirror.workers.URLSearchParams;
import java.util.List;
import org.teavm.jso.JSObject;

/**
 * {@code /token}: the realm the mirror hands to clients. It asks the upstream's token service for the
 * token, with short names in scopes made {@code library/…} and the client's credentials passed through,
 * so {@code docker login <mirror>} works with a Docker Hub account.
 */
final class TokenEndpoint {
    // What a token request legitimately carries; nothing else of the client's goes to the auth service.
    private static final String[] FORWARDED = {"authorization", "accept", "user-agent", "content-type"};
    private static final String[] RETURNED = {"content-type", "cache-control", "www-authenticate"};

    private final Mirror mirror;

    TokenEndpoint(Mirror mirror) {
        this.mirror = mirror;
    }

    Promise<Response> handle(String path) {
        String method = mirror.method;
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("POST")) {
            return mirror.replies.refuse(RegistryError.of(ErrorCode.UNSUPPORTED, "the token endpoint answers GET and POST"));
        }
        String relative = TokenRealm.relativeFromMirrorPath(path);
        if (relative == null) {
            return mirror.replies.refuse(RegistryError.of(ErrorCode.NAME_UNKNOWN, "no such token endpoint", path));
        }
        URL target = new URL(mirror.config.upstreamAuth + relative);
        URLSearchParams query = target.getSearchParams();
        boolean[] badScope = new boolean[1];
        mirror.url.getSearchParams().forEach((value, name) -> {
            if (!name.equals("scope")) {
                query.append(name, value);
                return;
            }
            List<String> scopes = Scope.normalizeAll(value);
            if (scopes == null) {
                badScope[0] = true;
                return;
            }
            for (String scope : scopes) {
                query.append("scope", scope);
            }
        });
        if (badScope[0]) {
            return mirror.replies.refuse(new RegistryError(ErrorCode.NAME_INVALID, 400, "malformed scope",
                    "scopes look like repository:library/redis:pull"));
        }
        Headers headers = ForwardedHeaders.pick(mirror.request.getHeaders(), FORWARDED);
        boolean hasBody = method.equals("POST");
        return mirror.upstream(false)
                .send(target.getHref(), method, headers, hasBody ? mirror.request.getBody() : null)
                .then(this::relay, this::unreachable);
    }

    private Response relay(Response upstream) {
        return mirror.replies.relay(upstream, ForwardedHeaders.pick(upstream.getHeaders(), RETURNED));
    }

    private Response unreachable(JSObject failure) {
        return mirror.replies.unreachable(failure, "the upstream token service");
    }
}
