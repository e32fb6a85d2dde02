package hubmirror.proxy.config;

import static hubmirror.proxy.config.Variables.check;
import static hubmirror.proxy.config.Variables.number;

import hubmirror.registry.BlobDeadline;
import hubmirror.registry.BlobVerification;
import hubmirror.workers.Env;
import java.util.List;

/** The deadline of a blob's body and what a fill checks ({@code BLOB_MIN_RATE}, {@code VERIFY_BLOBS}). */
final class BlobSettings {
    final int minRate;
    final boolean verifyDigest;

    BlobSettings(Env env, List<String> problems) {
        minRate = number(env, "BLOB_MIN_RATE", BlobDeadline.DEFAULT_MIN_RATE, "bytes per second (0: no deadline)",
                problems);
        String verify = Env.get(env, "VERIFY_BLOBS");
        verifyDigest = BlobVerification.isDigest(verify);
        check(problems, BlobVerification.isValid(verify), "VERIFY_BLOBS must be length or digest");
    }
}
