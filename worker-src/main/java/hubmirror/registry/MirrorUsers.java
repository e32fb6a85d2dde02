package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The mirror's own users ({@code MIRROR_USERS}, a secret: {@code name:password} pairs, comma-separated). With
 * users set the mirror is private: a client logs in to the mirror ({@code docker login <host>}), gets a token
 * the mirror signs (scoped to pull of the repositories it asked for, short-lived), and the mirror pulls for it
 * with its own upstream identity.
 */
public final class MirrorUsers {
    private final List<String> names;
    private final List<String> passwords;

    private MirrorUsers(List<String> names, List<String> passwords) {
        this.names = names;
        this.passwords = passwords;
    }

    /** Null when an entry has no {@code name:} or a name outside {@code [A-Za-z0-9._-]}, or a name repeats. */
    public static MirrorUsers parse(String list) {
        List<String> names = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        for (String entry : Tokens.split(list, ',')) {
            int colon = entry.indexOf(':');
            String name = colon > 0 ? entry.substring(0, colon) : null;
            if (name == null || colon == entry.length() - 1 || !isName(name) || names.contains(name)) {
                return null;
            }
            names.add(name);
            passwords.add(entry.substring(colon + 1));
        }
        return names.isEmpty() ? null : new MirrorUsers(names, passwords);
    }

    /** {@code name:password} of the user of this name, or null when there is none (what a token is bound to). */
    public String entryOf(String name) {
        int i = names.indexOf(name);
        return i < 0 ? null : name + ":" + passwords.get(i);
    }

    /** The user's name when {@code password} is theirs, else null; compared in time independent of where it differs. */
    public String authenticate(String name, String password) {
        int i = names.indexOf(name);
        String expected = i < 0 ? "" : passwords.get(i);
        int diff = expected.length() ^ password.length();
        for (int k = 0; k < password.length(); k++) {
            diff |= password.charAt(k) ^ (expected.isEmpty() ? 0 : expected.charAt(k % expected.length()));
        }
        return i >= 0 && diff == 0 ? name : null;
    }

    public static boolean isName(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The repositories a token request's pull scopes name, as full names with their registry
     * ({@code docker.io/library/redis}): a scope's own registry prefix, else {@code upstream}'s (the realm's).
     * {@code library/} only for Docker Hub.
     */
    public static List<String> repositories(TokenQuery query, String upstream) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < query.size(); i++) {
            if (!query.name(i).equals("scope")) {
                continue;
            }
            for (String text : Tokens.split(query.value(i), ' ')) {
                Scope scope = Scope.parse(text);
                String name = scope.name();
                String registry = UpstreamSelection.registryPrefix(name);
                if (registry != null) {
                    name = name.substring(name.indexOf('/') + 1);
                } else {
                    registry = upstream;
                }
                String full = registry + "/" + (registry.equals(UpstreamTable.DOCKER_HUB) ? RepositoryName.normalize(name) : name);
                if (!out.contains(full)) {
                    out.add(full);
                }
            }
        }
        return out;
    }
}
