package hubmirror.proxy.download;

import hubmirror.proxy.Mirror;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.content.LayerTiers;
import hubmirror.proxy.content.ManifestTiers;
import hubmirror.proxy.upstream.MirrorIdentity;
import hubmirror.proxy.upstream.SmallBlob;
import hubmirror.proxy.upstream.Upstream;
import hubmirror.registry.ErrorCode;
import hubmirror.registry.PrewarmList;
import hubmirror.registry.Reference;
import hubmirror.registry.RegistryError;
import hubmirror.workers.Headers;
import hubmirror.workers.Promise;
import hubmirror.workers.Response;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.typedarrays.ArrayBuffer;

/**
 * What a download reads before its first byte: the image's manifest for the platform asked for and its config, each
 * checked against its digest, pulled with the mirror's identity through the content tiers ({@link ManifestTiers},
 * {@link LayerTiers}). A manifest or config that cannot be had is a {@link Fetched} whose refusal is the client's
 * answer (the upstream's error as a registry error), never null.
 */
final class ImageManifests {
    private static final String ACCEPT = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";
    private static final int MAX_SMALL = 4 << 20;

    private final Mirror mirror;
    private final UpstreamState upstream;
    private final PrewarmList.Image image;
    private final String platform;
    private final ManifestTiers manifests;

    ImageManifests(Mirror mirror, UpstreamState upstream, PrewarmList.Image image, String platform) {
        this.mirror = mirror;
        this.upstream = upstream;
        this.image = image;
        this.platform = platform;
        this.manifests = new ManifestTiers(mirror, upstream);
    }

    /** The image manifest for the platform: the reference's, an index resolved to the platform. */
    Promise<Fetched> resolve() {
        return manifest(image.reference()).flatThen(this::platformManifest);
    }

    /**
     * The manifest {@code reference} names, checked against its digest: a {@code HEAD} of it under this repository
     * (free against Docker Hub's quota) — a tag's digest, and for a digest the repository's own right to it, as a
     * pull's (content stored under one repository is never served under another that lacks it) — then by digest
     * from the content tiers, else fetched (and kept there).
     */
    private Promise<Fetched> manifest(String reference) {
        MirrorIdentity identity = identity(ACCEPT);
        return identity.send(manifestUrl(reference), "HEAD", false)
                .flatThen(answer -> identity.current().followAll(answer))
                .flatThen(answer -> resolved(identity.current(), answer, reference));
    }

    /**
     * The {@code HEAD}: the manifest of the digest the repository has (the one asked for, or the one a tag names);
     * without an answer that says, the reference fetched as it is.
     */
    private Promise<Fetched> resolved(Upstream exchange, Response answer, String reference) {
        exchange.settled();
        Upstream.discard(answer);
        int status = answer.getStatus();
        String digest = status != 200 ? null
                : Reference.isDigest(reference) ? reference : answer.getHeaders().get("docker-content-digest");
        if (digest != null && digest.startsWith("sha256:") && Reference.isDigest(digest)) {
            return byDigest(digest);
        }
        if (status == 404 || status == 401 || status == 403) {
            return Promise.resolve(refused(upstreamError(status)));
        }
        return fetch(reference);
    }

    /** The manifest {@code digest} from the content tiers, else from the upstream. */
    private Promise<Fetched> byDigest(String digest) {
        return manifests.stored(digest).flatThen(hit -> hit == null ? fetch(digest)
                : hit.arrayBuffer().flatThen(body -> checked(body, hit.getHeaders().get("content-type"), digest))
                        .flatThen(stored -> stored.getRefusal() == null ? Promise.resolve(stored) : fetch(digest)));
    }

    /** The manifest {@code reference} names, fetched whole, checked against its digest and kept in the tiers. */
    private Promise<Fetched> fetch(String reference) {
        MirrorIdentity identity = identity(ACCEPT);
        return identity.send(manifestUrl(reference), "GET", true)
                .flatThen(answer -> identity.current().followAll(answer))
                .flatThen(answer -> read(identity.current(), answer, Reference.isDigest(reference) ? reference
                        : answer.getHeaders().get("docker-content-digest")))
                .then(this::kept);
    }

    private Fetched kept(Fetched manifest) {
        if (manifest.getRefusal() == null) {
            manifests.keep(manifest.getDigest(), manifest.getBody(), manifest.getType());
        }
        return manifest;
    }

    private String manifestUrl(String reference) {
        return upstream.entry.registry() + "/v2/" + image.repository() + "/manifests/" + reference;
    }

    /** An index resolved to the platform asked for (its absence: 404 naming the platforms there are). */
    private Promise<Fetched> platformManifest(Fetched top) {
        if (top.getRefusal() != null || !SmallBlob.Fields.isIndex(top.getType())) {
            return Promise.resolve(top);
        }
        String digest = SmallBlob.Fields.platformDigest(top.getJson(), platform);
        if (digest != null) {
            // the index, this repository's, names it: no HEAD needed for its right to it
            return byDigest(digest);
        }
        String there = SmallBlob.Fields.platforms(top.getJson());
        return Promise.resolve(refused(new RegistryError(ErrorCode.MANIFEST_UNKNOWN, 404, image.name()
                + " has no " + platform + "; it has: " + there, "ask for one of them with ?platform=")));
    }

    /** The config blob, read whole (from the content tiers, else the upstream) and checked against its digest. */
    Promise<Fetched> config(LayerTiers tiers, String digest, double size) {
        if (digest == null || !Reference.isDigest(digest) || size <= 0 || size > MAX_SMALL) {
            return Promise.resolve(refused(new RegistryError(ErrorCode.MANIFEST_INVALID, 502,
                    "the image's config is not one this mirror can save", null)));
        }
        return tiers.read(digest, size, 0, size - 1).flatThen(answer -> {
            if (answer.getStatus() != 200 || Upstream.contentLength(answer.getHeaders().get("content-length")) != size) {
                Upstream.discard(answer);
                // read whole only when it is the size the manifest says (at most MAX_SMALL)
                return Promise.resolve(refused(answer.getStatus() != 200 ? upstreamError(answer.getStatus())
                        : new RegistryError(ErrorCode.UNAVAILABLE, 502, "the image's config is not the size its manifest says", null)));
            }
            return answer.arrayBuffer().flatThen(body -> checked(body, null, digest));
        });
    }

    /** A small answer read whole and checked against {@code digest}; the upstream's error as a registry error. */
    private Promise<Fetched> read(Upstream exchange, Response answer, String digest) {
        if (answer.getStatus() != 200) {
            exchange.settled();
            Upstream.discard(answer);
            return Promise.resolve(refused(upstreamError(answer.getStatus())));
        }
        String type = answer.getHeaders().get("content-type");
        return exchange.readBody(answer, MAX_SMALL).flatThen(body -> {
            exchange.settled();
            return checked(body, type, digest);
        });
    }

    private RegistryError upstreamError(int status) {
        return status == 404 ? new RegistryError(ErrorCode.MANIFEST_UNKNOWN, 404, image.name() + " is not there upstream", null)
                : status == 401 || status == 403
                ? RegistryError.of(ErrorCode.DENIED, image.name() + " is not public: the mirror cannot download it", null)
                : new RegistryError(ErrorCode.UNAVAILABLE, 502, "the upstream registry answered " + status, null);
    }

    private Promise<Fetched> checked(ArrayBuffer body, String type, String digest) {
        if (digest == null || !digest.startsWith("sha256:") || !Reference.isDigest(digest)) {
            return Promise.resolve(refused(new RegistryError(ErrorCode.UNAVAILABLE, 502,
                    "the upstream registry named no sha256 digest for " + image.name(), null)));
        }
        return SmallBlob.Fields.hashesTo(body, digest).then(matches -> matches.booleanValue()
                ? fetched(body, type, digest) : refused(new RegistryError(ErrorCode.UNAVAILABLE, 502,
                        "the upstream registry sent bytes that do not match " + digest + "; try again", null)));
    }

    /** A manifest or config as read and checked, or (its refusal set) the client's answer when it cannot be had. */
    interface Fetched extends SmallBlob {
        @JSProperty
        Response getRefusal();

        @JSProperty
        void setRefusal(Response refusal);
    }

    private static Fetched fetched(ArrayBuffer body, String type, String digest) {
        Fetched fetched = (Fetched) SmallBlob.Fields.of(body, type, digest);
        fetched.setRefusal(null);
        return fetched;
    }

    private Fetched refused(RegistryError error) {
        Fetched fetched = JSObjects.create();
        fetched.setRefusal(mirror.replies.error(error));
        return fetched;
    }

    private MirrorIdentity identity(String accept) {
        Headers headers = new Headers();
        if (accept != null) {
            headers.set("accept", accept);
        }
        return new MirrorIdentity(mirror.config, upstream, image.repository(), headers);
    }
}
