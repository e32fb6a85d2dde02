package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * A token scope, {@code resourcetype ":" resourcename ":" action ("," action)*}, e.g.
 * {@code repository:library/redis:pull}. The name may itself hold a {@code :} (a registry port), so the
 * type ends at the first colon and the actions start after the last.
 */
public final class Scope {
    private final String type;
    private final String name;
    private final String actions;

    private Scope(String type, String name, String actions) {
        this.type = type;
        this.name = name;
        this.actions = actions;
    }

    /** Null when {@code text} is not a scope. */
    public static Scope parse(String text) {
        int first = text.indexOf(':');
        int last = text.lastIndexOf(':');
        if (first <= 0 || last <= first + 1 || last == text.length() - 1) {
            return null;
        }
        String type = text.substring(0, first);
        String name = text.substring(first + 1, last);
        String actions = text.substring(last + 1);
        if (!isResourceType(type) || !isActions(actions)) {
            return null;
        }
        if (type.equals("repository") && !RepositoryName.isValid(name)) {
            return null;
        }
        return new Scope(type, name, actions);
    }

    /** Short names in repository scopes become {@code library/…}, as Docker Hub names them. */
    public Scope normalized() {
        return type.equals("repository") ? new Scope(type, RepositoryName.normalize(name), actions) : this;
    }

    /**
     * What the mirror may ask a token service for: {@code pull} of a repository, nothing else. A scope that
     * grants pull ({@code pull}, {@code pull,push}, {@code *}) becomes {@code repository:<name>:pull}; one
     * that does not (push or delete only, {@code registry:catalog:*}, plugins) is null: the mirror drops it.
     */
    public Scope pullOnly() {
        return pullOnly(true);
    }

    /** {@link #pullOnly()}, with {@code library/} names only for a registry that has them (Docker Hub). */
    public Scope pullOnly(boolean library) {
        if (!type.equals("repository") || !grantsPull(actions)) {
            return null;
        }
        return new Scope(type, library ? normalized().name : name, "pull");
    }

    /**
     * A scope parameter, which may hold several scopes separated by spaces, as the mirror passes it on:
     * one pull-only scope per entry ({@link #pullOnly()}), duplicates once, the others dropped (so the list
     * may be empty). Null if any entry is malformed or there is none at all.
     */
    public static List<String> normalizeAll(String list) {
        return normalizeAll(list, true);
    }

    /** {@link #normalizeAll(String)}, with {@code library/} names only when {@code library} (Docker Hub). */
    public static List<String> normalizeAll(String list, boolean library) {
        List<String> out = new ArrayList<>(2);
        boolean any = false;
        int start = 0;
        while (start <= list.length()) {
            int space = list.indexOf(' ', start);
            int end = space < 0 ? list.length() : space;
            if (end > start) {
                Scope scope = parse(list.substring(start, end));
                if (scope == null) {
                    return null;
                }
                any = true;
                Scope pull = scope.pullOnly(library);
                if (pull != null && !out.contains(pull.toString())) {
                    out.add(pull.toString());
                }
            }
            start = end + 1;
        }
        return any ? out : null;
    }

    private static boolean grantsPull(String actions) {
        int start = 0;
        while (start <= actions.length()) {
            int comma = actions.indexOf(',', start);
            int end = comma < 0 ? actions.length() : comma;
            if (actions.startsWith("pull", start) && end - start == 4 || actions.startsWith("*", start) && end - start == 1) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    // [a-z0-9]+ optionally followed by "(" [a-z0-9]+ ")", e.g. repository(plugin)
    private static boolean isResourceType(String s) {
        int open = s.indexOf('(');
        if (open < 0) {
            return isLowerAlnum(s, 0, s.length());
        }
        return s.charAt(s.length() - 1) == ')' && isLowerAlnum(s, 0, open)
                && isLowerAlnum(s, open + 1, s.length() - 1);
    }

    private static boolean isLowerAlnum(String s, int start, int end) {
        if (start >= end) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!RepositoryName.isAlphaNumeric(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    // action ("," action)*, action = [a-z]+ or "*"
    private static boolean isActions(String s) {
        int start = 0;
        while (true) {
            int comma = s.indexOf(',', start);
            int end = comma < 0 ? s.length() : comma;
            boolean ok = end - start == 1 && s.charAt(start) == '*';
            if (!ok) {
                ok = end > start;
                for (int i = start; i < end && ok; i++) {
                    char c = s.charAt(i);
                    ok = c >= 'a' && c <= 'z';
                }
            }
            if (!ok) {
                return false;
            }
            if (comma < 0) {
                return true;
            }
            start = comma + 1;
        }
    }

    public String type() {
        return type;
    }

    public String name() {
        return name;
    }

    public String actions() {
        return actions;
    }

    @Override
    public String toString() {
        return type + ":" + name + ":" + actions;
    }
}
