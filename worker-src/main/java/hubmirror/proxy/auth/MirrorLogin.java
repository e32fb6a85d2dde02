package hubmirror.proxy.auth;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.http.Replies;
import hubmirror.registry.ErrorCode;
import hubmirror.registry.MirrorUsers;
import hubmirror.registry.RegistryError;
import hubmirror.registry.TokenQuery;
import hubmirror.workers.Base64;
import hubmirror.workers.Headers;
import hubmirror.workers.Json;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import java.util.List;
import org.teavm.jso.core.JSDate;
import org.teavm.jso.core.JSObjects;

/**
 * A login of one of {@code MIRROR_USERS} at the token endpoint: Basic credentials (or the OAuth2 form) checked
 * against the users, and a token the mirror signs ({@link SignedTokens}) for pull of the repositories the scopes
 * name; anything else 401 with the mirror's Basic challenge.
 */
public final class MirrorLogin {
    private final Mirror mirror;
    private final Replies replies;

    MirrorLogin(Mirror mirror, Replies replies) {
        this.mirror = mirror;
        this.replies = replies;
    }

    /** Whether an OAuth2 form's username and password are a mirror user's. */
    boolean isMirrorUser(TokenQuery form) {
        String user = null;
        String password = null;
        for (int i = 0; i < form.size(); i++) {
            if (form.name(i).equals("username")) {
                user = form.value(i);
            } else if (form.name(i).equals("password")) {
                password = form.value(i);
            }
        }
        return user != null && password != null && mirror.config.users.authenticate(user, password) != null;
    }

    /**
     * A mirror user's login ({@code MIRROR_USERS}): Basic credentials of a user ({@code user}, authenticated) get a
     * token the mirror signs for pull of the repositories the scopes name; no credentials, or wrong ones
     * ({@code withCredentials} but no user), 401. Credentials that pass through never come here.
     */
    Promise<Response> login(TokenQuery query, String upstreamName, boolean withCredentials, String user) {
        if (query.error() != null) {
            return replies.refuse(query.error());
        }
        if (user == null) {
            return Promise.resolve(unauthorized(withCredentials ? "incorrect username or password"
                    : "log in with a mirror user's name and password (docker login)"));
        }
        mirror.log.user(user);
        List<String> repositories = MirrorUsers.repositories(query, upstreamName);
        String[] names = new String[repositories.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = repositories.get(i);
        }
        int ttl = mirror.config.tokenTtlSeconds;
        return SignedTokens.issue(mirror.config.tokenSecret, user, mirror.config.users.entryOf(user), names, ttl)
                .then(token -> replies.json(grant(token.stringValue(), ttl), "no-store"));
    }

    Response unauthorized(String message) {
        Headers headers = new Headers();
        headers.set("www-authenticate", "Basic realm=\"hubmirror\"");
        return replies.error(RegistryError.of(ErrorCode.UNAUTHORIZED, message, null), headers);
    }

    private static String grant(String token, int ttl) {
        TokenGrant grant = JSObjects.create();
        grant.setToken(token);
        grant.setAccessToken(token);
        grant.setExpiresIn(ttl);
        grant.setIssuedAt(JSDate.create().toISOString());
        return Json.stringify(grant);
    }

    /** {@code [name, password]} of a Basic {@code Authorization}, or null. */
    public static String[] decodeBasic(String header) {
        if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "basic ", 0, 6)) {
            return null;
        }
        String text = Base64.decode(header.substring(6).trim());
        int colon = text == null ? -1 : text.indexOf(':');
        return colon < 0 ? null : new String[] {text.substring(0, colon), text.substring(colon + 1)};
    }
}
