package hubmirror.registry;

/** IPv4 ({@code 192.0.2.1}) and IPv6 ({@code 2001:db8::1}, {@code ::ffff:192.0.2.1}) addresses as bytes. */
public final class IpAddress {
    private IpAddress() {
    }

    /** 4 or 16 bytes (0–255 each), or null when {@code s} is not an address. */
    public static int[] parse(String s) {
        return s.indexOf(':') >= 0 ? v6(s) : v4(s, new int[4], 0);
    }

    /**
     * A client's address as bytes: {@link #parse}, with an IPv4-mapped IPv6 address ({@code ::ffff:192.0.2.1})
     * taken as the IPv4 address it carries, so that it meets the IPv4 rules and rate-limit buckets of that address.
     */
    public static int[] client(String s) {
        int[] bytes = parse(s);
        if (bytes == null || bytes.length != 16 || bytes[10] != 0xff || bytes[11] != 0xff) {
            return bytes;
        }
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return bytes;
            }
        }
        return new int[] {bytes[12], bytes[13], bytes[14], bytes[15]};
    }

    private static int[] v4(String s, int[] out, int at) {
        int part = 0;
        int start = 0;
        while (start <= s.length()) {
            int dot = s.indexOf('.', start);
            int end = dot < 0 ? s.length() : dot;
            if (part == 4 || end == start || end - start > 3 || (end - start > 1 && s.charAt(start) == '0')) {
                return null;
            }
            int value = (int) Tokens.unsignedDecimal(s.substring(start, end), 3);
            if (value < 0 || value > 255) {
                return null;
            }
            out[at + part++] = value;
            start = end + 1;
        }
        return part == 4 ? out : null;
    }

    private static int[] v6(String s) {
        int[] out = new int[16];
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap < 0 ? s : s.substring(0, gap);
        String tail = gap < 0 ? "" : s.substring(gap + 2);
        int[] front = new int[16];
        int n = groups(head, front, 0, gap < 0);
        int[] back = new int[16];
        int m = groups(tail, back, 0, true);
        if (n < 0 || m < 0 || n + m > 16 || (gap < 0 && n != 16) || (gap >= 0 && n + m == 16)) {
            return null;
        }
        System.arraycopy(front, 0, out, 0, n);
        System.arraycopy(back, 0, out, 16 - m, m);
        return out;
    }

    // hex groups separated by ':' (the last may be an IPv4 address when allowed); bytes written, or -1
    private static int groups(String s, int[] out, int at, boolean v4Last) {
        if (s.isEmpty()) {
            return 0;
        }
        int n = 0;
        int start = 0;
        while (start <= s.length()) {
            int colon = s.indexOf(':', start);
            int end = colon < 0 ? s.length() : colon;
            String group = s.substring(start, end);
            if (colon < 0 && v4Last && group.indexOf('.') >= 0) {
                return n + 4 <= 16 && v4(group, out, n) != null ? n + 4 : -1;
            }
            if (group.isEmpty() || group.length() > 4 || n + 2 > 16) {
                return -1;
            }
            int value = 0;
            for (int i = 0; i < group.length(); i++) {
                int d = hex(group.charAt(i));
                if (d < 0) {
                    return -1;
                }
                value = value * 16 + d;
            }
            out[n++] = value >> 8;
            out[n++] = value & 0xff;
            start = end + 1;
        }
        return n;
    }

    // Character.digit would bring TeaVM's Unicode tables into the bundle
    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /**
     * Whom a rate limit counts for an address: an IPv4 address as it is, an IPv6 address by its /64 (one
     * subscriber's network; an address in it costs nothing to change), anything else as one "unknown" client.
     */
    public static String clientKey(String address) {
        int[] bytes = address == null ? null : client(address.trim());
        if (bytes == null) {
            return "unknown";
        }
        if (bytes.length == 4) {
            return bytes[0] + "." + bytes[1] + "." + bytes[2] + "." + bytes[3];
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i += 2) {
            out.append(Integer.toHexString(bytes[i] << 8 | bytes[i + 1])).append(':');
        }
        return out.append(":/64").toString();
    }
}
