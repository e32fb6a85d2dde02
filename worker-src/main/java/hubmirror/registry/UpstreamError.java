package hubmirror.registry;

/**
 * An upstream error answer that is not the registry's JSON (an HTML 416 from a CDN, a text 404 from a
 * proxy) as the registry error a client understands, with what it can do about it.
 */
public final class UpstreamError {
    private UpstreamError() {
    }

    public static RegistryError forStatus(RegistryRoute.Kind kind, int status) {
        switch (status) {
            case 401:
                return RegistryError.of(ErrorCode.UNAUTHORIZED, "the upstream registry asks for authentication");
            case 403:
                return RegistryError.of(ErrorCode.DENIED, "the upstream registry denied access to this repository");
            case 404:
                if (kind == RegistryRoute.Kind.MANIFEST) {
                    return RegistryError.of(ErrorCode.MANIFEST_UNKNOWN, "no such manifest upstream; check the tag or digest");
                }
                if (kind == RegistryRoute.Kind.BLOB) {
                    return RegistryError.of(ErrorCode.BLOB_UNKNOWN, "no such blob upstream");
                }
                return RegistryError.of(ErrorCode.NAME_UNKNOWN, "no such repository upstream; check the image name");
            case 416:
                return RegistryError.of(ErrorCode.RANGE_INVALID, "the requested range is outside the blob; "
                        + "start the download again from the beginning");
            default:
                if (status >= 500) {
                    return new RegistryError(ErrorCode.UNAVAILABLE, 502,
                            "the upstream registry failed (HTTP " + status + "); try again later", null);
                }
                return new RegistryError(ErrorCode.UNKNOWN, status, "the upstream registry refused the request (HTTP "
                        + status + ")", null);
        }
    }

    /** Whether an error answer's body is one the mirror relays: the registry's JSON. */
    public static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.trim().toLowerCase();
        return type.startsWith("application/json") || type.startsWith("application/problem+json");
    }
}
