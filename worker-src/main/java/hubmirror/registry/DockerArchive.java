package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * The tar {@code docker save} writes since Docker 25, as {@code docker load}, {@code podman load},
 * {@code skopeo copy docker-archive:} and {@code ctr image import} read it: an OCI image layout ({@code oci-layout},
 * {@code index.json}, {@code blobs/sha256/<hex>} with the manifest, the config and the layers as the registry
 * serves them) plus {@code manifest.json} and {@code repositories} for older loaders. Its members and their sizes
 * are known from the manifest alone, so the whole length is known before the first byte. Headers and the small
 * files are ASCII text (a NUL is a char), written as one string per member.
 */
public final class DockerArchive {
    private static final int BLOCK = 512;

    /** One member: a directory, a small file written here ({@link #text}), or a blob streamed as it is. */
    public static final class Member {
        private final String name;
        private final double size;
        private final String text;
        private final String digest;

        private Member(String name, double size, String text, String digest) {
            this.name = name;
            this.size = size;
            this.text = text;
            this.digest = digest;
        }

        public String name() {
            return name;
        }

        public double size() {
            return size;
        }

        /** The member's content when the archive writes it (a directory: empty); null for a blob. */
        public String text() {
            return text;
        }

        /** The blob a streamed member holds; null for a written one. */
        public String digest() {
            return digest;
        }

        /** The member's header: 512 bytes of ustar, as chars. */
        public String header() {
            return DockerArchive.header(name, size, name.endsWith("/"));
        }

        /** The zeros after the content, up to the next block. */
        public String padding() {
            int rest = (int) (size % BLOCK);
            return rest == 0 ? "" : zeros(BLOCK - rest);
        }
    }

    private final List<Member> members = new ArrayList<>();

    private DockerArchive() {
    }

    /**
     * The archive of one image: its manifest, its config and its layers, each a member the writer fills with the
     * blob's bytes as the registry served them, named {@code repoTag} for {@code docker load} (null: untagged) and
     * {@code imageName} for containerd ({@code docker.io/library/nginx:1.27}).
     */
    public static DockerArchive of(String manifestDigest, String manifestType, double manifestSize, String configDigest,
            double configSize, List<String> layerDigests, List<Double> layerSizes, String repoTag, String imageName) {
        DockerArchive archive = new DockerArchive();
        archive.members.add(new Member("blobs/", 0, "", null));
        archive.members.add(new Member("blobs/sha256/", 0, "", null));
        archive.members.add(new Member(path(manifestDigest), manifestSize, null, manifestDigest));
        archive.members.add(new Member(path(configDigest), configSize, null, configDigest));
        for (int i = 0; i < layerDigests.size(); i++) {
            archive.members.add(new Member(path(layerDigests.get(i)), layerSizes.get(i), null, layerDigests.get(i)));
        }
        archive.file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
        String tag = repoTag != null ? repoTag.substring(repoTag.lastIndexOf(':') + 1) : null;
        archive.file("index.json", "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[{\"mediaType\":" + quoted(manifestType) + ",\"digest\":" + quoted(manifestDigest)
                + ",\"size\":" + (int) manifestSize + ",\"annotations\":{\"io.containerd.image.name\":" + quoted(imageName)
                + (tag != null ? ",\"org.opencontainers.image.ref.name\":" + quoted(tag) : "") + "}}]}");
        StringBuilder layers = new StringBuilder();
        for (int i = 0; i < layerDigests.size(); i++) {
            layers.append(i == 0 ? "" : ",").append(quoted(path(layerDigests.get(i))));
        }
        archive.file("manifest.json", "[{\"Config\":" + quoted(path(configDigest)) + ",\"RepoTags\":["
                + (repoTag != null ? quoted(repoTag) : "") + "],\"Layers\":[" + layers + "]}]");
        if (repoTag != null) {
            int colon = repoTag.lastIndexOf(':');
            archive.file("repositories", "{" + quoted(repoTag.substring(0, colon)) + ":{" + quoted(tag) + ":"
                    + quoted(Reference.hex(configDigest)) + "}}");
        }
        return archive;
    }

    private void file(String name, String text) {
        members.add(new Member(name, text.length(), text, null));
    }

    public List<Member> members() {
        return members;
    }

    /** The archive's length in bytes: every member's header, content and padding, and the two zero blocks that end it. */
    public double length() {
        double total = 2 * BLOCK;
        for (Member member : members) {
            total += BLOCK + member.size() + member.padding().length();
        }
        return total;
    }

    /** A stretch of the archive: text the archive writes, or a blob's bytes; where it starts, and how long it is. */
    public static final class Piece {
        private final double offset;
        private final double length;
        private final String text;
        private final String digest;

        Piece(double offset, double length, String text, String digest) {
            this.offset = offset;
            this.length = length;
            this.text = text;
            this.digest = digest;
        }

        public double offset() {
            return offset;
        }

        public double length() {
            return length;
        }

        /** The text of a written stretch; null for a blob's. */
        public String text() {
            return text;
        }

        /** The blob whose bytes this stretch is; null for a written one. */
        public String digest() {
            return digest;
        }
    }

    /** The archive from its first byte to its last, as stretches of text and blobs (text runs merged). */
    public List<Piece> pieces() {
        List<Piece> pieces = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        double offset = 0;
        double textStart = 0;
        for (Member member : members) {
            text.append(member.header());
            if (member.text() != null) {
                text.append(member.text());
            } else {
                if (text.length() > 0) {
                    pieces.add(new Piece(textStart, text.length(), text.toString(), null));
                }
                offset = textStart + text.length();
                pieces.add(new Piece(offset, member.size(), null, member.digest()));
                offset += member.size();
                textStart = offset;
                text.setLength(0);
            }
            text.append(member.padding());
        }
        text.append(end());
        pieces.add(new Piece(textStart, text.length(), text.toString(), null));
        return pieces;
    }

    /** The two zero blocks that end a tar. */
    public static String end() {
        return zeros(2 * BLOCK);
    }

    static String path(String digest) {
        return "blobs/sha256/" + Reference.hex(digest);
    }

    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    /** A ustar header: name, mode, uid, gid, size, mtime, checksum, type, and the magic; the rest zeros. */
    static String header(String name, double size, boolean directory) {
        StringBuilder h = new StringBuilder(BLOCK);
        field(h, name, 100);
        field(h, octal(directory ? 0755 : 0644, 7), 8);
        field(h, octal(0, 7), 8);
        field(h, octal(0, 7), 8);
        field(h, octal(size, 11), 12);
        field(h, octal(0, 11), 12);
        h.append("        "); // the checksum, counted as spaces
        h.append(directory ? '5' : '0');
        field(h, "", 100);
        h.append("ustar\u0000").append("00");
        field(h, "", 32);
        field(h, "", 32);
        field(h, "", 8);
        field(h, "", 8);
        field(h, "", 155);
        h.append(zeros(BLOCK - h.length()));
        int sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += h.charAt(i);
        }
        String checksum = octal(sum, 6) + " "; // six digits, a NUL, a space
        return h.substring(0, 148) + checksum + h.substring(156);
    }

    private static void field(StringBuilder h, String value, int width) {
        h.append(value);
        h.append(zeros(width - value.length()));
    }

    /** {@code value} in octal, {@code digits} wide with leading zeros, then a NUL. */
    private static String octal(double value, int digits) {
        StringBuilder out = new StringBuilder();
        double rest = Math.floor(value);
        while (rest > 0) {
            int digit = (int) (rest % 8);
            out.insert(0, (char) ('0' + digit));
            rest = Math.floor(rest / 8);
        }
        while (out.length() < digits) {
            out.insert(0, '0');
        }
        return out.append('\u0000').toString();
    }

    private static String zeros(int count) {
        StringBuilder out = new StringBuilder(count);
        for (int i = 0; i < count; i++) {
            out.append('\u0000');
        }
        return out.toString();
    }
}
