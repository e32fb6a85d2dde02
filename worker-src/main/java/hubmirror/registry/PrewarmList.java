package hubmirror.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code PREWARM_IMAGES}: the images a scheduled run copies into the content bucket, comma-separated, each as a
 * client names it — {@code nginx:1.27}, {@code library/redis}, {@code ghcr.io/owner/app:main},
 * {@code quay.io/org/tool@sha256:…}. Docker Hub is the default registry (one-part names are {@code library/}), and
 * {@code latest} the default tag. {@code PREWARM_PLATFORMS} (default {@code linux/amd64}) names the platforms an
 * index is resolved to.
 */
public final class PrewarmList {
    /** One image to pre-warm: its registry (a served upstream's name), repository, and tag or digest. */
    public static final class Image {
        private final String registry;
        private final String repository;
        private final String reference;

        Image(String registry, String repository, String reference) {
            this.registry = registry;
            this.repository = repository;
            this.reference = reference;
        }

        public String registry() {
            return registry;
        }

        public String repository() {
            return repository;
        }

        /** A tag, or a digest. */
        public String reference() {
            return reference;
        }

        /** As the log line names it: {@code docker.io/library/nginx:1.27}, {@code …@sha256:…}. */
        public String name() {
            return registry + "/" + repository + (Reference.isDigest(reference) ? "@" : ":") + reference;
        }
    }

    private PrewarmList() {
    }

    /** The images of {@code list} (null or blank: none); a malformed entry is a problem naming its place. */
    public static List<Image> parse(String list, List<String> problems) {
        List<Image> images = new ArrayList<>();
        if (list == null || list.trim().isEmpty()) {
            return images;
        }
        List<String> entries = Tokens.split(list, ',');
        for (int i = 0; i < entries.size(); i++) {
            Image image = image(entries.get(i).trim());
            if (image == null) {
                problems.add("PREWARM_IMAGES: entry " + (i + 1) + " must be an image like nginx:1.27 or ghcr.io/owner/app:main");
            } else {
                images.add(image);
            }
        }
        return images;
    }

    /** {@code linux/amd64}-style platforms, comma-separated (null or blank: {@code linux/amd64}); null when malformed. */
    public static List<String> platforms(String list) {
        List<String> platforms = new ArrayList<>();
        if (list == null || list.trim().isEmpty()) {
            platforms.add("linux/amd64");
            return platforms;
        }
        for (String entry : Tokens.split(list, ',')) {
            String platform = entry.trim();
            int slash = platform.indexOf('/');
            if (slash <= 0 || slash == platform.length() - 1 || !isPlatformPart(platform)) {
                return null;
            }
            platforms.add(platform);
        }
        return platforms;
    }

    private static boolean isPlatformPart(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '/' || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private static Image image(String text) {
        if (text.isEmpty()) {
            return null;
        }
        String reference = "latest";
        String name = text;
        int at = text.indexOf('@');
        if (at >= 0) {
            reference = text.substring(at + 1);
            name = text.substring(0, at);
            if (!Reference.isDigest(reference)) {
                return null;
            }
            // name:tag@digest, as docker pull takes it: the digest names the image, the tag is dropped
            int slash = name.lastIndexOf('/');
            int colon = name.lastIndexOf(':');
            if (colon > slash) {
                if (!Reference.isTag(name.substring(colon + 1))) {
                    return null;
                }
                name = name.substring(0, colon);
            }
        } else {
            int slash = text.lastIndexOf('/');
            int colon = text.lastIndexOf(':');
            if (colon > slash) {
                reference = text.substring(colon + 1);
                name = text.substring(0, colon);
                if (!Reference.isTag(reference)) {
                    return null;
                }
            }
        }
        String registry = UpstreamTable.DOCKER_HUB;
        int first = name.indexOf('/');
        if (first > 0) {
            String head = name.substring(0, first);
            if (head.indexOf('.') >= 0 || head.indexOf(':') >= 0 || head.equals("localhost")) {
                registry = head;
                name = name.substring(first + 1);
            }
        }
        if (registry.equals(UpstreamTable.DOCKER_HUB) && name.indexOf('/') < 0) {
            name = "library/" + name;
        }
        return RepositoryName.isValid(name) ? new Image(registry, name, reference) : null;
    }
}
