package hubmirror.proxy.config;

import static hubmirror.proxy.config.Variables.jsonVar;

import hubmirror.registry.UpstreamTable;
import hubmirror.workers.Env;
import hubmirror.workers.Json;
import hubmirror.workers.URL;
import org.teavm.jso.JSObject;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSBoolean;
import org.teavm.jso.core.JSObjects;
import org.teavm.jso.core.JSString;

/** {@code UPSTREAMS} and {@code UPSTREAM_CREDENTIALS}: JSON variables about the served registries. */
final class UpstreamsVariable {
    private UpstreamsVariable() {
    }

    /** Applies {@code UPSTREAMS} to the table; why it cannot be used, or null. */
    static String upstreamsError(Env env, UpstreamTable table) {
        JSObject value = jsonVar(env, "UPSTREAMS");
        if (value == null) {
            return null;
        }
        String shape = "UPSTREAMS must be a JSON object like {\"ghcr.io\": {\"registry\": \"https://ghcr.io\", "
                + "\"auth\": [\"https://ghcr.io/token\"]}} (null turns a registry off; fields: registry, auth, label)";
        if (!Json.isObject(value)) {
            return shape;
        }
        String[] names = Json.keys(value);
        for (int i = 0; i < names.length; i++) {
            // the entry by its place, not its key: a configuration error shows no part of the value
            String problem = configure(table, names[i], Json.get(value, names[i]));
            if (problem != null) {
                return problem.isEmpty() ? shape : "UPSTREAMS: entry " + (i + 1) + ": " + problem;
            }
        }
        return null;
    }

    /** One {@code UPSTREAMS} entry applied; its problem, "" when it is not an entry's shape at all, or null. */
    static String configure(UpstreamTable table, String name, JSObject entry) {
        if (entry == null || JSObjects.typeOf(entry).equals("boolean") && !((JSBoolean) entry).booleanValue()) {
            return table.configure(name, null, null, null, true);
        }
        if (!Json.isObject(entry)) {
            return "";
        }
        for (String field : Json.keys(entry)) {
            if (!field.equals("registry") && !field.equals("auth") && !field.equals("label")
                    || !field.equals("auth") && !Json.isString(Json.get(entry, field))) {
                return ""; // an unknown field, or a field of another type, is a mistake, not something to ignore
            }
        }
        JSObject registry = Json.get(entry, "registry");
        JSObject label = Json.get(entry, "label");
        JSObject auth = Json.get(entry, "auth");
        String realms = auth != null ? realmList(auth) : null;
        if (realms == null && contains(Json.keys(entry), "auth")) {
            return "";
        }
        return table.configure(name, registry == null ? null : ((JSString) registry).stringValue(), realms,
                label == null ? null : ((JSString) label).stringValue(), false);
    }

    static boolean contains(String[] names, String name) {
        for (String each : names) {
            if (each.equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** {@code auth}: a URL or a list of URLs, as one comma-separated list; null when it is neither. */
    static String realmList(JSObject auth) {
        if (Json.isString(auth)) {
            String one = ((JSString) auth).stringValue();
            return one.indexOf(',') < 0 ? one : null;
        }
        if (!JSArray.isArray(auth)) {
            return null;
        }
        JSArray<JSObject> list = (JSArray<JSObject>) auth;
        StringBuilder joined = new StringBuilder();
        for (int i = 0; i < list.getLength(); i++) {
            JSObject item = list.get(i);
            if (!Json.isString(item) || ((JSString) item).stringValue().indexOf(',') >= 0) {
                return null;
            }
            joined.append(i == 0 ? "" : ",").append(((JSString) item).stringValue());
        }
        return joined.toString();
    }

    /**
     * The {@code user:secret} entries that {@code UPSTREAM_CREDENTIALS} (a JSON string, or a table) lists for
     * {@code registry}; empty when unset; null when it is not an object of string arrays. Entries for
     * registries the deployment does not serve are accepted and unused.
     */
    static String[] credentials(Env env, String registry) {
        JSObject value = jsonVar(env, "UPSTREAM_CREDENTIALS");
        if (value == null) {
            return new String[0];
        }
        if (!Json.isObject(value)) {
            return null;
        }
        String[] found = new String[0];
        for (String name : Json.keys(value)) {
            JSObject list = Json.get(value, name);
            if (list == null || !JSArray.isArray(list)) {
                return null;
            }
            JSArray<JSObject> entries = (JSArray<JSObject>) list;
            String[] texts = new String[entries.getLength()];
            for (int i = 0; i < texts.length; i++) {
                if (!Json.isString(entries.get(i))) {
                    return null;
                }
                texts[i] = ((JSString) entries.get(i)).stringValue();
            }
            if (name.equals(registry)) {
                found = texts;
            }
        }
        return found;
    }

}
