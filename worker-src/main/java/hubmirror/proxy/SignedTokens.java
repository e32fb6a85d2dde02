package hubmirror.proxy;

import hubmirror.registry.MirrorUsers;
import hubmirror.workers.Base64;
import hubmirror.workers.Crypto;
import hubmirror.workers.CryptoKey;
import hubmirror.workers.Json;
import hubmirror.workers.Promise;
import hubmirror.workers.TextEncoder;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.Uint8Array;

/**
 * The tokens the mirror signs for its own users ({@code MIRROR_USERS}): {@code hm1.<payload>.<HMAC-SHA256>},
 * base64url without padding (only that canonical form is accepted), keyed by {@code TOKEN_SECRET}. The payload
 * names the user, the repositories it may pull (full names with their registry), when it expires, and a
 * fingerprint of the user's entry ({@code v}: an HMAC by the same key of {@code name:password}, so it tells
 * nothing of the password): a token dies with its user's removal or password change. WebCrypto does the HMACs.
 */
final class SignedTokens {
    private static final String VERSION = "hm1";
    /** Far longer than any token the mirror signs: a longer one is not even split. */
    private static final int MAX_TOKEN = 8192;

    private SignedTokens() {
    }

    /** What a valid token says. */
    interface Claims extends JSObject {
        @JSProperty("u")
        String getUser();

        @JSProperty("r")
        JSArray<JSString> getRepositories();
    }

    /** The payload as signed, and as read back before it is trusted. */
    interface Payload extends Claims {
        @JSProperty("u")
        void setUser(String user);

        @JSProperty("r")
        void setRepositories(JSArray<JSString> repositories);

        @JSProperty("exp")
        void setExpires(double seconds);

        @JSProperty("v")
        void setFingerprint(String fingerprint);

        @JSProperty("u")
        JSObject getUserValue();

        @JSProperty("r")
        JSObject getRepositoriesValue();

        @JSProperty("exp")
        JSObject getExpiresValue();

        @JSProperty("v")
        JSObject getFingerprintValue();
    }

    /** A token for {@code user} (whose entry in MIRROR_USERS is {@code entry}) to pull {@code repositories}. */
    static Promise<JSString> issue(String secret, String user, String entry, String[] repositories, int ttlSeconds) {
        return key(secret).flatThen(key -> fingerprint(key, entry).flatThen(print -> {
            Payload payload = JSObjects.create();
            payload.setUser(user);
            JSArray<JSString> names = new JSArray<>();
            for (String repository : repositories) {
                names.push(JSString.valueOf(repository));
            }
            payload.setRepositories(names);
            payload.setExpires(Math.floor(Clock.now() / 1000) + ttlSeconds);
            payload.setFingerprint(print.stringValue());
            String signed = VERSION + "." + Base64.url(new TextEncoder().encode(Json.stringify(payload)));
            return Crypto.subtle().signHmac(key, new TextEncoder().encode(signed))
                    .then(signature -> JSString.valueOf(signed + "." + Base64.url(new Uint8Array(signature))));
        }));
    }

    /**
     * The claims of {@code token} when its signature is the mirror's, it has not expired, and its user's entry in
     * {@code users} is still the one it was issued for; else null.
     */
    static Promise<Claims> verify(String secret, String token, MirrorUsers users) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (token.length() > MAX_TOKEN || second < 0 || token.indexOf('.', second + 1) >= 0
                || !token.substring(0, first).equals(VERSION) || users == null) {
            return Promise.resolve(null);
        }
        // only the canonical encoding: what decodes must encode back to the very same text
        Uint8Array body = Base64.fromUrl(token.substring(first + 1, second));
        Uint8Array signature = Base64.fromUrl(token.substring(second + 1));
        if (body == null || signature == null) {
            return Promise.resolve(null);
        }
        return key(secret).flatThen(key -> Crypto.subtle()
                .verifyHmac(key, signature, new TextEncoder().encode(token.substring(0, second)))
                .flatThen(valid -> valid.booleanValue() ? current(key, claimsOf(body), users) : Promise.resolve(null)));
    }

    /** The payload when it is one the mirror writes and has not expired; else null. */
    private static Payload claimsOf(Uint8Array body) {
        JSObject parsed = Json.parse(body.getBuffer());
        if (parsed == null || !Json.isObject(parsed)) {
            return null;
        }
        Payload payload = (Payload) parsed;
        boolean whole = Json.isString(payload.getUserValue()) && JSArray.isArray(payload.getRepositoriesValue())
                && Json.isNumber(payload.getExpiresValue()) && Json.isString(payload.getFingerprintValue());
        return whole && ((JSNumber) payload.getExpiresValue()).doubleValue() > Clock.now() / 1000 ? payload : null;
    }

    /** The claims, when the user's entry now (null: the user is gone) is the one the token was issued for. */
    private static Promise<Claims> current(CryptoKey key, Payload payload, MirrorUsers users) {
        String entry = payload == null ? null : users.entryOf(payload.getUser());
        if (entry == null) {
            return Promise.resolve(null);
        }
        String issuedFor = ((JSString) payload.getFingerprintValue()).stringValue();
        return fingerprint(key, entry).then(print -> print.stringValue().equals(issuedFor) ? payload : null);
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

    private static Promise<CryptoKey> key(String secret) {
        return Crypto.subtle().importHmacKey(new TextEncoder().encode(secret), "SHA-256");
    }

    /** A user's entry as the token carries it: an HMAC of it by the same key, so it tells nothing of the password. */
    private static Promise<JSString> fingerprint(CryptoKey key, String entry) {
        return Crypto.subtle().signHmac(key, new TextEncoder().encode("hm1-user\0" + entry))
                .then(sum -> JSString.valueOf(Base64.url(new Uint8Array(sum)).substring(0, 22)));
    }
}
