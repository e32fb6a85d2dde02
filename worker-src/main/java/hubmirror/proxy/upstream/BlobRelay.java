package hubmirror.proxy.upstream;

import hubmirror.workers.AbortSignal;
import hubmirror.workers.FixedLengthStream;
import hubmirror.workers.ReadableStream;
import hubmirror.workers.StreamPipeOptions;
import hubmirror.workers.WorkerGlobalScope;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSUndefined;

/**
 * A blob's body on its way to the client, moved by the runtime alone (no JavaScript per chunk). With a deadline
 * ({@link hubmirror.registry.BlobDeadline}) the upstream's body is piped natively into a
 * {@code FixedLengthStream} under an {@code AbortSignal.timeout}: when the deadline passes, the client's body
 * errors and the upstream connection is closed, so a stalled upstream holds nobody; a client that leaves
 * cancels the pipe and with it the upstream. Without a deadline the body is handed on as it is. Either way a
 * body short of its {@code Content-Length} errors instead of ending cleanly (workerd's framing).
 */
public final class BlobRelay {
    private BlobRelay() {
    }

    /** The client's body: {@code body} itself, or (with a deadline) the readable side of the bounded pipe. */
    static ReadableStream bounded(ReadableStream body, double length, int deadlineMillis) {
        if (deadlineMillis <= 0) {
            return body;
        }
        FixedLengthStream exact = new FixedLengthStream(length);
        body.pipeTo(exact.getWritable(), StreamPipeOptions.withSignal(AbortSignal.timeout(deadlineMillis)))
                .catchError(BlobRelay::ended);
        return exact.getReadable();
    }

    /** A client leaving is routine; a deadline that passed is worth a line in the log. */
    private static JSUndefined ended(JSObject reason) {
        if (WorkerGlobalScope.isTimeout(reason)) {
            WorkerGlobalScope.logError("hubmirror: a blob body passed its deadline; client and upstream let go");
        }
        return null;
    }
}
