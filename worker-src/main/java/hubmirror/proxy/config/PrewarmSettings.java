package hubmirror.proxy.config;

import static hubmirror.proxy.config.Variables.check;
import static hubmirror.proxy.config.Variables.number;

import hubmirror.registry.PrewarmList;
import hubmirror.workers.Env;
import java.util.ArrayList;
import java.util.List;

/**
 * What a scheduled run pre-warms ({@code PREWARM_IMAGES}, {@code PREWARM_PLATFORMS}) and within how many
 * subrequests ({@code PREWARM_MAX_SUBREQUESTS}: the Free plan allows 50 a run, a paid one 10,000); and how many a
 * {@code /download} may make ({@code DOWNLOAD_MAX_SUBREQUESTS}, 50).
 */
final class PrewarmSettings {
    final List<PrewarmList.Image> images;
    final List<String> platforms;
    final int maxSubrequests;
    /** How many upstream requests one {@code /download} may make ({@code DOWNLOAD_MAX_SUBREQUESTS}). */
    final int downloadMaxSubrequests;

    PrewarmSettings(Env env, List<String> problems) {
        images = PrewarmList.parse(Env.get(env, "PREWARM_IMAGES"), problems);
        List<String> parsed = PrewarmList.platforms(Env.get(env, "PREWARM_PLATFORMS"));
        check(problems, parsed != null, "PREWARM_PLATFORMS must be comma-separated platforms like linux/amd64,linux/arm64");
        platforms = parsed != null ? parsed : new ArrayList<>();
        int max = number(env, "PREWARM_MAX_SUBREQUESTS", 40, "subrequests", problems);
        check(problems, max > 0, "PREWARM_MAX_SUBREQUESTS must be more than 0");
        maxSubrequests = max > 0 ? max : 40;
        int download = number(env, "DOWNLOAD_MAX_SUBREQUESTS", 50, "subrequests", problems);
        check(problems, download > 0, "DOWNLOAD_MAX_SUBREQUESTS must be more than 0");
        downloadMaxSubrequests = download > 0 ? download : 50;
    }
}
