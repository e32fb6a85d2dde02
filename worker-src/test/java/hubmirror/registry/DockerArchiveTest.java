package hubmirror.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive as GNU tar reads it back: every member where it should be, with its bytes, and the length announced. */
class DockerArchiveTest {
    private static String digest(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void gnuTarReadsEveryMemberBack(@TempDir Path dir) throws Exception {
        byte[] manifest = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
        byte[] config = "{\"architecture\":\"amd64\"}".getBytes(StandardCharsets.UTF_8);
        byte[] layerA = new byte[1000];
        byte[] layerB = new byte[512];
        layerA[999] = 7;
        Map<String, byte[]> blobs = new HashMap<>();
        for (byte[] blob : List.of(manifest, config, layerA, layerB)) {
            blobs.put(digest(blob), blob);
        }
        DockerArchive archive = DockerArchive.of(digest(manifest), "application/vnd.oci.image.manifest.v1+json",
                manifest.length, digest(config), config.length, List.of(digest(layerA), digest(layerB)),
                List.of((double) layerA.length, (double) layerB.length), "ghcr.io/owner/app:main", "ghcr.io/owner/app:main");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DockerArchive.Member member : archive.members()) {
            out.write(member.header().getBytes(StandardCharsets.ISO_8859_1));
            out.write(member.text() != null ? member.text().getBytes(StandardCharsets.ISO_8859_1) : blobs.get(member.digest()));
            out.write(member.padding().getBytes(StandardCharsets.ISO_8859_1));
        }
        out.write(DockerArchive.end().getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(archive.length(), out.size(), "the length announced is the length written");
        // the pieces a range is cut from are the same bytes, end to end
        ByteArrayOutputStream pieces = new ByteArrayOutputStream();
        double next = 0;
        for (DockerArchive.Piece piece : archive.pieces()) {
            assertEquals(next, piece.offset(), "contiguous");
            pieces.write(piece.text() != null ? piece.text().getBytes(StandardCharsets.ISO_8859_1) : blobs.get(piece.digest()));
            next = piece.offset() + piece.length();
        }
        assertArrayEquals(out.toByteArray(), pieces.toByteArray());
        Path tar = dir.resolve("image.tar");
        Files.write(tar, out.toByteArray());
        Path into = Files.createDirectory(dir.resolve("x"));
        Process extract = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", into.toString()).redirectErrorStream(true).start();
        String said = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, extract.waitFor(), said);
        for (Map.Entry<String, byte[]> blob : blobs.entrySet()) {
            assertArrayEquals(blob.getValue(), Files.readAllBytes(into.resolve(DockerArchive.path(blob.getKey()))));
        }
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", Files.readString(into.resolve("oci-layout")));
        String manifestJson = Files.readString(into.resolve("manifest.json"));
        assertEquals("[{\"Config\":\"" + DockerArchive.path(digest(config)) + "\",\"RepoTags\":[\"ghcr.io/owner/app:main\"],"
                + "\"Layers\":[\"" + DockerArchive.path(digest(layerA)) + "\",\"" + DockerArchive.path(digest(layerB)) + "\"]}]",
                manifestJson);
        String index = Files.readString(into.resolve("index.json"));
        assertTrue(index.contains("\"digest\":\"" + digest(manifest) + "\",\"size\":" + manifest.length), index);
        assertTrue(index.contains("\"io.containerd.image.name\":\"ghcr.io/owner/app:main\""), index);
        assertTrue(index.contains("\"org.opencontainers.image.ref.name\":\"main\""), index);
        assertEquals("{\"ghcr.io/owner/app\":{\"main\":\"" + Reference.hex(digest(config)) + "\"}}",
                Files.readString(into.resolve("repositories")));
    }
}
