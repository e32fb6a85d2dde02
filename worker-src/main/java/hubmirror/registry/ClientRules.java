package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * Who may pull ({@code ALLOW_IPS}, {@code ALLOW_COUNTRIES}): CIDRs (IPv4 and IPv6; a bare address is one
 * host) on the client's address, and ISO 3166 country codes on the country Cloudflare reports. Each list
 * that is set must match; unset lists allow everyone.
 */
public final class ClientRules {
    private final List<int[]> networks;
    private final List<String> countries;

    private ClientRules(List<int[]> networks, List<String> countries) {
        this.networks = networks;
        this.countries = countries;
    }

    /**
     * The rules of {@code ALLOW_IPS} ({@code ips}) and {@code ALLOW_COUNTRIES} (null: unset); a list with a malformed
     * CIDR or country code is a sentence in {@code problems} and counts as unset.
     */
    public static ClientRules read(String ips, String countryList, List<String> problems) {
        List<int[]> networks = networks(ips);
        List<String> countries = countries(countryList);
        if (networks == null) {
            problems.add("ALLOW_IPS must be comma-separated CIDRs like 192.0.2.0/24 or 2001:db8::/32");
        }
        if (countries == null) {
            problems.add("ALLOW_COUNTRIES must be comma-separated ISO country codes like CN,HK");
        }
        return new ClientRules(networks != null ? networks : new ArrayList<>(), countries != null ? countries : new ArrayList<>());
    }

    public boolean isOpen() {
        return networks.isEmpty() && countries.isEmpty();
    }

    /** Whether a client at {@code address} (null: unknown) in {@code country} (null: unknown) may pull. */
    public boolean permits(String address, String country) {
        if (!networks.isEmpty()) {
            int[] bytes = address == null ? null : IpAddress.client(address.trim());
            boolean inside = false;
            for (int i = 0; bytes != null && i < networks.size() && !inside; i++) {
                inside = contains(networks.get(i), bytes);
            }
            if (!inside) {
                return false;
            }
        }
        return countries.isEmpty() || country != null && countries.contains(country.toUpperCase());
    }

    // network: address bytes, then the prefix length as the last element
    private static boolean contains(int[] network, int[] address) {
        int bits = network[network.length - 1];
        if (network.length - 1 != address.length) {
            return false;
        }
        for (int i = 0; i < address.length && bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
            if ((network[i] & mask) != (address[i] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static List<int[]> networks(String list) {
        List<int[]> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (String entry : Tokens.split(list, ',')) {
            int slash = entry.indexOf('/');
            int[] address = IpAddress.parse(slash < 0 ? entry : entry.substring(0, slash));
            if (address == null) {
                return null;
            }
            int bits = slash < 0 ? address.length * 8 : (int) Tokens.unsignedDecimal(entry.substring(slash + 1), 3);
            if (bits < 0 || bits > address.length * 8) {
                return null;
            }
            int[] network = new int[address.length + 1];
            System.arraycopy(address, 0, network, 0, address.length);
            network[address.length] = bits;
            out.add(network);
        }
        return out;
    }

    private static List<String> countries(String list) {
        List<String> out = new ArrayList<>();
        if (list == null) {
            return out;
        }
        for (String entry : Tokens.split(list, ',')) {
            String code = entry.toUpperCase();
            if (code.length() != 2 || code.charAt(0) < 'A' || code.charAt(0) > 'Z' || code.charAt(1) < 'A' || code.charAt(1) > 'Z') {
                return null;
            }
            out.add(code);
        }
        return out;
    }
}
