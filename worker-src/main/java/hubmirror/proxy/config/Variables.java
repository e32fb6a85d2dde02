package hubmirror.proxy.config;

import hubmirror.registry.Reference;
import hubmirror.registry.RepositoryName;
import hubmirror.registry.Tokens;
import hubmirror.workers.Env;
import hubmirror.workers.Json;
import hubmirror.workers.URL;
import java.util.List;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSBoolean;

/** Reading Worker variables: each wrong one is a problem named in a sentence, and the default is used. */
public final class Variables {
    private Variables() {
    }

    static void check(List<String> problems, boolean valid, String problem) {
        if (!valid) {
            problems.add(problem);
        }
    }

    /** The problems, one sentence each, or null when there are none. */
    static String joined(List<String> problems) {
        if (problems.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder(problems.get(0));
        for (int i = 1; i < problems.size(); i++) {
            text.append("; ").append(problems.get(i));
        }
        return text.toString();
    }

    /** {@code true} or {@code false} (unset: false); anything else is a problem, and false. */
    static boolean flag(Env env, String name, List<String> problems) {
        String value = Env.get(env, name);
        boolean valid = value == null || value.isEmpty() || value.equals("false") || value.equals("true");
        check(problems, valid, name + " must be true or false");
        return valid && "true".equals(value);
    }

    /** A whole number of {@code unit}: {@code fallback} when unset; anything else is a problem, and the fallback. */
    static int number(Env env, String name, int fallback, String unit, List<String> problems) {
        return number(name, Env.get(env, name), fallback, unit, problems);
    }

    public static int number(String name, String value, int fallback, String unit, List<String> problems) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        double parsed = Tokens.unsignedDecimal(value, 9);
        check(problems, parsed >= 0, name + " must be a number of " + unit);
        return parsed >= 0 ? (int) parsed : fallback;
    }

    /** A number of bytes (up to 13 digits): {@code fallback} when unset; anything else is a problem, and the fallback. */
    static double bytes(Env env, String name, double fallback, List<String> problems) {
        String value = Env.get(env, name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        double parsed = Tokens.unsignedDecimal(value, 13);
        check(problems, parsed > 0, name + " must be a number of bytes");
        return parsed > 0 ? parsed : fallback;
    }

    static boolean isHttpUrl(String value) {
        return URL.parse(value, null) != null && value.startsWith("http");
    }

    static boolean isImage(String image) {
        int colon = image.lastIndexOf(':');
        return RepositoryName.isValid(colon > 0 ? image.substring(0, colon) : image)
                && (colon < 0 || Reference.isTag(image.substring(colon + 1)));
    }

    /**
     * A JSON var: a JSON string, or a {@code [vars]} table; null when unset or empty. A string that is not JSON
     * reads as JSON {@code false}, which no caller takes.
     */
    static JSObject jsonVar(Env env, String name) {
        String text = Env.get(env, name);
        if (text == null) {
            return Env.getJson(env, name);
        }
        if (text.isEmpty()) {
            return null;
        }
        JSObject parsed = Json.parse(text);
        return parsed != null ? parsed : JSBoolean.valueOf(false);
    }

    static String orDefault(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
