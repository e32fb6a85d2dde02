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
    private final RegistryError error;

    private RegistryRoute(Kind kind, String name, String upstreamPath, RegistryError error) {
        this.kind = kind;
        this.name = name;
        this.upstreamPath = upstreamPath;
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

    public static RegistryRoute parse(String path) {
        if (path.length() > MAX_PATH_LENGTH) {
            return fail(ErrorCode.NAME_INVALID, 400, "request path is too long",
                    "at most " + MAX_PATH_LENGTH + " characters");
        }
        if (path.equals("/v2") || path.equals("/v2/")) {
            return new RegistryRoute(Kind.BASE, null, "/v2/", null);
        }
        String rest = path.substring(4);
        if (rest.equals("_catalog")) {
            return new RegistryRoute(Kind.CATALOG, null, path, null);
        }
        String[] segments = segments(rest);
        int n = segments.length;
        Kind kind;
        int nameSegments;
        if (n >= 3 && segments[n - 2].equals("tags") && segments[n - 1].equals("list")) {
            kind = Kind.TAGS;
            nameSegments = n - 2;
        } else if (n >= 3 && segments[n - 2].equals("manifests")) {
            kind = Kind.MANIFEST;
            nameSegments = n - 2;
        } else if (n >= 3 && segments[n - 2].equals("blobs") && !segments[n - 1].equals("uploads")) {
            kind = Kind.BLOB;
            nameSegments = n - 2;
        } else if (n >= 3 && segments[n - 2].equals("blobs")) {
            kind = Kind.BLOB_UPLOAD;
            nameSegments = n - 2;
        } else if (n >= 4 && segments[n - 3].equals("blobs") && segments[n - 2].equals("uploads")) {
            kind = Kind.BLOB_UPLOAD;
            nameSegments = n - 3;
        } else if (n >= 3 && segments[n - 2].equals("referrers")) {
            kind = Kind.REFERRERS;
            nameSegments = n - 2;
        } else {
            return fail(ErrorCode.UNSUPPORTED, 404, "the registry API has no such endpoint", path);
        }
        int nameLength = nameSegments - 1;
        for (int i = 0; i < nameSegments; i++) {
            nameLength += segments[i].length();
        }
        String name = rest.substring(0, nameLength);
        if (!RepositoryName.isValid(name)) {
            return fail(ErrorCode.NAME_INVALID, 400, null, "repository names are lowercase letters, digits"
                    + " and . _ - separators, components joined by /, at most 255 characters");
        }
        String reference = segments[n - 1];
        if (kind == Kind.MANIFEST && !Reference.isTag(reference) && !Reference.isDigest(reference)) {
            return reference.indexOf(':') >= 0
                    ? fail(ErrorCode.DIGEST_INVALID, 400, "invalid digest", null)
                    : fail(ErrorCode.TAG_INVALID, 400, "invalid tag", null);
        }
        if ((kind == Kind.BLOB || kind == Kind.REFERRERS) && !Reference.isDigest(reference)) {
            return fail(ErrorCode.DIGEST_INVALID, 400, "invalid digest", null);
        }
        String normalized = RepositoryName.normalize(name);
        // most names arrive complete: then the path is already the upstream's, and no string is built
        String upstreamPath = normalized.equals(name) ? path : "/v2/" + normalized + rest.substring(nameLength);
        return new RegistryRoute(kind, normalized, upstreamPath, null);
    }

    private static RegistryRoute fail(ErrorCode code, int status, String message, String detail) {
        return new RegistryRoute(null, null, null, new RegistryError(code, status, message, detail));
    }

    // String.split would pull the regex engine into the bundle.
    private static String[] segments(String s) {
        int count = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '/') {
                count++;
            }
        }
        String[] out = new String[count];
        int start = 0;
        for (int k = 0; k < count; k++) {
            int slash = s.indexOf('/', start);
            int end = slash < 0 ? s.length() : slash;
            out[k] = s.substring(start, end);
            start = end + 1;
        }
        return out;
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

    public String upstreamPath() {
        return upstreamPath;
    }
}
