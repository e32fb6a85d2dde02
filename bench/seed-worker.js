// The competitor: a hand-written JavaScript Worker with the seed's behaviour (../shared/seed), written
// for the benchmarks in this directory only. It proxies /v2/* with the request's headers (Host set to the
// upstream) and CORS added, and answers every other path with the home page, {{host}} filled in.
// One change from the seed, so that blobs work at all against a Docker-Hub-like upstream: redirects are
// followed by hand without Authorization (the seed's redirect: "follow" sends it on, and the storage
// answers 400). Not part of the product; nothing in worker-src imports it.
import HTML from "./index.html";

const UPSTREAM = "https://registry-1.docker.io";

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/v2/")) {
      const upstream = env.UPSTREAM_REGISTRY || UPSTREAM;
      const headers = new Headers(request.headers);
      headers.set("host", new URL(upstream).host);
      let response = await fetch(upstream + url.pathname + url.search, {
        method: request.method,
        headers,
        body: request.body,
        redirect: "manual",
      });
      for (let hops = 0; hops < 5 && [301, 302, 303, 307, 308].includes(response.status); hops++) {
        const next = new Headers(headers);
        next.delete("authorization");
        response = await fetch(new URL(response.headers.get("location"), upstream), { method: request.method, headers: next, redirect: "manual" });
      }
      const out = new Headers(response.headers);
      out.set("access-control-allow-origin", url.origin);
      out.set("access-control-allow-headers", "Authorization");
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers: out });
    }
    return new Response(HTML.replace(/{{host}}/g, url.host).replace(/{{lang}}/g, "en"), {
      headers: { "content-type": "text/html; charset=utf-8" },
    });
  },
};
