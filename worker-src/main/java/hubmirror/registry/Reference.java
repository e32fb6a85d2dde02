package hubmirror.registry;

/** Tags and digests, the two ways a manifest is named. */
public final class Reference {
    private static final int MAX_TAG_LENGTH = 128;

    private Reference() {
    }

    /** {@code [A-Za-z0-9_][A-Za-z0-9_.-]{0,127}} */
    public static boolean isTag(String s) {
        if (s.isEmpty() || s.length() > MAX_TAG_LENGTH || !isWordChar(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isWordChar(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code algorithm ":" encoded}, algorithm = {@code [a-z0-9]+([+._-][a-z0-9]+)*}, encoded =
     * {@code [a-zA-Z0-9=_-]+}; sha256 and sha512 must be lowercase hex of their exact length.
     */
    public static boolean isDigest(String s) {
        int colon = s.indexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            return false;
        }
        String algorithm = s.substring(0, colon);
        if (!isAlgorithm(algorithm)) {
            return false;
        }
        int hexLength = algorithm.equals("sha256") ? 64 : algorithm.equals("sha512") ? 128 : -1;
        int encodedLength = s.length() - colon - 1;
        if (hexLength > 0 && encodedLength != hexLength) {
            return false;
        }
        for (int i = colon + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = hexLength > 0
                    ? (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')
                    : isWordChar(c) || c == '=' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlgorithm(String s) {
        boolean afterSeparator = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (RepositoryName.isAlphaNumeric(c)) {
                afterSeparator = false;
            } else if ((c == '+' || c == '.' || c == '_' || c == '-') && !afterSeparator) {
                afterSeparator = true;
            } else {
                return false;
            }
        }
        return !afterSeparator;
    }

    private static boolean isWordChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** The Web Crypto name of a digest's algorithm ({@code SHA-256}), or null for one the mirror cannot check. */
    public static String webCryptoAlgorithm(String digest) {
        if (digest == null) {
            return null;
        }
        if (digest.startsWith("sha256:") && digest.length() == 7 + 64) {
            return "SHA-256";
        }
        if (digest.startsWith("sha512:") && digest.length() == 7 + 128) {
            return "SHA-512";
        }
        return null;
    }

    /** The hex part of a digest, lowercase as the spec requires. */
    public static String hex(String digest) {
        return digest.substring(digest.indexOf(':') + 1);
    }
}
