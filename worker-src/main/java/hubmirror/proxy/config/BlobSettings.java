package hubmirror.proxy.config;

import static hubmirror.proxy.config.Variables.bytes;
import static hubmirror.proxy.config.Variables.check;
import static hubmirror.proxy.config.Variables.number;

import hubmirror.registry.BlobDeadline;
import hubmirror.registry.BlobVerification;
import hubmirror.registry.CachePolicy;
import hubmirror.registry.PartPlan;
import hubmirror.workers.Env;
import hubmirror.workers.R2Bucket;
import java.util.List;

/**
 * The deadline of a blob's body, what a fill checks ({@code BLOB_MIN_RATE}, {@code VERIFY_BLOBS}), and the content
 * tiers: the edge cache's per-object limit ({@code EDGE_CACHE_MAX_BYTES}), the R2 bucket ({@code CONTENT_BUCKET}) and
 * the size of one R2 put, above which a blob goes in parts of that size ({@code CONTENT_BUCKET_PART_BYTES}).
 */
final class BlobSettings {
    final int minRate;
    final boolean verifyDigest;
    final double edgeMaxBytes;
    final R2Bucket bucket;
    final double partBytes;

    BlobSettings(Env env, List<String> problems) {
        minRate = number(env, "BLOB_MIN_RATE", BlobDeadline.DEFAULT_MIN_RATE, "bytes per second (0: no deadline)",
                problems);
        String verify = Env.get(env, "VERIFY_BLOBS");
        verifyDigest = BlobVerification.isDigest(verify);
        check(problems, BlobVerification.isValid(verify), "VERIFY_BLOBS must be length or digest");
        edgeMaxBytes = bytes(env, "EDGE_CACHE_MAX_BYTES", CachePolicy.MAX_OBJECT_BYTES, problems);
        bucket = Env.r2(env, "CONTENT_BUCKET");
        check(problems, bucket != null || Env.get(env, "CONTENT_BUCKET") == null && Env.getJson(env, "CONTENT_BUCKET") == null,
                "CONTENT_BUCKET must be an R2 bucket binding ([[r2_buckets]] in wrangler.toml), not a var");
        partBytes = bytes(env, "CONTENT_BUCKET_PART_BYTES", CachePolicy.R2_MAX_PUT_BYTES, problems);
        check(problems, PartPlan.isValidPartBytes(partBytes),
                "CONTENT_BUCKET_PART_BYTES must be from 5242880 (5 MiB) to 5363466240 (4.995 GiB), what R2 takes in one part");
    }
}
