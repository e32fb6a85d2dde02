package hubmirror.proxy.config;

import static hubmirror.proxy.config.Variables.check;
import static hubmirror.proxy.config.Variables.flag;
import static hubmirror.proxy.config.Variables.number;
import static hubmirror.proxy.config.Variables.isHttpUrl;
import static hubmirror.proxy.config.Variables.isImage;
import static hubmirror.proxy.config.Variables.orDefault;

import hubmirror.registry.ClientRules;
import hubmirror.registry.ImageRules;
import hubmirror.registry.MirrorUsers;
import hubmirror.workers.Env;
import hubmirror.workers.RateLimit;
import hubmirror.workers.URL;
import java.util.List;

/** The operator's controls (#12), each off unless its variable is set. */
final class Controls {
    final ImageRules images;
    final String denyMessage;
    final ClientRules clients;
    final boolean hideHome;
    final boolean testClock;
    final String healthImage;
    final int healthCheckSeconds;
    final String searchApi;
    final MirrorUsers users;
    final String tokenSecret;
    final int tokenTtl;
    final boolean passthrough;
    final RateLimit rateLimit;
    final int rateLimitPeriod;

    Controls(Env env, List<String> problems) {
        images = ImageRules.read(Env.get(env, "ALLOW_IMAGES"), Env.get(env, "DENY_IMAGES"), problems);
        clients = ClientRules.read(Env.get(env, "ALLOW_IPS"), Env.get(env, "ALLOW_COUNTRIES"), problems);
        String message = Env.get(env, "DENY_MESSAGE");
        denyMessage = message == null || message.trim().isEmpty() ? null : message.trim();
        hideHome = flag(env, "HIDE_HOME", problems);
        testClock = flag(env, "TEST_CLOCK", problems);
        rateLimit = Env.rateLimit(env, "CLIENT_RATE_LIMIT");
        check(problems, rateLimit != null || Env.get(env, "CLIENT_RATE_LIMIT") == null
                && Env.getJson(env, "CLIENT_RATE_LIMIT") == null,
                "CLIENT_RATE_LIMIT must be a Rate Limiting binding ([[ratelimits]] in wrangler.toml), not a var");
        String userList = Env.get(env, "MIRROR_USERS");
        boolean usersGiven = userList != null && !userList.trim().isEmpty();
        users = usersGiven ? MirrorUsers.parse(userList) : null;
        check(problems, !usersGiven || users != null,
                "MIRROR_USERS must be name:password pairs, comma-separated (names of letters, digits, . _ -)");
        tokenSecret = Env.get(env, "TOKEN_SECRET");
        check(problems, users == null || tokenSecret != null && tokenSecret.length() >= 16,
                "TOKEN_SECRET must be set, at least 16 characters, when MIRROR_USERS is (it signs the mirror's tokens)");
        int ttl = number(env, "TOKEN_TTL_SECONDS", 300, "seconds", problems);
        check(problems, ttl > 0, "TOKEN_TTL_SECONDS must be more than 0");
        tokenTtl = ttl > 0 ? ttl : 300;
        passthrough = flag(env, "LOGIN_PASSTHROUGH", problems);
        searchApi = orDefault(Env.get(env, "SEARCH_API"), "https://index.docker.io/v1/search");
        check(problems, isHttpUrl(searchApi), "SEARCH_API must be a URL (https://host/path)");
        healthImage = orDefault(Env.get(env, "HEALTH_IMAGE"), "ratelimitpreview/test:latest");
        check(problems, isImage(healthImage), "HEALTH_IMAGE must be a repository and tag like ratelimitpreview/test:latest");
        healthCheckSeconds = number(env, "HEALTH_CHECK_SECONDS", 30, "seconds", problems);
        int period = number(env, "CLIENT_RATE_LIMIT_PERIOD", 60, "seconds", problems);
        check(problems, period > 0, "CLIENT_RATE_LIMIT_PERIOD must be the binding's period in seconds (10 or 60)");
        rateLimitPeriod = period > 0 ? period : 60;
    }
}
