package hubmirror.registry;

/**
 * Where a request under {@code /v2/} goes. Names contain {@code /}, so the endpoint is read from the end
 * of the path ({@code …/manifests/<ref>}, {@code …/blobs/<digest>}, {@code …/tags/list}, …) and everything
 * before it is the name.
 */
public final class RegistryRoute {
    /** Longer paths than this are not registry requests a client makes; refuse before parsing. */
    public static final int MAX_PATH_LENGTH = 2048;

    public enum Kind { BASE, CATALOG, MANIFEST, BLOB, BLOB_UPLOAD, TAGS, REFERRERS }

    private final Kind kind;
    private final String name;
    private final String upstreamPath;
    private final String reference;
    private final RegistryError error;

    private RegistryRoute(Kind kind, String name, String upstreamPath, RegistryError error) {
        this(kind, name, upstreamPath, null, error);
    }

    private RegistryRoute(Kind kind, String name, String upstreamPath, String reference, RegistryError error) {
        this.kind = kind;
        this.name = name;
        this.upstreamPath = upstreamPath;
        this.reference = reference;
        this.error = error;
    }

    /** Whether the mirror treats this path as registry API rather than the home page. */
    public static boolean isRegistryPath(String path) {
        return path.equals("/v2") || path.startsWith("/v2/");
    }

    /** Pull-only: registry requests that would change the upstream are refused. */
    public static boolean isReadMethod(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    /** A path of Docker Hub's: one-component names are {@code library/…}. */
    public static RegistryRoute parse(String path) {
        return parse(path, true);
    }

    /** @param library whether one-component names are {@code library/…} (Docker Hub; no other registry) */
    public static RegistryRoute parse(String path, boolean library) {
        if (path.length() > MAX_PATH_LENGTH) {
            return fail(ErrorCode.NAME_INVALID, 400, "request path is too long",
                    "at most " + MAX_PATH_LENGTH + " characters");
        }
        if (path.equals("/v2") || path.equals("/v2/")) {
            return new RegistryRoute(Kind.BASE, null, "/v2/", null);
        }
        if (path.equals("/v2/_catalog")) {
            return new RegistryRoute(Kind.CATALOG, null, path, null);
        }
        // the last three segments, read from the end: [s3 /] s2 / s1
        int end1 = path.length();
        int slash1 = path.lastIndexOf('/');
        int slash2 = slash1 > 3 ? path.lastIndexOf('/', slash1 - 1) : -1;
        int slash3 = slash2 > 3 ? path.lastIndexOf('/', slash2 - 1) : -1;
        Kind kind;
        int nameEnd;
        if (slash2 > 3 && is(path, slash2, slash1, "tags") && is(path, slash1, end1, "list")) {
            kind = Kind.TAGS;
            nameEnd = slash2;
        } else if (slash2 > 3 && is(path, slash2, slash1, "manifests")) {
            kind = Kind.MANIFEST;
            nameEnd = slash2;
        } else if (slash2 > 3 && is(path, slash2, slash1, "blobs")) {
            kind = is(path, slash1, end1, "uploads") ? Kind.BLOB_UPLOAD : Kind.BLOB;
            nameEnd = slash2;
        } else if (slash3 > 3 && is(path, slash3, slash2, "blobs") && is(path, slash2, slash1, "uploads")) {
            kind = Kind.BLOB_UPLOAD;
            nameEnd = slash3;
        } else if (slash2 > 3 && is(path, slash2, slash1, "referrers")) {
            kind = Kind.REFERRERS;
            nameEnd = slash2;
        } else {
            return fail(ErrorCode.NOT_FOUND, 404, "the registry API has no such endpoint", path);
        }
        String name = path.substring(4, nameEnd);
        if (!RepositoryName.isValid(name)) {
            return fail(ErrorCode.NAME_INVALID, 400, null, "repository names are lowercase letters, digits"
                    + " and . _ - separators, components joined by /, at most 255 characters");
        }
        String reference = path.substring(slash1 + 1);
        if (kind == Kind.MANIFEST && !Reference.isTag(reference) && !Reference.isDigest(reference)) {
            return reference.indexOf(':') >= 0
                    ? fail(ErrorCode.DIGEST_INVALID, 400, "invalid digest", null)
                    : fail(ErrorCode.TAG_INVALID, 400, "invalid tag", null);
        }
        if ((kind == Kind.BLOB || kind == Kind.REFERRERS) && !Reference.isDigest(reference)) {
            return fail(ErrorCode.DIGEST_INVALID, 400, "invalid digest", null);
        }
        String normalized = library ? RepositoryName.normalize(name) : name;
        // most names arrive complete: then the path is already the upstream's, and no string is built
        String upstreamPath = normalized.equals(name) ? path : "/v2/" + normalized + path.substring(nameEnd);
        boolean named = kind == Kind.MANIFEST || kind == Kind.BLOB || kind == Kind.REFERRERS;
        return new RegistryRoute(kind, normalized, upstreamPath, named ? reference : null, null);
    }

    /** Whether the segment after the slash at {@code slash}, up to {@code end}, is {@code literal}. */
    private static boolean is(String path, int slash, int end, String literal) {
        return end - slash - 1 == literal.length() && path.startsWith(literal, slash + 1);
    }

    private static RegistryRoute fail(ErrorCode code, int status, String message, String detail) {
        return new RegistryRoute(null, null, null, new RegistryError(code, status, message, detail));
    }

    /** Null when the path is a valid registry request. */
    public RegistryError error() {
        return error;
    }

    public Kind kind() {
        return kind;
    }

    /** The repository name as the upstream knows it ({@code library/…} for official images). */
    public String name() {
        return name;
    }

    /** The digest the answer's bytes must hash to, when the request named one; else null. */
    public String digest() {
        return reference != null && kind != Kind.REFERRERS && Reference.isDigest(reference) ? reference : null;
    }

    /** The tag a manifest request names, or null (a digest, or another endpoint). */
    public String tag() {
        return kind == Kind.MANIFEST && reference != null && !Reference.isDigest(reference) ? reference : null;
    }

    public String upstreamPath() {
        return upstreamPath;
    }
}
