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
public final class BlobVerification {
    public static final String LENGTH = "length";
    public static final String DIGEST = "digest";

    private BlobVerification() {
    }

    /** Whether {@code value} asks for the digest check; unset, empty or {@code length} does not. */
    public static boolean isDigest(String value) {
        return DIGEST.equals(value);
    }

    /** Whether {@code value} is unset or names a policy. */
    public static boolean isValid(String value) {
        return value == null || value.isEmpty() || value.equals(LENGTH) || value.equals(DIGEST);
    }
}
