package hubmirror.proxy.content;

import hubmirror.proxy.upstream.SmallBlob;
import hubmirror.proxy.config.MirrorConfig;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.registry.PrewarmList;
import hubmirror.registry.Reference;
import hubmirror.workers.Json;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.ScheduledController;
import hubmirror.workers.WorkerGlobalScope;
import java.util.ArrayList;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;
import org.teavm.jso.core.JSUndefined;

/**
 * A scheduled run ({@code [triggers] crons}): copies what {@code PREWARM_IMAGES} names into the content bucket —
 * each image's manifest (an index resolved to {@code PREWARM_PLATFORMS}), config and layers — so that a
 * pre-warmed image's first pull makes no CDN download. With the mirror's identity, one object at a time, each
 * blob piped natively into R2 with its SHA-256 (R2 checks it). What the bucket has is not fetched again; what does
 * not fit this run's subrequests ({@code PREWARM_MAX_SUBREQUESTS}: the Free plan allows 50 a run) is left for the
 * next run, which finds the rest already there. One JSON log line per run.
 */
public final class Prewarm {
    private final MirrorConfig config;
    private final R2Bucket bucket;
    private final Tally tally;

    private Prewarm(MirrorConfig config) {
        this.config = config;
        this.bucket = config.contentBucket;
        this.tally = new Tally(config.prewarmMaxSubrequests);
    }

    /** What a run has left to spend (subrequests), what it copied, and what it left for the next run, and why. */
    static final class Tally {
        int budget;
        int copied;
        double bytes;
        final List<String> left = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        Tally(int budget) {
            this.budget = budget;
        }
    }

    /** The run: settles when every image is copied, left for later, or failed (each failure in the log line). */
    public static Promise<JSUndefined> run(MirrorConfig config, ScheduledController controller) {
        Prewarm run = new Prewarm(config);
        if (run.bucket == null) {
            run.tally.notes.add(config.prewarmImages.isEmpty() ? "nothing to pre-warm" : "no CONTENT_BUCKET: nothing is pre-warmed");
            return Promise.resolve(run.logged(controller));
        }
        return run.image(0).then(done -> run.logged(controller));
    }

    private Promise<JSUndefined> image(int index) {
        if (index == config.prewarmImages.size()) {
            return Promise.resolve(JSUndefined.instance());
        }
        PrewarmList.Image image = config.prewarmImages.get(index);
        return warm(image).catchError(failure -> {
            tally.notes.add(image.name() + ": " + WorkerGlobalScope.describe(failure));
            return JSUndefined.instance();
        }).flatThen(done -> image(index + 1));
    }

    private Promise<JSUndefined> warm(PrewarmList.Image image) {
        UpstreamState upstream = config.upstream(image.registry());
        if (upstream == null) {
            tally.notes.add(image.name() + ": not a registry this mirror serves");
            return Promise.resolve(JSUndefined.instance());
        }
        PrewarmSource source = new PrewarmSource(config, bucket, tally, upstream, image.repository());
        return source.manifest(image.reference()).flatThen(top -> {
            if (top == null) {
                tally.left.add(image.name());
                return Promise.resolve(JSUndefined.instance());
            }
            if (!isIndex(top)) {
                return source.keep(top);
            }
            List<String> digests = platformManifests(top.getJson(), image.name());
            return source.keep(top).flatThen(x -> each(source, digests, 0, image.name()));
        });
    }

    private Promise<JSUndefined> each(PrewarmSource source, List<String> digests, int index, String name) {
        if (index == digests.size()) {
            return Promise.resolve(JSUndefined.instance());
        }
        return source.manifest(digests.get(index)).flatThen(manifest -> {
            if (manifest == null) {
                tally.left.add(name + "@" + digests.get(index));
                return Promise.resolve(JSUndefined.instance());
            }
            return source.keep(manifest);
        }).flatThen(x -> each(source, digests, index + 1, name));
    }

    /** The digests of an index's manifests for {@code PREWARM_PLATFORMS}; a platform it lacks is a note. */
    private List<String> platformManifests(JSObject index, String name) {
        List<String> digests = new ArrayList<>();
        for (String platform : config.prewarmPlatforms) {
            String found = SmallBlob.Fields.platformDigest(index, platform);
            if (found != null && Reference.isDigest(found)) {
                digests.add(found);
            } else {
                tally.notes.add(name + ": no " + platform + " in its index");
            }
        }
        return digests;
    }

    static String text(JSObject object, String key) {
        return SmallBlob.Fields.text(object, key);
    }

    static boolean isIndex(PrewarmSource.Held manifest) {
        return SmallBlob.Fields.isIndex(manifest.getType());
    }

    /** The run's log line. */
    interface Line extends JSObject {
        @JSProperty
        void setTime(String time);

        @JSProperty
        void setKind(String kind);

        @JSProperty
        void setCron(String cron);

        @JSProperty
        void setImages(int images);

        @JSProperty
        void setCopied(int copied);

        @JSProperty
        void setBytes(double bytes);

        @JSProperty
        void setLeft(JSArray<JSString> left);

        @JSProperty
        void setNote(String note);
    }

    private JSUndefined logged(ScheduledController controller) {
        Line line = JSObjects.create();
        line.setTime(org.teavm.jso.core.JSDate.create().toISOString());
        line.setKind("prewarm");
        line.setCron(controller != null ? controller.getCron() : null);
        line.setImages(config.prewarmImages.size());
        line.setCopied(tally.copied);
        line.setBytes(tally.bytes);
        JSArray<JSString> rest = new JSArray<>();
        for (String item : tally.left) {
            rest.push(JSString.valueOf(item));
        }
        line.setLeft(rest);
        line.setNote(tally.notes.isEmpty() ? (tally.left.isEmpty() ? null : "the rest is left for the next run")
                : String.join("; ", tally.notes) + (tally.left.isEmpty() ? "" : "; the rest is left for the next run"));
        WorkerGlobalScope.log(Json.stringify(line));
        return JSUndefined.instance();
    }
}
