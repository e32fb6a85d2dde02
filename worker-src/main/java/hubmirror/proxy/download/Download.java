package hubmirror.proxy.download;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.content.LayerTiers;
import hubmirror.proxy.http.ForwardedHeaders;
import hubmirror.proxy.http.Replies;
import hubmirror.proxy.upstream.SmallBlob;
import hubmirror.registry.ByteRange;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.DockerArchive;
import hubmirror.registry.DownloadPlan;
import hubmirror.registry.ErrorCode;
import hubmirror.registry.PrewarmList;
import hubmirror.registry.Reference;
import hubmirror.registry.RegistryError;
import hubmirror.registry.UpstreamTable;
import hubmirror.workers.FixedLengthStream;
import hubmirror.workers.Headers;
import hubmirror.workers.Json;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import hubmirror.workers.URLSearchParams;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSUndefined;

/**
 * {@code GET /download/<image>[?platform=linux/arm64]} (#22): one tar that {@code docker load} and the other
 * loaders read ({@link DockerArchive}), pulled with the mirror's identity. Its length is known from the manifest
 * before the first byte; tar headers and the small files are written by Java, each layer's body is piped by the
 * runtime as the content tiers or the registry serve it (no JavaScript per chunk), and a layer fetched whole is
 * stored like a pull's ({@link LayerTiers}). An image that needs more upstream requests than a
 * Worker may make ({@code DOWNLOAD_MAX_SUBREQUESTS}, 50 on the Free plan) is refused before anything is sent.
 */
public final class Download {
    public static final String PATH = "/download/";

    private final Mirror mirror;
    private PrewarmList.Image image;
    private UpstreamState upstream;
    private ImageManifests read;
    private String platform;

    public Download(Mirror mirror) {
        this.mirror = mirror;
    }

    public Promise<Response> handle(String path) {
        mirror.log.kind("download");
        if (!mirror.method.equals("GET") && !mirror.method.equals("HEAD")) {
            return mirror.replies.refuseMethod("GET, HEAD", "a download answers GET and HEAD", null);
        }
        List<String> problems = new ArrayList<>();
        List<PrewarmList.Image> images = PrewarmList.parse(path.substring(PATH.length()), problems);
        if (images.size() != 1) {
            return mirror.replies.refuse(RegistryError.of(ErrorCode.NAME_INVALID, "not an image name: /download/<image>, "
                    + "as docker pull names it (nginx:1.27, ghcr.io/owner/app:main, library/redis@sha256:…)", null));
        }
        image = images.get(0);
        String asked = new URLSearchParams(mirror.url.getSearch()).get("platform");
        List<String> platforms = PrewarmList.platforms(asked);
        if (platforms == null || platforms.size() != 1) {
            return mirror.replies.refuse(RegistryError.of(ErrorCode.REQUEST_INVALID, "platform must be one platform like linux/amd64", null));
        }
        platform = platforms.get(0);
        upstream = mirror.config.upstream(image.registry());
        mirror.log.upstream(image.registry());
        mirror.log.repository(image.repository());
        if (upstream == null) {
            return mirror.replies.refuse(new RegistryError(ErrorCode.NAME_UNKNOWN, 404, "this mirror does not serve "
                    + image.registry(), null));
        }
        if (!mirror.config.images.isOpen() && !mirror.config.images.permits(upstream.name() + "/" + image.repository())) {
            return mirror.replies.refuse(RegistryError.of(ErrorCode.DENIED, mirror.config.denyMessage != null
                    ? mirror.config.denyMessage : "this mirror does not serve " + image.name(), null));
        }
        read = new ImageManifests(mirror, upstream, image, platform);
        return read.resolve().flatThen(this::archive)
                .catchError(failure -> mirror.replies.unreachable(failure, "the upstream registry"));
    }

    private Promise<Response> archive(ImageManifests.Fetched manifest) {
        if (manifest.getRefusal() != null) {
            return Promise.resolve(manifest.getRefusal());
        }
        JSObject config = Json.get(manifest.getJson(), "config");
        JSObject layerList = Json.get(manifest.getJson(), "layers");
        if (config == null || layerList == null || !JSArray.isArray(layerList)) {
            return Promise.resolve(mirror.replies.error(new RegistryError(ErrorCode.MANIFEST_INVALID, 502,
                    "the manifest of " + image.name() + " is not an image manifest this mirror can save", null)));
        }
        JSArray<JSObject> layers = (JSArray<JSObject>) layerList;
        List<String> digests = new ArrayList<>();
        List<Double> sizes = new ArrayList<>();
        for (int i = 0; i < layers.getLength(); i++) {
            digests.add(SmallBlob.Fields.text(layers.get(i), "digest"));
            sizes.add(SmallBlob.Fields.number(layers.get(i), "size"));
        }
        DownloadPlan plan = DownloadPlan.of(digests.size(), mirror.config.downloadMaxSubrequests,
                mirror.config.contentBucket != null, CachePolicy.cacheWorksOn(mirror.url.getHostname()), mirror.config.verifyBlobDigest);
        if (!plan.fits()) {
            return Promise.resolve(mirror.replies.error(new RegistryError(ErrorCode.TOO_LARGE, 413, image.name() + " has "
                    + digests.size() + " layers: its download needs up to " + plan.needed() + " upstream requests, more than this "
                    + "Worker may make (DOWNLOAD_MAX_SUBREQUESTS=" + mirror.config.downloadMaxSubrequests + "; the Free plan "
                    + "allows 50)", "pull it through the mirror with docker pull instead, or raise DOWNLOAD_MAX_SUBREQUESTS "
                    + "on a paid plan")));
        }
        mirror.log.note(plan.describe());
        LayerTiers tiers = new LayerTiers(mirror, upstream, image.repository(), plan);
        return read.config(tiers, SmallBlob.Fields.text(config, "digest"), SmallBlob.Fields.number(config, "size"))
                .then(configBlob -> configBlob.getRefusal() != null ? configBlob.getRefusal()
                        : stream(manifest, configBlob, digests, sizes, tiers));
    }

    private Response stream(ImageManifests.Fetched manifest, ImageManifests.Fetched config, List<String> digests, List<Double> sizes, LayerTiers tiers) {
        String repoTag = Reference.isDigest(image.reference()) ? null : familiar() + ":" + image.reference();
        DockerArchive archive = DockerArchive.of(manifest.getDigest(), manifest.getType(), manifest.getBody().getByteLength(),
                config.getDigest(), config.getBody().getByteLength(), digests, sizes, repoTag, image.name());
        double total = archive.length();
        String etag = "\"" + manifest.getDigest() + "\"";
        Headers headers = new Headers();
        headers.set("content-type", "application/x-tar");
        headers.set("content-disposition", "attachment; filename=\"" + fileName() + "\"");
        headers.set("etag", etag);
        headers.set("accept-ranges", "bytes");
        headers.set("cache-control", "private");
        // a Range is honoured when If-Range, if sent, names this very archive (else the whole archive, as RFC 9110 says)
        String ifRange = mirror.request.getHeaders().get("if-range");
        ByteRange range = ifRange == null || ifRange.equals(etag) ? ByteRange.of(mirror.request.getHeaders().get("range"), total) : null;
        if (range != null && !range.isSatisfiable()) {
            headers.set("content-range", "bytes */" + Replies.digits(total));
            return mirror.replies.error(RegistryError.of(ErrorCode.RANGE_INVALID, "the range is outside the archive ("
                    + Replies.digits(total) + " bytes)", null), ForwardedHeaders.pick(headers, new String[] {"content-range"}));
        }
        double first = range != null ? range.first() : 0;
        double last = range != null ? range.last() : total - 1;
        headers.set("content-length", Replies.digits(last - first + 1));
        if (range != null) {
            headers.set("content-range", "bytes " + Replies.digits(first) + "-" + Replies.digits(last) + "/" + Replies.digits(total));
        }
        int status = range != null ? 206 : 200;
        if (mirror.method.equals("HEAD")) {
            return mirror.replies.text(status, null, headers);
        }
        FixedLengthStream out = new FixedLengthStream(last - first + 1);
        Promise<JSUndefined> written = new ArchiveWriter(tiers, image, archive.pieces(), first, last, manifest, config, out.getWritable()).write(0);
        if (mirror.ctx != null) {
            mirror.ctx.waitUntil(written);
        }
        return mirror.replies.body(status, out.getReadable(), headers);
    }

    /** The name {@code docker images} shows: {@code nginx} for Docker Hub's library, else with its registry. */
    private String familiar() {
        if (image.registry().equals(UpstreamTable.DOCKER_HUB)) {
            return image.repository().startsWith("library/") ? image.repository().substring(8) : image.repository();
        }
        return image.registry() + "/" + image.repository();
    }

    private String fileName() {
        String base = familiar() + "_" + (Reference.isDigest(image.reference()) ? Reference.hex(image.reference()).substring(0, 12)
                : image.reference()) + "_" + platform;
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < base.length(); i++) {
            char c = base.charAt(i);
            out.append(c == '/' ? (i > base.lastIndexOf('_') ? '-' : '_') : c == ':' ? '_' : c);
        }
        return out.append(".tar").toString();
    }
}
