package hubmirror.registry;

/**
 * {@code If-None-Match} against content named by its digest (RFC 9110 §13.1.2): the mirror's answers carry
 * {@code ETag: "<digest>"}, as distribution's do, so a client that has the content gets {@code 304} without it.
 * A list of entity tags, weak ({@code W/"…"}) or strong, compared weakly; {@code *} matches anything.
 */
public final class EntityTag {
    private EntityTag() {
    }

    /** The strong entity tag of {@code digest}. */
    public static String of(String digest) {
        return "\"" + digest + "\"";
    }

    /** Whether {@code ifNoneMatch} (null: absent) names the content {@code digest} names, or is {@code *}. */
    public static boolean matches(String ifNoneMatch, String digest) {
        if (ifNoneMatch == null) {
            return false;
        }
        int i = 0;
        int n = ifNoneMatch.length();
        while (i < n) {
            while (i < n && (ifNoneMatch.charAt(i) == ' ' || ifNoneMatch.charAt(i) == '\t' || ifNoneMatch.charAt(i) == ',')) {
                i++;
            }
            if (i == n) {
                return false;
            }
            if (ifNoneMatch.charAt(i) == '*') {
                return true;
            }
            if (ifNoneMatch.startsWith("W/", i)) {
                i += 2;
            }
            if (i >= n || ifNoneMatch.charAt(i) != '"') {
                return false; // not a list of entity tags: nothing matches
            }
            int end = ifNoneMatch.indexOf('"', i + 1);
            if (end < 0) {
                return false;
            }
            if (ifNoneMatch.regionMatches(i + 1, digest, 0, digest.length()) && end - i - 1 == digest.length()) {
                return true;
            }
            i = end + 1;
        }
        return false;
    }
}
