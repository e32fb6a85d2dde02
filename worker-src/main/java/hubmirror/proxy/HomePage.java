package hubmirror.proxy;

import hubmirror.registry.AcceptLanguage;
import hubmirror.workers.Headers;
import hubmirror.workers.Response;
import hubmirror.workers.StringPrototype;

/**
 * The page people land on, in the language their browser asks for, with their mirror's host in every
 * command. Clients that do not ask for HTML (curl) get the same commands as plain text.
 */
final class HomePage {
    private final String html;
    private final String text;

    HomePage(String html, String text) {
        this.html = html;
        this.text = text;
    }

    Response response(Mirror mirror) {
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
                    + "script-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'");
            headers.set("referrer-policy", "no-referrer");
        }
        return mirror.replies.text(200, render(wantsHtml ? html : text, mirror.url.getHost(), lang), headers);
    }

    static boolean wantsHtml(String accept) {
        return accept != null && (accept.indexOf("text/html") >= 0 || accept.indexOf("application/xhtml") >= 0);
    }

    /** Fills {@code {{host}}} (HTML-escaped) and {@code {{lang}}}, natively: the page is too big for StringBuilder. */
    static String render(String template, String host, String lang) {
        return StringPrototype.replaceAll(StringPrototype.replaceAll(template, "{{host}}", escape(host)), "{{lang}}", lang);
    }

    static String escape(String s) {
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
