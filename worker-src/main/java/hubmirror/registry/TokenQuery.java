package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The query of a token request as the mirror passes it to the token service: only the parameters of the
 * distribution token protocol, scopes pull-only with {@code library/} names, built once. A client sends a
 * handful; a request with more is refused before anything is parsed.
 */
public final class TokenQuery {
    public static final int MAX_PARAMETERS = 32;
    public static final int MAX_SCOPES = 16;
    public static final int MAX_LENGTH = 8192;
    private static final String[] PASSED = {"service", "scope", "account", "client_id", "offline_token"};
    // the OAuth2 form of the distribution token protocol (POST): its scope is one space-separated field
    private static final String[] FORM_FIELDS = {
        "grant_type", "service", "client_id", "access_type", "scope", "refresh_token", "username", "password"
    };

    private final boolean library;
    private final List<String> names = new ArrayList<>(4);
    private final List<String> values = new ArrayList<>(4);
    private int scopes;
    private RegistryError error;

    public TokenQuery() {
        this(true);
    }

    /** @param library whether the registry keeps one-component names under {@code library/} (Docker Hub) */
    public TokenQuery(boolean library) {
        this.library = library;
    }

    /**
     * Refuses an over-long query or one with too many parameters from its raw text, in one pass:
     * null when it may be parsed.
     */
    public static RegistryError precheck(String rawQuery) {
        if (rawQuery.length() > MAX_LENGTH) {
            return new RegistryError(ErrorCode.TOO_LARGE, 400, "the token request's query is too long",
                    "at most " + MAX_LENGTH + " characters");
        }
        int parameters = rawQuery.isEmpty() || rawQuery.equals("?") ? 0 : 1;
        for (int i = 0; i < rawQuery.length(); i++) {
            if (rawQuery.charAt(i) == '&') {
                parameters++;
            }
        }
        if (parameters > MAX_PARAMETERS) {
            return new RegistryError(ErrorCode.TOO_LARGE, 400, "the token request has too many parameters",
                    "at most " + MAX_PARAMETERS);
        }
        return null;
    }

    /** Takes one decoded parameter of the client's; unknown ones are left out. */
    public void add(String name, String value) {
        List<String> pull = accept(PASSED, name, value);
        for (int i = 0; pull != null && i < pull.size(); i++) {
            names.add("scope");
            values.add(pull.get(i));
        }
    }

    /** Takes one field of an OAuth2 token form; unknown ones are left out, the scope made pull-only. */
    public void addFormField(String name, String value) {
        List<String> pull = accept(FORM_FIELDS, name, value);
        if (pull != null && !pull.isEmpty()) {
            names.add("scope");
            values.add(String.join(" ", pull));
        }
    }

    /**
     * Keeps a listed parameter that is not a scope; for a scope, returns its pull-only scopes (counted
     * against {@link #MAX_SCOPES}) for the caller to add. Null when there is nothing (more) to add.
     */
    private List<String> accept(String[] listed, String name, String value) {
        if (error != null || !Tokens.contains(listed, name)) {
            return null;
        }
        if (!name.equals("scope")) {
            names.add(name);
            values.add(value);
            return null;
        }
        List<String> pull = Scope.normalizeAll(value, library);
        if (pull == null) {
            error = new RegistryError(ErrorCode.NAME_INVALID, 400, "malformed scope",
                    "scopes look like repository:library/redis:pull");
            return null;
        }
        scopes += pull.size();
        if (scopes > MAX_SCOPES) {
            error = new RegistryError(ErrorCode.TOO_LARGE, 400, "too many scopes", "at most " + MAX_SCOPES);
            return null;
        }
        return pull;
    }

    /**
     * The registry the scopes name by a host prefix ({@code repository:ghcr.io/owner/app:pull}, as clients that
     * pull {@code <mirror>/ghcr.io/owner/app} ask the realm of the mirror's {@code /v2/}): that registry's name,
     * "" when no scope has one, null when they name different ones or only some do.
     */
    public String scopeRegistry() {
        String named = null;
        boolean plain = false;
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals("scope")) {
                continue;
            }
            for (String text : Tokens.split(values.get(i), ' ')) {
                Scope scope = Scope.parse(text);
                String registry = scope == null ? null : UpstreamSelection.registryPrefix(scope.name());
                if (registry == null) {
                    plain = true;
                } else if (named == null) {
                    named = registry;
                } else if (!named.equals(registry)) {
                    return null;
                }
            }
        }
        return named == null ? "" : plain ? null : named;
    }

    /**
     * The scopes as {@code upstream}'s token service knows them: a registry prefix taken off, and
     * {@code library/} added to one-component names when {@code library} (Docker Hub).
     */
    public void retarget(boolean library) {
        for (int i = 0; i < names.size(); i++) {
            if (!names.get(i).equals("scope")) {
                continue;
            }
            StringBuilder out = new StringBuilder();
            for (String text : Tokens.split(values.get(i), ' ')) {
                Scope scope = Scope.parse(text);
                String name = scope.name();
                if (UpstreamSelection.registryPrefix(name) != null) {
                    name = name.substring(name.indexOf('/') + 1);
                }
                Scope plain = Scope.parse(scope.type() + ":" + name + ":" + scope.actions());
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.append(plain.pullOnly(library));
            }
            values.set(i, out.toString());
        }
    }

    /** Sets a parameter (replacing every one of the name); a null value removes it. */
    public void set(String name, String value) {
        int i;
        while ((i = names.indexOf(name)) >= 0) {
            names.remove(i);
            values.remove(i);
        }
        if (value != null) {
            names.add(0, name);
            values.add(0, value);
        }
    }

    /** Null when every parameter was acceptable. */
    public RegistryError error() {
        return error;
    }

    public int size() {
        return names.size();
    }

    public String name(int i) {
        return names.get(i);
    }

    public String value(int i) {
        return values.get(i);
    }

}
