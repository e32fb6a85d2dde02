package hubmirror.proxy.auth;

import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;

/** The token protocol's answer, as the mirror writes it and reads what a token service wrote. */
interface TokenGrant extends JSObject {
    @JSProperty
    JSObject getToken();

    @JSProperty
    void setToken(String token);

    @JSProperty("access_token")
    JSObject getAccessToken();

    @JSProperty("access_token")
    void setAccessToken(String token);

    @JSProperty("expires_in")
    void setExpiresIn(int seconds);

    @JSProperty("issued_at")
    void setIssuedAt(String time);
}
