package hubmirror.proxy.auth;

import hubmirror.proxy.Clock;

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
public final class SignedTokens {
    private static final String VERSION = "hm1";
    /** Far longer than any token the mirror signs: a longer one is not even split. */
    private static final int MAX_TOKEN = 8192;

    private SignedTokens() {
    }

    /** What a valid token says. */
    public interface Claims extends JSObject {
        @JSProperty("u")
        String getUser();

        @JSProperty("r")
        JSArray<JSString> getRepositories();
    }

    /**
     * What the check of a token came to: its claims when it is accepted, or why it is not (a value either way;
     * the reason goes to the log line, the client hears {@code invalid_token}).
     */
    public interface Verdict extends JSObject {
        /** Why the token is refused; empty when it is accepted. */
        @JSProperty
        String getRefusal();

        @JSProperty
        void setRefusal(String refusal);

        /** The token's claims; only when it is accepted. */
        @JSProperty
        Claims getClaims();

        @JSProperty
        void setClaims(Claims claims);
    }

    public static boolean accepted(Verdict verdict) {
        return verdict.getRefusal().isEmpty();
    }

    private static Verdict accept(Claims claims) {
        Verdict verdict = JSObjects.create();
        verdict.setRefusal("");
        verdict.setClaims(claims);
        return verdict;
    }

    private static Promise<Verdict> refuse(String why) {
        Verdict verdict = JSObjects.create();
        verdict.setRefusal(why);
        return Promise.resolve(verdict);
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
            payload.setExpires(Math.floor(Clock.stamp() / 1000) + ttlSeconds);
            payload.setFingerprint(print.stringValue());
            String signed = VERSION + "." + Base64.url(new TextEncoder().encode(Json.stringify(payload)));
            return Crypto.subtle().signHmac(key, new TextEncoder().encode(signed))
                    .then(signature -> JSString.valueOf(signed + "." + Base64.url(new Uint8Array(signature))));
        }));
    }

    /**
     * The claims of {@code token} when its signature is the mirror's, it has not expired, and its user's entry in
     * {@code users} is still the one it was issued for; else the reason it is refused.
     */
    public static Promise<Verdict> verify(String secret, String token, MirrorUsers users) {
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (token.length() > MAX_TOKEN || second < 0 || token.indexOf('.', second + 1) >= 0
                || !token.substring(0, first).equals(VERSION) || users == null) {
            return refuse("not a token of this mirror's form");
        }
        // only the canonical encoding: what decodes must encode back to the very same text
        Uint8Array body = Base64.fromUrl(token.substring(first + 1, second));
        Uint8Array signature = Base64.fromUrl(token.substring(second + 1));
        if (body == null || signature == null) {
            return refuse("not in the canonical base64url encoding");
        }
        return key(secret).flatThen(key -> Crypto.subtle()
                .verifyHmac(key, signature, new TextEncoder().encode(token.substring(0, second)))
                .flatThen(valid -> valid.booleanValue() ? current(key, body, users) : refuse("not signed by this mirror")));
    }

    /** The payload when it is one the mirror writes (else null: the caller refuses it). */
    private static Payload payloadOf(Uint8Array body) {
        JSObject parsed = Json.parse(body.getBuffer());
        if (parsed == null || !Json.isObject(parsed)) {
            return null;
        }
        Payload payload = (Payload) parsed;
        boolean whole = Json.isString(payload.getUserValue()) && JSArray.isArray(payload.getRepositoriesValue())
                && Json.isNumber(payload.getExpiresValue()) && Json.isString(payload.getFingerprintValue());
        return whole ? payload : null;
    }

    /** The claims, when unexpired and the user's entry now is the one the token was issued for. */
    private static Promise<Verdict> current(CryptoKey key, Uint8Array body, MirrorUsers users) {
        Payload payload = payloadOf(body);
        if (payload == null) {
            return refuse("a payload the mirror does not write");
        }
        if (((JSNumber) payload.getExpiresValue()).doubleValue() <= Clock.now() / 1000) {
            return refuse("expired");
        }
        String entry = users.entryOf(payload.getUser());
        if (entry == null) {
            return refuse("its user is no longer one of MIRROR_USERS");
        }
        String issuedFor = ((JSString) payload.getFingerprintValue()).stringValue();
        return fingerprint(key, entry).flatThen(print -> print.stringValue().equals(issuedFor) ? Promise.resolve(accept(payload))
                : refuse("its user's password changed"));
    }

    /** Whether the claims allow pulling {@code repository} (a full name with its registry). */
    public static boolean allows(Claims claims, String repository) {
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
