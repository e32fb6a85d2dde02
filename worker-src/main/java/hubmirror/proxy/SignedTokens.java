package hubmirror.proxy;

import hubmirror.registry.MirrorUsers;
import hubmirror.workers.Promise;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSString;

/**
 * The tokens the mirror signs for its own users ({@code MIRROR_USERS}): {@code hm1.<payload>.<HMAC-SHA256>},
 * base64url without padding (only that canonical form is accepted), keyed by {@code TOKEN_SECRET}. The payload
 * names the user, the repositories it may pull (full names with their registry), when it expires, and a
 * fingerprint of the user's entry ({@code v}: an HMAC by the same key of {@code name:password}, so it tells
 * nothing of the password): a token dies with its user's removal or password change. WebCrypto does the HMACs.
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

    /** A token for {@code user} (whose entry in MIRROR_USERS is {@code entry}) to pull {@code repositories}. */
    static Promise<JSString> issue(String secret, String user, String entry, String[] repositories, int ttlSeconds) {
        return sign(secret, user, entry, repositories, ttlSeconds);
    }

    /**
     * The claims of {@code token} when its signature is the mirror's, it has not expired, and its user's entry in
     * {@code users} is still the one it was issued for; else null.
     */
    static Promise<Claims> verify(String secret, String token, MirrorUsers users) {
        return check(secret, token).flatThen(claims -> claims == null || users == null ? Promise.resolve((Claims) null)
                : bound(secret, claims, users.entryOf(claims.getUser())));
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
            + "var key = function (use) { return crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [use]); };"
            + "var fingerprint = function (entry) { return key('sign').then(function (hmacKey) {"
            + "  return crypto.subtle.sign('HMAC', hmacKey, enc.encode('hm1-user\\0' + entry)); })"
            + "  .then(function (sum) { return b64(new Uint8Array(sum)).slice(0, 22); }); };";

    @JSBody(params = {"secret", "user", "entry", "repositories", "ttl"}, script = CODEC
            + "var body;"
            + "return fingerprint(entry).then(function (print) {"
            + "  body = b64(enc.encode(JSON.stringify({ u: user, r: repositories, exp: Math.floor(Date.now() / 1000) + ttl, v: print })));"
            + "  return key('sign'); })"
            + "  .then(function (hmacKey) { return crypto.subtle.sign('HMAC', hmacKey, enc.encode('hm1.' + body)); })"
            + "  .then(function (sig) { return 'hm1.' + body + '.' + b64(new Uint8Array(sig)); });")
    private static native Promise<JSString> sign(String secret, String user, String entry, String[] repositories, int ttl);

    // the user's entry now (null: the user is gone) must be the one the token was issued for
    @JSBody(params = {"secret", "claims", "entry"}, script = CODEC
            + "if (entry === null || typeof claims.v !== 'string') return Promise.resolve(null);"
            + "return fingerprint(entry).then(function (print) { return print === claims.v ? claims : null; });")
    private static native Promise<Claims> bound(String secret, Claims claims, String entry);

    @JSBody(params = {"secret", "token"}, script = CODEC
            + "var parts = typeof token === 'string' ? token.split('.') : [];"
            + "if (parts.length !== 3 || parts[0] !== 'hm1' || token.length > 8192) return Promise.resolve(null);"
            // only the canonical encoding: what decodes must encode back to the very same text
            + "var bytes = function (text) { try { var raw = atob(text.replace(/-/g, '+').replace(/_/g, '/'));"
            + "  var arr = new Uint8Array(raw.length); for (var idx = 0; idx < raw.length; idx++) arr[idx] = raw.charCodeAt(idx);"
            + "  return b64(arr) === text ? arr : null; }"
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
