package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/** Small lexical helpers shared by the protocol classes: membership in a fixed list, lists, unsigned decimals. */
public final class Tokens {
    private Tokens() {
    }

    /** The pieces of {@code value} between {@code separator}s, trimmed, empty ones left out (no regex: see DESIGN §3). */
    static List<String> split(String value, char separator) {
        List<String> out = new ArrayList<>(1);
        int start = 0;
        while (start <= value.length()) {
            int at = value.indexOf(separator, start);
            int end = at < 0 ? value.length() : at;
            String piece = value.substring(start, end).trim();
            if (!piece.isEmpty()) {
                out.add(piece);
            }
            start = end + 1;
        }
        return out;
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
