package hubmirror.proxy.ops;

import hubmirror.proxy.Isolate;
import hubmirror.proxy.Mirror;
import hubmirror.proxy.config.MirrorConfig;

import hubmirror.registry.AcceptLanguage;
import hubmirror.registry.IpAddress;
import hubmirror.registry.UpstreamRegistry;
import hubmirror.registry.UpstreamTable;
import hubmirror.workers.Headers;
import hubmirror.workers.Response;
import hubmirror.workers.StringPrototype;
import java.util.List;
import org.teavm.jso.core.JSArray;
import org.teavm.jso.core.JSMap;
import org.teavm.jso.core.JSString;

/**
 * The page people land on, in the language their browser asks for, with their mirror's host in every
 * command. Clients that do not ask for HTML (curl) get the same commands as plain text.
 */
public final class HomePage {
    private final String html;
    private final String text;

    public HomePage(String html, String text) {
        this.html = html;
        this.text = text;
    }

    public Response response(Mirror mirror) {
        Headers incoming = mirror.request.getHeaders();
        String lang = AcceptLanguage.choose(incoming.get("accept-language"));
        boolean wantsHtml = wantsHtml(incoming.get("accept"));
        Headers headers = new Headers();
        headers.set("content-type", wantsHtml ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
        headers.set("content-language", lang);
        headers.set("vary", "Accept, Accept-Language");
        headers.set("cache-control", "no-cache");
        headers.set("x-content-type-options", "nosniff");
        if (wantsHtml) {
            // everything the page needs is inline; nothing else may load
            headers.set("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; "
                    + "script-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'");
            headers.set("referrer-policy", "no-referrer");
        }
        boolean plainHttp = isPlainHttp(mirror.url.getProtocol(), mirror.url.getHostname());
        return mirror.replies.text(200, pieces(mirror.config, wantsHtml, lang, plainHttp).join(escape(mirror.url.getHost())), headers);
    }

    /**
     * The page for this configuration and language, cut at every {@code {{host}}}: made once per
     * configuration (the registries it serves) and language, then joined around each request's host, natively.
     */
    private JSArray<JSString> pieces(MirrorConfig config, boolean wantsHtml, String lang, boolean plainHttp) {
        JSString key = JSString.valueOf((wantsHtml ? "html " : "text ") + lang + (plainHttp ? " http" : " https"));
        JSMap<JSString, JSArray<JSString>> pages = Isolate.get().homePages(config);
        if (pages.has(key)) {
            return pages.get(key);
        }
        String page = withScheme(withRegistries(wantsHtml ? html : text, config.table.entries()), plainHttp);
        JSArray<JSString> pieces = StringPrototype.split(StringPrototype.replaceAll(page, "{{lang}}", lang), "{{host}}");
        pages.set(key, pieces);
        return pieces;
    }

    /**
     * Whether the page is for a mirror served over plain {@code http} (a local one, such as {@code scripts/dev}'s):
     * asked for over http at localhost, an IP address or a name without a dot. A deployed mirror asked for over
     * http still shows {@code https}: Cloudflare serves its custom domain with TLS, and clients should use it.
     */
    public static boolean isPlainHttp(String protocol, String hostname) {
        if (!"http:".equals(protocol)) {
            return false;
        }
        boolean ipLiteral = hostname.startsWith("[") || IpAddress.parse(hostname) != null;
        return ipLiteral || hostname.equals("localhost") || hostname.endsWith(".localhost") || hostname.indexOf('.') < 0;
    }

    /**
     * {@code {{scheme}}} as {@code http} or {@code https}; the {@code {{#plain-http}}…{{/plain-http}}} blocks (what
     * clients need for a registry without TLS) kept only for plain http, the {@code {{#tls}}…{{/tls}}} ones only
     * for https.
     */
    static String withScheme(String page, boolean plainHttp) {
        String kept = keepBlocks(page, "plain-http", plainHttp);
        kept = keepBlocks(kept, "tls", !plainHttp);
        return StringPrototype.replaceAll(kept, "{{scheme}}", plainHttp ? "http" : "https");
    }

    /**
     * Every {@code {{#name}}…{{/name}}} block: its content when {@code keep}, else nothing; a marker alone on its
     * line goes with its line break, one within a line leaves the line as it is.
     */
    public static String keepBlocks(String page, String name, boolean keep) {
        String open = "{{#" + name + "}}";
        String close = "{{/" + name + "}}";
        StringBuilder out = new StringBuilder();
        int from = 0;
        int start;
        while ((start = page.indexOf(open, from)) >= 0) {
            int end = page.indexOf(close, start);
            if (end < 0) {
                break;
            }
            out.append(page, from, start);
            int contentStart = start + open.length() + (aloneOnLine(page, start, open.length()) ? 1 : 0);
            if (keep) {
                out.append(page, contentStart, end);
            }
            from = end + close.length() + (aloneOnLine(page, end, close.length()) ? 1 : 0);
        }
        return out.append(page.substring(from)).toString();
    }

    private static boolean aloneOnLine(String page, int at, int length) {
        return (at == 0 || page.charAt(at - 1) == '\n') && page.startsWith("\n", at + length);
    }

    static boolean wantsHtml(String accept) {
        return accept != null && (accept.indexOf("text/html") >= 0 || accept.indexOf("application/xhtml") >= 0);
    }

    /**
     * Repeats the {@code {{#registries}}…{{/registries}}} block for each served registry but Docker Hub
     * ({@code {{registry}}}, {@code {{example}}}) and puts their names in {@code {{registries-json}}}.
     * Registry names need no escaping: {@code UPSTREAMS} admits only {@code [a-z0-9.:-]}.
     */
    static String withRegistries(String template, List<UpstreamRegistry> served) {
        int others = 0;
        for (UpstreamRegistry registry : served) {
            others += registry.name().equals(UpstreamTable.DOCKER_HUB) ? 0 : 1;
        }
        String[] list = new String[others];
        String[] examples = new String[others];
        int i = 0;
        for (UpstreamRegistry registry : served) {
            if (!registry.name().equals(UpstreamTable.DOCKER_HUB)) {
                list[i] = registry.name();
                examples[i++] = example(registry.name());
            }
        }
        String page = repeatBlock(template, BLOCK_START, BLOCK_END, list, examples);
        return StringPrototype.replaceAll(page, "{{registries-json}}", json(list));
    }

    private static final String BLOCK_START = "{{#registries}}\n";
    private static final String BLOCK_END = "{{/registries}}\n";
    /** An image of each built-in registry that people pull, for the page's first command. */
    private static final String[] EXAMPLES = {
        "ghcr.io", "ghcr.io/open-webui/open-webui:main",
        "quay.io", "quay.io/prometheus/prometheus:latest",
        "gcr.io", "gcr.io/distroless/static-debian12:latest",
        "registry.k8s.io", "registry.k8s.io/pause:3.10",
        "nvcr.io", "nvcr.io/nvidia/cuda:12.6.2-base-ubuntu24.04",
        "mcr.microsoft.com", "mcr.microsoft.com/dotnet/runtime:8.0",
        "docker.elastic.co", "docker.elastic.co/elasticsearch/elasticsearch:8.15.3",
        "public.ecr.aws", "public.ecr.aws/docker/library/alpine:latest",
    };

    static String example(String registry) {
        for (int i = 0; i < EXAMPLES.length; i += 2) {
            if (EXAMPLES[i].equals(registry)) {
                return EXAMPLES[i + 1];
            }
        }
        return registry + "/owner/image:tag";
    }

    private static String json(String[] names) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < names.length; i++) {
            out.append(i == 0 ? "\"" : ",\"").append(names[i]).append('"');
        }
        return out.append(']').toString();
    }

    /** The block, once per registry, in place of the block's markers (made once per configuration: not hot). */
    private static String repeatBlock(String page, String open, String close, String[] names, String[] examples) {
        int start = page.indexOf(open);
        int end = page.indexOf(close);
        if (start < 0 || end < start) {
            return page;
        }
        String block = page.substring(start + open.length(), end);
        StringBuilder out = new StringBuilder(page.substring(0, start));
        for (int i = 0; i < names.length; i++) {
            out.append(StringPrototype.replaceAll(StringPrototype.replaceAll(block, "{{registry}}", names[i]),
                    "{{example}}", examples[i]));
        }
        return out.append(page.substring(end + close.length())).toString();
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&': out.append("&amp;"); break;
                case '<': out.append("&lt;"); break;
                case '>': out.append("&gt;"); break;
                case '"': out.append("&quot;"); break;
                case '\'': out.append("&#39;"); break;
                default: out.append(c);
            }
        }
        return out.toString();
    }
}
