package hubmirror.registry;

/**
 * One {@code WWW-Authenticate} challenge: a scheme and its parameters,
 * {@code Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="…"}.
 * Parameter values are tokens or quoted strings; quoted strings may hold commas and escaped quotes.
 */
public final class AuthChallenge {
    private static final int MAX_PARAMS = 16;

    private final String scheme;
    private final String[] names;
    private final String[] values;
    private final int count;

    private AuthChallenge(String scheme, String[] names, String[] values, int count) {
        this.scheme = scheme;
        this.names = names;
        this.values = values;
        this.count = count;
    }

    /**
     * Null when the header is not exactly one challenge this tokenizer understands: anything after the last
     * parameter, a {@code ;} instead of a {@code ,}, a second scheme, a repeated parameter.
     */
    public static AuthChallenge parse(String header) {
        if (header == null) {
            return null;
        }
        int i = skipSpaces(header, 0);
        int schemeEnd = tokenEnd(header, i);
        if (schemeEnd == i) {
            return null;
        }
        String scheme = header.substring(i, schemeEnd);
        String[] names = new String[MAX_PARAMS];
        String[] values = new String[MAX_PARAMS];
        int count = 0;
        i = skipSpaces(header, schemeEnd);
        while (i < header.length()) {
            if (count == MAX_PARAMS) {
                return null;
            }
            int nameEnd = tokenEnd(header, i);
            if (nameEnd == i) {
                return null;
            }
            names[count] = header.substring(i, nameEnd).toLowerCase();
            for (int k = 0; k < count; k++) {
                if (names[k].equals(names[count])) {
                    return null; // a repeated parameter (two realms): which one would a client take?
                }
            }
            i = skipSpaces(header, nameEnd);
            if (i >= header.length() || header.charAt(i) != '=') {
                return null;
            }
            i = skipSpaces(header, i + 1);
            if (i < header.length() && header.charAt(i) == '"') {
                StringBuilder value = new StringBuilder();
                i++;
                while (i < header.length() && header.charAt(i) != '"') {
                    char c = header.charAt(i);
                    if (c == '\\' && i + 1 < header.length()) {
                        c = header.charAt(++i);
                    }
                    value.append(c);
                    i++;
                }
                if (i >= header.length()) {
                    return null;
                }
                values[count] = value.toString();
                i++;
            } else {
                int valueEnd = tokenEnd(header, i);
                values[count] = header.substring(i, valueEnd);
                i = valueEnd;
            }
            count++;
            i = skipSpaces(header, i);
            if (i < header.length()) {
                if (header.charAt(i) != ',') {
                    return null;
                }
                i = skipSpaces(header, i + 1);
            }
        }
        return new AuthChallenge(scheme, names, values, count);
    }

    /** A challenge of {@code scheme} with no parameters yet. */
    public static AuthChallenge of(String scheme) {
        return new AuthChallenge(scheme, new String[MAX_PARAMS], new String[MAX_PARAMS], 0);
    }

    public int count() {
        return count;
    }

    public String scheme() {
        return scheme;
    }

    public boolean isBearer() {
        return scheme.equalsIgnoreCase("Bearer");
    }

    /** The value of a parameter (names are case-insensitive), or null. */
    public String param(String name) {
        for (int i = 0; i < count; i++) {
            if (names[i].equals(name)) {
                return values[i];
            }
        }
        return null;
    }

    /** A copy with one parameter set (added at the end if absent). */
    public AuthChallenge with(String name, String value) {
        String[] n = names.clone();
        String[] v = values.clone();
        int c = count;
        int at = c;
        for (int i = 0; i < count; i++) {
            if (names[i].equals(name)) {
                at = i;
            }
        }
        if (at == c) {
            if (c == MAX_PARAMS) {
                return this;
            }
            n[at] = name;
            c++;
        }
        v[at] = value;
        return new AuthChallenge(scheme, n, v, c);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(scheme);
        for (int i = 0; i < count; i++) {
            out.append(i == 0 ? " " : ",").append(names[i]).append("=\"");
            String value = values[i];
            for (int k = 0; k < value.length(); k++) {
                char c = value.charAt(k);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        return out.toString();
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    // RFC 9110 token characters, plus / and : so an unquoted URL stays one value
    private static int tokenEnd(String s, int i) {
        while (i < s.length()) {
            char c = s.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~/:".indexOf(c) >= 0;
            if (!tchar) {
                break;
            }
            i++;
        }
        return i;
    }
}
