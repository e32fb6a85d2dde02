package hubmirror.proxy.ops;

import hubmirror.proxy.Build;
import hubmirror.proxy.Clock;
import hubmirror.proxy.Isolate;
import hubmirror.proxy.Mirror;
import hubmirror.proxy.config.UpstreamState;
import hubmirror.proxy.content.InFlight;
import hubmirror.proxy.upstream.MirrorIdentity;
import hubmirror.proxy.upstream.Upstream;

import hubmirror.registry.Tokens;
import hubmirror.registry.UpstreamTable;
import hubmirror.workers.Headers;
import hubmirror.workers.Json;
import hubmirror.workers.Promise;
import hubmirror.workers.R2Bucket;
import hubmirror.workers.Response;
import org.teavm.jso.JSObject;
import org.teavm.jso.JSProperty;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSNumber;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSArray;

/**
 * {@code GET /healthz}: the version, whether each configured upstream answers its {@code GET /v2/} (within
 * 5 s), and Docker Hub's remaining pull quota for the mirror's identity, read from a manifest {@code HEAD}
 * ({@code HEALTH_IMAGE}), which costs no quota. No token, credential or account name is in it.
 */
public final class Health {
    private static final int TIMEOUT_MS = 5000;
    private static final String ACCEPT = "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json, "
            + "application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.docker.distribution.manifest.v2+json";

    private final Mirror mirror;

    public Health(Mirror mirror) {
        this.mirror = mirror;
    }

    /** The full report, or ({@code full} false: an anonymous caller of a private mirror) only that it is up. */
    public Promise<Response> handle(boolean full) {
        mirror.log.kind("healthz");
        if (!full) {
            return Promise.resolve(mirror.replies.json("{\"up\":true}", "no-store"));
        }
        // a round is shared by every caller within HEALTH_CHECK_SECONDS (each round is ~10 upstream requests)
        Promise<JSArray<JSObject>> round = Isolate.get().healthRound(Clock.now(), mirror.config.healthCheckSeconds * 1000.0,
                this::checks);
        // a round made by a request the runtime cancelled never settles: after twice its timeout, a caller asks anew
        return InFlight.join(round, 2 * TIMEOUT_MS + 1000, this::checks)
                .then(results -> mirror.replies.json(report(Build.VERSION, results), "no-store"));
    }

    private Promise<JSArray<JSObject>> checks() {
        JSArray<Promise<JSObject>> checks = JSArray.create();
        for (UpstreamState upstream : mirror.config.upstreams) {
            checks.push(answers(upstream));
        }
        UpstreamState hub = mirror.config.upstream(UpstreamTable.DOCKER_HUB);
        checks.push(hub != null ? quota(hub) : Promise.resolve((JSObject) null));
        checks.push(contentBucket());
        return Promise.all(checks);
    }

    private Promise<JSObject> answers(UpstreamState upstream) {
        Upstream exchange = new Upstream(Math.min(TIMEOUT_MS, positive(mirror.config.upstreamTimeoutMillis)));
        double started = Clock.stamp();
        return exchange.send(upstream.entry.registry() + "/v2/", "GET", new Headers(), null).then(answer -> {
            exchange.settled();
            Upstream.discard(answer);
            int status = answer.getStatus();
            return check(upstream.name(), status > 0 && status < 500, status, Clock.stamp() - started);
        }, failure -> {
            exchange.settled();
            return check(upstream.name(), false, 0, Clock.stamp() - started);
        });
    }

    /** A HEAD of {@code HEALTH_IMAGE} with the mirror's own identity: Docker Hub's rate-limit headers, nothing else. */
    private Promise<JSObject> quota(UpstreamState hub) {
        String image = mirror.config.healthImage;
        int colon = image.lastIndexOf(':');
        String repository = colon > 0 ? image.substring(0, colon) : image;
        String tag = colon > 0 ? image.substring(colon + 1) : "latest";
        Headers headers = new Headers();
        headers.set("accept", ACCEPT);
        MirrorIdentity identity = new MirrorIdentity(mirror.config, hub, repository, headers);
        return identity.send(hub.entry.registry() + "/v2/" + repository + "/manifests/" + tag, "HEAD", false).then(answer -> {
            identity.current().settled();
            Upstream.discard(answer);
            Headers h = answer.getHeaders();
            return quotaOf(image, answer.getStatus(), h.get("ratelimit-limit"), h.get("ratelimit-remaining"));
        }, failure -> quotaOf(image, 0, null, null));
    }

    /** Whether the R2 content tier is bound, and answers a {@code head} (of an object that need not exist). */
    private Promise<JSObject> contentBucket() {
        R2Bucket bucket = mirror.config.contentBucket;
        if (bucket == null) {
            return Promise.resolve(tier(false, false, 0));
        }
        double started = Clock.stamp();
        return bucket.head("healthz").then(found -> tier(true, true, Clock.stamp() - started),
                failure -> tier(true, false, Clock.stamp() - started));
    }

    private static JSObject tier(boolean bound, boolean answers, double ms) {
        Tier tier = JSObjects.create();
        tier.setBound(bound);
        tier.setAnswers(bound ? JSBoolean.valueOf(answers) : null);
        tier.setMs(bound ? JSNumber.valueOf(ms) : null);
        return tier;
    }

    private static int positive(int millis) {
        return millis > 0 ? millis : TIMEOUT_MS;
    }

    /** One upstream's answer to {@code GET /v2/}. */
    interface Check extends JSObject {
        @JSProperty
        void setName(String name);

        @JSProperty
        void setAnswers(boolean answers);

        /** The status, or null when none came. */
        @JSProperty
        void setStatus(JSObject status);

        @JSProperty
        void setMs(double ms);
    }

    /** Docker Hub's rate-limit headers for the mirror's identity. */
    interface Quota extends JSObject {
        @JSProperty
        void setImage(String image);

        @JSProperty
        void setStatus(JSObject status);

        @JSProperty
        void setLimit(JSObject limit);

        @JSProperty
        void setRemaining(JSObject remaining);
    }

    /** The R2 content tier ({@code CONTENT_BUCKET}): bound, and (when bound) whether it answers. */
    interface Tier extends JSObject {
        @JSProperty
        void setBound(boolean bound);

        @JSProperty
        void setAnswers(JSObject answers);

        @JSProperty
        void setMs(JSObject ms);
    }

    interface Report extends JSObject {
        @JSProperty
        void setVersion(String version);

        @JSProperty
        void setUpstreams(JSArray<JSObject> upstreams);

        @JSProperty("docker_hub_quota")
        void setDockerHubQuota(JSObject quota);

        @JSProperty("content_bucket")
        void setContentBucket(JSObject bucket);
    }

    private static JSObject check(String name, boolean up, int status, double ms) {
        Check check = JSObjects.create();
        check.setName(name);
        check.setAnswers(up);
        check.setStatus(status > 0 ? JSNumber.valueOf(status) : null);
        check.setMs(ms);
        return check;
    }

    private static JSObject quotaOf(String image, int status, String limit, String remaining) {
        Quota quota = JSObjects.create();
        quota.setImage(image);
        quota.setStatus(status > 0 ? JSNumber.valueOf(status) : null);
        quota.setLimit(count(limit));
        quota.setRemaining(count(remaining));
        return quota;
    }

    /** "100;w=21600" → 100: the count before the window; null when there is none. */
    private static JSObject count(String value) {
        int end = 0;
        while (value != null && end < value.length() && value.charAt(end) >= '0' && value.charAt(end) <= '9') {
            end++;
        }
        double number = end == 0 ? -1 : Tokens.unsignedDecimal(value.substring(0, end), 15);
        return number >= 0 ? JSNumber.valueOf(number) : null;
    }

    /** The report: every upstream's check, then Docker Hub's quota, then the content bucket (the last two results). */
    private static String report(String version, JSArray<JSObject> results) {
        JSArray<JSObject> upstreams = JSArray.create();
        for (int i = 0; i < results.getLength() - 2; i++) {
            upstreams.push(results.get(i));
        }
        Report report = JSObjects.create();
        report.setVersion(version);
        report.setUpstreams(upstreams);
        report.setDockerHubQuota(results.get(results.getLength() - 2));
        report.setContentBucket(results.get(results.getLength() - 1));
        return Json.stringify(report);
    }
}
