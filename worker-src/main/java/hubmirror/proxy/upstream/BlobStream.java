package hubmirror.proxy.upstream;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.proxy.v2.PullRequest;

import hubmirror.registry.BlobDeadline;
import hubmirror.registry.Reference;
import hubmirror.registry.RegistryRoute;
import hubmirror.workers.Headers;
import hubmirror.workers.ReadableStream;
import hubmirror.workers.Response;

/**
 * A blob's body, moved by the runtime: handed on as it is, under the blob's deadline ({@link BlobRelay}). Only a
 * body without a length (rare: every registry and CDN the mirror knows sends one) takes the JS guard
 * ({@link BodyGuard}).
 */
final class BlobStream {
    private final Mirror mirror;
    private final PullRequest pull;
    private final RegistryRoute route;
    /** The exchange the blob came from: its abort, and the last hop a fill fetches again. */
    private final Upstream upstream;
    BlobStream(Mirror mirror, PullRequest pull, Upstream upstream) {
        this.mirror = mirror;
        this.pull = pull;
        this.route = pull.route;
        this.upstream = upstream;
    }

    Response stream(Response answer, Headers headers) {
        String digest = route.digest();
        boolean whole = answer.getStatus() == 200 && mirror.method.equals("GET");
        String algorithm = whole ? Reference.webCryptoAlgorithm(digest) : null;
        double length = Upstream.contentLength(headers.get("content-length"));
        headers.set("content-type", "application/octet-stream");
        if (length < 0) {
            ReadableStream body = BodyGuard.watch(answer.getBody(), mirror.config.idleTimeoutMillis, algorithm,
                    algorithm != null ? Reference.hex(digest) : null, upstream.controller());
            return mirror.replies.stream(answer, body, headers);
        }
        int deadline = BlobDeadline.millis(length, mirror.config.idleTimeoutMillis, mirror.config.blobMinRate);
        return mirror.replies.stream(answer, BlobRelay.bounded(answer.getBody(), length, deadline), headers);
    }
}
