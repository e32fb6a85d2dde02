package hubmirror.registry;

/**
 * Error codes of the distribution API, with the HTTP status each one travels with; one code per meaning. The last
 * four are the mirror's own (as distribution registers its own beside the spec's), for what a registry has no
 * code for: a path that names nothing, a request part over the mirror's bounds, a request it cannot read.
 */
public enum ErrorCode {
    BLOB_UNKNOWN(404, "blob unknown to registry"),
    DIGEST_INVALID(400, "provided digest did not match uploaded content"),
    MANIFEST_INVALID(400, "manifest invalid"),
    MANIFEST_UNKNOWN(404, "manifest unknown"),
    NAME_INVALID(400, "invalid repository name"),
    NAME_UNKNOWN(404, "repository name not known to registry"),
    RANGE_INVALID(416, "invalid content range"),
    TAG_INVALID(400, "manifest tag did not match URI"),
    UNAUTHORIZED(401, "authentication required"),
    DENIED(403, "requested access to the resource is denied"),
    UNSUPPORTED(405, "the operation is unsupported"),
    TOOMANYREQUESTS(429, "too many requests"),
    UNAVAILABLE(503, "service unavailable"),
    UNKNOWN(500, "unknown error"),
    NOT_FOUND(404, "no such resource"),
    TOO_LARGE(413, "a part of the request is larger than the mirror takes"),
    UNSUPPORTED_MEDIA_TYPE(415, "the request's content type is not one this endpoint takes"),
    REQUEST_INVALID(400, "the request is malformed");

    private final int status;
    private final String message;

    ErrorCode(int status, String message) {
        this.status = status;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String defaultMessage() {
        return message;
    }
}
