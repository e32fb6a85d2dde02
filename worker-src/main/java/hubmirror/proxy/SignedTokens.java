package hubmirror.proxy;

import hubmirror.workers.Promise;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSString;

/**
 * The tokens the mirror signs for its own users ({@code MIRROR_USERS}): {@code hm1.<payload>.<HMAC-SHA256>},
 * base64url, keyed by {@code TOKEN_SECRET}. The payload names the user, the repositories it may pull (full
 * names with their registry) and when it expires. WebCrypto does the HMAC (and compares in constant time).
 */
final class SignedTokens {
    private SignedTokens() {
    }

    /** What a valid token says. */
    interface Claims extends JSObject {
        @JSProperty("u")
        String getUser();

        @JSProperty("r")
        JSArray<JSString> getRepositories();
    }

    /** A token for {@code user} to pull {@code repositories} for {@code ttlSeconds}. */
    static Promise<JSString> issue(String secret, String user, String[] repositories, int ttlSeconds) {
        return sign(secret, user, repositories, ttlSeconds);
    }

    /** The claims of {@code token} when its signature is the mirror's and it has not expired; else null. */
    static Promise<Claims> verify(String secret, String token) {
        return check(secret, token);
    }

    /** Whether the claims allow pulling {@code repository} (a full name with its registry). */
    static boolean allows(Claims claims, String repository) {
        JSArray<JSString> repositories = claims.getRepositories();
        for (int i = 0; i < repositories.getLength(); i++) {
            if (repositories.get(i).stringValue().equals(repository)) {
                return true;
            }
        }
        return false;
    }

    private static final String CODEC = ""
            + "var enc = new TextEncoder();"
            + "var b64 = function (bytes) { var str = ''; for (var idx = 0; idx < bytes.length; idx++) str += String.fromCharCode(bytes[idx]);"
            + "  return btoa(str).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, ''); };"
            + "var key = function (use) { return crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [use]); };";

    @JSBody(params = {"secret", "user", "repositories", "ttl"}, script = CODEC
            + "var body = b64(enc.encode(JSON.stringify({ u: user, r: repositories, exp: Math.floor(Date.now() / 1000) + ttl })));"
            + "return key('sign').then(function (hmacKey) { return crypto.subtle.sign('HMAC', hmacKey, enc.encode('hm1.' + body)); })"
            + "  .then(function (sig) { return 'hm1.' + body + '.' + b64(new Uint8Array(sig)); });")
    private static native Promise<JSString> sign(String secret, String user, String[] repositories, int ttl);

    @JSBody(params = {"secret", "token"}, script = CODEC
            + "var parts = typeof token === 'string' ? token.split('.') : [];"
            + "if (parts.length !== 3 || parts[0] !== 'hm1' || token.length > 8192) return Promise.resolve(null);"
            + "var bytes = function (text) { try { var raw = atob(text.replace(/-/g, '+').replace(/_/g, '/'));"
            + "  var arr = new Uint8Array(raw.length); for (var idx = 0; idx < raw.length; idx++) arr[idx] = raw.charCodeAt(idx); return arr; }"
            + "  catch (err) { return null; } };"
            + "var sig = bytes(parts[2]), body = bytes(parts[1]);"
            + "if (!sig || !body) return Promise.resolve(null);"
            + "return key('verify').then(function (hmacKey) { return crypto.subtle.verify('HMAC', hmacKey, sig, enc.encode('hm1.' + parts[1])); })"
            + "  .then(function (valid) { if (!valid) return null;"
            + "    var claims; try { claims = JSON.parse(new TextDecoder().decode(body)); } catch (err) { return null; }"
            + "    if (!claims || typeof claims.u !== 'string' || !Array.isArray(claims.r) || typeof claims.exp !== 'number') return null;"
            + "    return claims.exp > Date.now() / 1000 ? claims : null; });")
    private static native Promise<Claims> check(String secret, String token);
}
