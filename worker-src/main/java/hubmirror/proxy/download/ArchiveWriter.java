package hubmirror.proxy.download;

import hubmirror.proxy.content.LayerTiers;
import hubmirror.proxy.upstream.SmallBlob;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.registry.DockerArchive;
import hubmirror.registry.PrewarmList;
import hubmirror.workers.Promise;
import hubmirror.workers.StreamPipeOptions;
import hubmirror.workers.TextEncoder;
import hubmirror.workers.WorkerGlobalScope;
import hubmirror.workers.WritableStream;
import hubmirror.workers.WritableStreamDefaultWriter;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSError;
import org.teavm.jso.core.JSUndefined;
import org.teavm.jso.typedarrays.ArrayBuffer;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * Writes bytes {@code first} to {@code last} of the archive: text by Java, each layer's part (from the content tiers
 * or the upstream: {@link LayerTiers}) piped by the runtime.
 */
final class ArchiveWriter {
    private final LayerTiers layers;
    private final PrewarmList.Image image;
    private final List<DockerArchive.Piece> pieces;
    private final double first;
    private final double last;
    private final SmallBlob manifest;
    private final SmallBlob configBlob;
    private final WritableStream out;
    private final TextEncoder encoder = new TextEncoder();

    ArchiveWriter(LayerTiers layers, PrewarmList.Image image, List<DockerArchive.Piece> pieces,
            double first, double last, SmallBlob manifest, SmallBlob configBlob, WritableStream out) {
        this.layers = layers;
        this.image = image;
        this.pieces = pieces;
        this.first = first;
        this.last = last;
        this.manifest = manifest;
        this.configBlob = configBlob;
        this.out = out;
    }

    Promise<JSUndefined> write(int index) {
        if (index == pieces.size()) {
            return out.getWriter().close().catchError(this::failed);
        }
        DockerArchive.Piece piece = pieces.get(index);
        // the part of this piece within the window, relative to the piece
        double from = Math.max(first, piece.offset()) - piece.offset();
        double to = Math.min(last, piece.offset() + piece.length() - 1) - piece.offset();
        if (to < from) {
            return write(index + 1);
        }
        Promise<JSUndefined> content;
        if (piece.text() != null) {
            content = bytes(encoder.encode(piece.text().substring((int) from, (int) to + 1)));
        } else if (piece.digest().equals(manifest.getDigest()) || piece.digest().equals(configBlob.getDigest())) {
            ArrayBuffer held = piece.digest().equals(manifest.getDigest()) ? manifest.getBody() : configBlob.getBody();
            content = bytes(new Uint8Array(held, (int) from, (int) (to - from + 1)));
        } else {
            content = layer(piece, from, to);
        }
        return content.flatThen(x -> write(index + 1)).catchError(this::failed);
    }

    /** Bytes {@code from} to {@code to} of a layer, from the content tiers or the upstream, piped as they come. */
    private Promise<JSUndefined> layer(DockerArchive.Piece piece, double from, double to) {
        boolean whole = from == 0 && to == piece.length() - 1;
        return layers.read(piece.digest(), piece.length(), from, to).flatThen(answer -> {
            if (answer.getStatus() != (whole ? 200 : 206) || answer.getBody() == null
                    || Upstream.contentLength(answer.getHeaders().get("content-length")) != to - from + 1) {
                Upstream.discard(answer);
                return Promise.reject(new JSError(piece.digest() + " answered " + answer.getStatus()
                        + ", not the bytes asked for"));
            }
            StreamPipeOptions options = StreamPipeOptions.create();
            options.setPreventClose(true);
            return answer.getBody().pipeTo(out, options);
        });
    }

    private Promise<JSUndefined> bytes(Uint8Array chunk) {
        WritableStreamDefaultWriter writer = out.getWriter();
        return writer.write(chunk).then(done -> {
            writer.releaseLock();
            return JSUndefined.instance();
        });
    }

    private JSUndefined failed(JSObject failure) {
        WorkerGlobalScope.logError("hubmirror: download of " + image.name() + " broke off: " + WorkerGlobalScope.describe(failure));
        out.abort(failure);
        return JSUndefined.instance();
    }
}
