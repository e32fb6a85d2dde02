package hubmirror.proxy;

import hubmirror.workers.AbortController;
import hubmirror.workers.ExecutionContext;
import hubmirror.workers.Headers;
import hubmirror.workers.ReadableStream;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * Watches a blob on its way from the upstream to the client, without Java touching a byte. A small JS
 * loop moves the body in large pieces (workerd's {@code readAtLeast} of 512 KiB, so a 300 MB layer is a few
 * hundred turns, not tens of thousands) into a {@code FixedLengthStream} (or an identity stream when the
 * length is unknown); between pieces it only notes the time. Measured: a JS TransformStream that touches
 * every chunk moved 30 MB/s where this moves 600–800 MB/s (docs/benchmarks.md).
 * <ul>
 * <li>No piece for {@code idleMillis} while waiting on the upstream: the client's body errors and the
 *     upstream fetch is aborted (its connection closed), so a stalled upstream holds nobody. Waiting on a
 *     slow client does not count.</li>
 * <li>The client goes away: the next write fails, and the upstream body is cancelled and the fetch
 *     aborted. While the upstream is stalled nothing is written, and workerd gives no other word of the
 *     client's departure (request.signal stays quiet, measured with enable_request_signal too): then the
 *     idle timeout is what lets go of the upstream.</li>
 * <li>The body ends short of its {@code Content-Length}: the FixedLengthStream errors. Without a length,
 *     when a digest names the bytes, they go through workerd's native {@code crypto.DigestStream} as well
 *     and a mismatch errors the client's body instead of ending it cleanly.</li>
 * <li>With a cache fill, each piece also goes to a second {@code FixedLengthStream} that {@code caches.default.put}
 *     reads; the loop waits for both, so a slow client holds the fill back instead of the fill buffering
 *     (memory stays bounded). The bytes are hashed natively ({@code crypto.DigestStream}) on the way, and the
 *     fill is closed only when they match the digest: otherwise, or when the client goes, it is aborted and
 *     the cache keeps nothing. A cache that fails drops the fill, never the client.</li>
 * </ul>
 */
final class BodyGuard {
    private BodyGuard() {
    }

    /**
     * @param length the declared length, or -1
     * @param algorithm Web Crypto name of the digest's algorithm, or null for no check
     * @param expectedHex the digest's hex, when {@code algorithm} is set
     */
    static ReadableStream watch(ReadableStream body, int idleMillis, double length, String algorithm,
            String expectedHex, AbortController upstream, JSObject fill) {
        return guard(body, idleMillis, length, length >= 0 && fill == null ? null : algorithm, expectedHex, upstream,
                fill);
    }

    /**
     * Where a blob is stored on its way: under {@code key} with {@code headers}; once it is stored whole and
     * verified, {@code markHeaders} under {@code markKey}; kept alive by {@code ctx}.
     */
    @JSBody(params = {"key", "headers", "markKey", "markHeaders", "ctx"}, script = ""
            + "return { key: key, headers: headers, markKey: markKey, markHeaders: markHeaders, ctx: ctx };")
    static native JSObject fill(String key, Headers headers, String markKey, Headers markHeaders, ExecutionContext ctx);

    // TeaVM renames the parameters to single letters inside the script: a local named like one (var f)
    // would shadow a parameter, so locals here have long names.
    @JSBody(params = {"body", "idleMs", "length", "algorithm", "expectedHex", "upstream", "fill"}, script = ""
            + "var noop = function () {};"
            + "var out = length >= 0 ? new FixedLengthStream(length) : new IdentityTransformStream();"
            + "var writer = out.writable.getWriter(), reader = body.getReader({ mode: 'byob' });"
            + "var digest = algorithm ? new crypto.DigestStream(algorithm) : null;"
            + "var hash = digest ? digest.getWriter() : null;"
            + "var waitingSince = 0, timer = 0, ended = false, seen = 0, filler = null, verified = false;"
            + "var dropFill = function (why) { if (filler) { var dropped = filler; filler = null; dropped.abort(why).catch(noop); } };"
            + "if (fill) {"
            + "  var stored = new FixedLengthStream(length); filler = stored.writable.getWriter();"
            + "  var put; try { put = caches.default.put(fill.key, new Response(stored.readable, { headers: fill.headers })); }"
            + "  catch (e) { put = Promise.reject(e); }"
            // a put that settles before the fill is closed took the body no further: let the client go on alone
            + "  put = Promise.resolve(put).then(function () {"
            + "    if (!verified) { dropFill(new Error('the cache stopped reading')); return; }"
            + "    return caches.default.put(fill.markKey, new Response('', { headers: fill.markHeaders }));"
            + "  }).catch(function (e) { console.error('hubmirror: cache put failed: ' + (e && e.message)); dropFill(e); });"
            + "  if (fill.ctx) fill.ctx.waitUntil(put);"
            + "}"
            + "var finish = function (e) {"
            + "  if (ended) return; ended = true; if (timer) clearInterval(timer);"
            + "  if (!e) return;"
            + "  dropFill(e); writer.abort(e).catch(noop); reader.cancel(e).catch(noop); upstream.abort(e);"
            + "  if (hash) hash.abort(e).catch(noop);"
            + "};"
            + "if (idleMs > 0) timer = setInterval(function () {"
            + "  if (waitingSince && Date.now() - waitingSince >= idleMs)"
            + "    finish(new Error('the upstream sent nothing for ' + idleMs + ' ms'));"
            + "}, Math.max(10, Math.min(1000, idleMs >> 2)));"
            // the client went away (or the output failed): let go of the upstream at once
            + "writer.closed.catch(function (e) { finish(e || new Error('the client went away')); });"

            // A 1 MiB buffer, reused: a write to the identity stream resolves once its bytes were copied out,
            // and a fresh buffer per piece would leave V8 ~70 MB of garbage per layer. When the body is
            // hashed and has a length (a cache fill), the piece that completes the length goes out only once
            // the digest matched: a FixedLengthStream ends by itself with its last byte, so a body that does
            // not match never reaches the client or the cache whole.
            + "var holdBack = !!hash && length >= 0, held = null, free = [];"
            + "var take = function () { var buffer = free.pop(); return buffer ? new Uint8Array(buffer) : new Uint8Array(1 << 20); };"
            + "var pump = function () {"
            + "  waitingSince = Date.now();"
            + "  return reader.readAtLeast(1 << 19, take()).then(function (result) {"
            + "    waitingSince = 0;"
            + "    if (ended) return;"
            + "    var chunk = result.value && result.value.byteLength ? result.value : null, writes = [];"
            + "    if (chunk) {"
            + "      seen += chunk.byteLength;"
            // the hash reads the piece in place (a copy per piece left ~100 MB of garbage on a 300 MB fill);
            // its buffer is reused only once every write of it is done
            + "      if (hash) writes.push(hash.write(chunk));"
            + "      if (holdBack && seen >= length) held = chunk;"
            + "      else { writes.push(writer.write(chunk)); if (filler) writes.push(filler.write(chunk).catch(dropFill)); }"
            + "    } else if (result.value) { free.push(result.value.buffer); }"
            + "    return Promise.all(writes).then(function () {"
            + "      if (chunk && chunk !== held) free.push(chunk.buffer);"
            + "      if (!result.done) return pump();"
            + "      return (hash ? hash.close().then(function () { return digest.digest; }) : Promise.resolve(null))"
            + "        .then(function (sum) {"
            + "          if (sum) {"
            + "            var hex = Array.from(new Uint8Array(sum), function (x) { return (x < 16 ? '0' : '') + x.toString(16); }).join('');"
            + "            if (hex !== expectedHex) throw new Error('the upstream body does not match its digest (' + seen + ' bytes)');"
            + "          }"
            // a FixedLengthStream ends by itself with its last byte: the last piece goes out only now
            + "          verified = true;"
            + "          var last = holdBack && held ? [writer.write(held)] : [];"
            + "          if (filler && holdBack && held) last.push(filler.write(held).catch(dropFill));"
            + "          return Promise.all(last);"
            + "        })"
            + "        .then(function () { if (filler) { var done = filler; filler = null; return done.close().catch(noop); } })"
            + "        .then(function () { finish(null); return writer.close(); });"
            + "    });"
            + "  });"
            + "};"
            + "pump().catch(function (e) { finish(e || new Error('the upstream body failed')); });"
            + "return out.readable;")
    private static native ReadableStream guard(ReadableStream body, int idleMs, double length, String algorithm,
            String expectedHex, JSObject upstream, JSObject fill);
}
