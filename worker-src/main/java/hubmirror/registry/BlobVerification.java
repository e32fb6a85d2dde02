package hubmirror.registry;

/**
 * What the mirror checks of a blob before the edge cache serves it ({@code VERIFY_BLOBS}). Every registry client
 * (docker, containerd, podman, skopeo) hashes each blob it pulls and refuses one that does not match, so the
 * mirror's own check is about what it keeps for others:
 * <ul>
 * <li>{@code length} (the default): the stored body has exactly the length the upstream declared, or it is not
 *     served. Costs no CPU per byte, so it fits the Workers Free plan.</li>
 * <li>{@code digest}: besides, what was stored is read back and hashed natively before it may be served
 *     (about 6 ms of CPU per MB: for paid plans).</li>
 * </ul>
 */
public enum BlobVerification {
    LENGTH("length"),
    DIGEST("digest");

    private final String setting;

    BlobVerification(String setting) {
        this.setting = setting;
    }

    /** The policy {@code value} names; unset, empty or unknown ({@link #isValid} tells) is {@link #LENGTH}. */
    public static BlobVerification parse(String value) {
        return value != null && value.equals(DIGEST.setting) ? DIGEST : LENGTH;
    }

    /** Whether {@code value} is unset or names a policy. */
    public static boolean isValid(String value) {
        return value == null || value.isEmpty() || value.equals(LENGTH.setting) || value.equals(DIGEST.setting);
    }

    public String setting() {
        return setting;
    }
}
