package hubmirror.proxy.upstream;

import hubmirror.workers.AbortController;
import hubmirror.workers.ReadableStream;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * The one blob path that keeps a JS loop: a body without a {@code Content-Length} (no registry or CDN the mirror
 * knows sends one; distribution, Docker Hub's CDN, ghcr, quay and the clouds' storage all declare lengths). With
 * no length there is no deadline to derive and no framing to catch a short body, so a loop moves it in large
 * pieces (workerd's {@code readAtLeast} of 512 KiB) into an identity stream and:
 * <ul>
 * <li>no piece for {@code idleMillis} while waiting on the upstream: the client's body errors and the upstream
 *     fetch is aborted;</li>
 * <li>the client goes away: the upstream body is cancelled and the fetch aborted;</li>
 * <li>when a digest names the bytes they are hashed natively ({@code crypto.DigestStream}) and a mismatch errors
 *     the client's body instead of ending it cleanly. Such a body is never stored.</li>
 * </ul>
 */
public final class BodyGuard {
    private BodyGuard() {
    }

    /**
     * @param algorithm Web Crypto name of the digest's algorithm, or null for no check
     * @param expectedHex the digest's hex, when {@code algorithm} is set
     */
    static ReadableStream watch(ReadableStream body, int idleMillis, String algorithm, String expectedHex,
            AbortController upstream) {
        return guard(body, idleMillis, algorithm, expectedHex, upstream);
    }

    // TeaVM renames the parameters to short names (b, c, d, …) inside the script: every name declared here is
    // long, so none can shadow one (JsBodyNamesTest checks every script for it).
    @JSBody(params = {"body", "idleMs", "algorithm", "expectedHex", "upstream"}, script = ""
            + "var noop = function () {};"
            + "var out = new IdentityTransformStream();"
            + "var writer = out.writable.getWriter(), reader = body.getReader({ mode: 'byob' });"
            + "var digest = algorithm ? new crypto.DigestStream(algorithm) : null;"
            + "var hash = digest ? digest.getWriter() : null;"
            + "var waitingSince = 0, timer = 0, ended = false, seen = 0;"
            + "var finish = function (failure) {"
            + "  if (ended) return; ended = true; if (timer) clearInterval(timer);"
            + "  if (!failure) return;"
            + "  writer.abort(failure).catch(noop); reader.cancel(failure).catch(noop); upstream.abort(failure);"
            + "  if (hash) hash.abort(failure).catch(noop);"
            + "};"
            + "if (idleMs > 0) timer = setInterval(function () {"
            + "  if (waitingSince && Date.now() - waitingSince >= idleMs)"
            + "    finish(new Error('the upstream sent nothing for ' + idleMs + ' ms'));"
            + "}, Math.max(10, Math.min(1000, idleMs >> 2)));"
            + "writer.closed.catch(function (failure) { finish(failure || new Error('the client went away')); });"
            + "var pump = function () {"
            + "  waitingSince = Date.now();"
            + "  return reader.readAtLeast(1 << 19, new Uint8Array(1 << 20)).then(function (result) {"
            + "    waitingSince = 0;"
            + "    if (ended) return;"
            + "    var chunk = result.value && result.value.byteLength ? result.value : null, writes = [];"
            + "    if (chunk) { seen += chunk.byteLength; if (hash) writes.push(hash.write(chunk)); writes.push(writer.write(chunk)); }"
            + "    return Promise.all(writes).then(function () {"
            + "      if (!result.done) return pump();"
            + "      return (hash ? hash.close().then(function () { return digest.digest; }) : Promise.resolve(null))"
            + "        .then(function (sum) {"
            + "          if (sum) {"
            + "            var hexOfSum = Array.from(new Uint8Array(sum), function (octet) { return (octet < 16 ? '0' : '') + octet.toString(16); }).join('');"
            + "            if (hexOfSum !== expectedHex) throw new Error('the upstream body does not match its digest (' + seen + ' bytes)');"
            + "          }"
            + "          finish(null); return writer.close();"
            + "        });"
            + "    });"
            + "  });"
            + "};"
            + "pump().catch(function (failure) { finish(failure || new Error('the upstream body failed')); });"
            + "return out.readable;")
    private static native ReadableStream guard(ReadableStream body, int idleMs, String algorithm, String expectedHex,
            JSObject upstream);
}
