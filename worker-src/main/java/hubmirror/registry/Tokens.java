package hubmirror.registry;

/** Small lexical helpers shared by the protocol classes: membership in a fixed list, unsigned decimals. */
public final class Tokens {
    private Tokens() {
    }

    static boolean contains(String[] list, String name) {
        for (String entry : list) {
            if (entry.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** An unsigned decimal of at most {@code maxDigits} digits, or -1 (absent, empty, signed, 1e3, too long). */
    public static double unsignedDecimal(String value, int maxDigits) {
        if (value == null || value.isEmpty() || value.length() > maxDigits) {
            return -1;
        }
        double n = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
