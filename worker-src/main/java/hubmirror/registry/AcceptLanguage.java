package hubmirror.registry;

/**
 * Picks the home page's language from {@code Accept-Language}: Chinese or English, whichever the client
 * ranks higher ({@code zh-CN,zh;q=0.9,en;q=0.8}); English when it names neither.
 */
public final class AcceptLanguage {
    private AcceptLanguage() {
    }

    public static String choose(String header) {
        if (header == null) {
            return "en";
        }
        int best = -1;
        String chosen = "en";
        int start = 0;
        while (start < header.length()) {
            int comma = header.indexOf(',', start);
            int end = comma < 0 ? header.length() : comma;
            String range = header.substring(start, end).trim();
            int semicolon = range.indexOf(';');
            String tag = (semicolon < 0 ? range : range.substring(0, semicolon)).trim().toLowerCase();
            int q = semicolon < 0 ? 1000 : quality(range.substring(semicolon + 1));
            String language = primary(tag);
            if (language != null && q > best) {
                best = q;
                chosen = language;
            }
            start = end + 1;
        }
        return best > 0 ? chosen : "en";
    }

    private static String primary(String tag) {
        if (tag.equals("zh") || tag.startsWith("zh-")) {
            return "zh";
        }
        if (tag.equals("en") || tag.startsWith("en-")) {
            return "en";
        }
        return null;
    }

    // q=0.8 → 800; anything unreadable counts as q=0
    private static int quality(String params) {
        String p = params.trim();
        if (!p.startsWith("q=")) {
            return 1000;
        }
        String v = p.substring(2).trim();
        if (v.isEmpty() || (v.charAt(0) != '0' && v.charAt(0) != '1')) {
            return 0;
        }
        int value = (v.charAt(0) - '0') * 1000;
        int scale = 100;
        for (int i = 2; i < v.length() && i < 5; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9' || v.charAt(1) != '.') {
                return 0;
            }
            value += (c - '0') * scale;
            scale /= 10;
        }
        return Math.min(value, 1000);
    }
}
