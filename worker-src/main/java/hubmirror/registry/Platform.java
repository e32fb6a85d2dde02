package hubmirror.registry;

/**
 * A platform as {@code os/architecture[/variant]}, matched the way containerd and Docker match one: an architecture's
 * usual names are one ({@code aarch64} is {@code arm64}, {@code x86_64} is {@code amd64}), and a variant left out is
 * the architecture's default ({@code v8} for {@code arm64}, {@code v7} for {@code arm}), so {@code linux/arm64} is
 * the index entry {@code linux/arm64/v8}.
 */
public final class Platform {
    private Platform() {
    }

    /** Whether {@code asked} (as a user names it) is {@code entry} (as an index entry names it). */
    public static boolean matches(String asked, String entry) {
        return normalize(asked).equals(normalize(entry));
    }

    /** {@code os/architecture/variant} with the usual names, the default variant filled in where there is one. */
    static String normalize(String platform) {
        int first = platform.indexOf('/');
        if (first < 0) {
            return platform;
        }
        int second = platform.indexOf('/', first + 1);
        String os = platform.substring(0, first);
        String arch = second < 0 ? platform.substring(first + 1) : platform.substring(first + 1, second);
        String variant = second < 0 ? "" : platform.substring(second + 1);
        if (arch.equals("aarch64")) {
            arch = "arm64";
        } else if (arch.equals("x86_64") || arch.equals("x86-64")) {
            arch = "amd64";
        } else if (arch.equals("armhf")) {
            arch = "arm";
            variant = variant.isEmpty() ? "v7" : variant;
        }
        if (variant.isEmpty()) {
            variant = arch.equals("arm64") ? "v8" : arch.equals("arm") ? "v7" : "";
        }
        return variant.isEmpty() ? os + "/" + arch : os + "/" + arch + "/" + variant;
    }
}
