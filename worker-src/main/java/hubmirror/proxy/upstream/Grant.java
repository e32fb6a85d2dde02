package hubmirror.proxy.upstream;

import hubmirror.workers.Json;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * A token the mirror holds for its identity and for how long it may be kept (seconds), or why there is none (a
 * value either way: a refused or broken token request goes on without a token).
 */
interface Grant extends JSObject {
    /** Why there is no token; empty when there is one. */
    @JSProperty
    String getRefusal();

    @JSProperty
    void setRefusal(String refusal);

    @JSProperty
    String getToken();

    @JSProperty
    void setToken(String token);

    @JSProperty
    double getExpiresIn();

    @JSProperty
    void setExpiresIn(double seconds);

    /** Making and reading grants. */
    final class Of {
        private Of() {
        }

        /** A token the isolate already holds (its lifetime is the store's business, not this one's). */
        static Grant held(String token) {
            return token(token, 60);
        }

        static boolean hasToken(Grant grant) {
            return grant.getRefusal().isEmpty();
        }

        static Grant none(String why) {
            Grant grant = JSObjects.create();
            grant.setRefusal(why);
            return grant;
        }

        static Grant token(String token, double expiresIn) {
            Grant grant = JSObjects.create();
            grant.setRefusal("");
            grant.setToken(token);
            grant.setExpiresIn(expiresIn);
            return grant;
        }

        /** The token of the token service's answer ({@code token}, else {@code access_token}), or none. */
        static Grant parse(ArrayBuffer body) {
            JSObject parsed = Json.parse(body);
            if (parsed == null || !Json.isObject(parsed)) {
                return none("the token service's answer is no JSON object");
            }
            TokenAnswer answer = (TokenAnswer) parsed;
            JSObject token = Json.isString(answer.getToken()) && !((JSString) answer.getToken()).stringValue().isEmpty()
                    ? answer.getToken() : answer.getAccessToken();
            if (!Json.isString(token) || ((JSString) token).stringValue().isEmpty()) {
                return none("the token service's answer has no token");
            }
            // expires_in is optional in the token protocol, 60 s when absent
            double lifetime = Json.isNumber(answer.getExpiresIn()) ? ((JSNumber) answer.getExpiresIn()).doubleValue() : 60;
            return token(((JSString) token).stringValue(), lifetime > 0 ? lifetime : 60);
        }
    }

    /** The token service's JSON (the token protocol's fields), each checked before it is used. */
    interface TokenAnswer extends JSObject {
        @JSProperty
        JSObject getToken();

        @JSProperty("access_token")
        JSObject getAccessToken();

        @JSProperty("expires_in")
        JSObject getExpiresIn();
    }
}
