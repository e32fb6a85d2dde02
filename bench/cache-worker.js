// The competitor with a cache: bench/seed-worker.js's proxy plus the Workers Cache API the way JS Workers
// usually add it: blobs and manifests named by a digest are kept under the worker's origin and the digest,
// filled from a tee() of the upstream's body in waitUntil, and served from caches.default on a hit (Range
// included). No digest check, no tag handling. For the benchmarks only; nothing in worker-src imports it.
import HTML from "./index.html";

const UPSTREAM = "https://registry-1.docker.io";
const BY_DIGEST = /^\/v2\/.+\/(blobs|manifests)\/(sha256:[0-9a-f]{64})$/;

function withCors(response, origin) {
  const out = new Headers(response.headers);
  out.set("access-control-allow-origin", origin);
  out.set("access-control-allow-headers", "Authorization");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: out });
}

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (!url.pathname.startsWith("/v2/")) {
      return new Response(HTML.replace(/{{host}}/g, url.host).replace(/{{lang}}/g, "en"), {
        headers: { "content-type": "text/html; charset=utf-8" },
      });
    }
    const m = BY_DIGEST.exec(url.pathname);
    const key = m && request.method === "GET" ? `${url.origin}/__cache/${m[1]}/${m[2]}` : null;
    const range = request.headers.get("range");
    if (key) {
      const hit = await caches.default.match(new Request(key, range ? { headers: { range } } : undefined));
      if (hit) return withCors(hit, url.origin);
    }
    const upstream = env.UPSTREAM_REGISTRY || UPSTREAM;
    const headers = new Headers(request.headers);
    headers.set("host", new URL(upstream).host);
    let response = await fetch(upstream + url.pathname + url.search, { method: request.method, headers, redirect: "manual" });
    for (let hops = 0; hops < 5 && [301, 302, 303, 307, 308].includes(response.status); hops++) {
      const next = new Headers(headers);
      next.delete("authorization");
      response = await fetch(new URL(response.headers.get("location"), upstream), { method: request.method, headers: next, redirect: "manual" });
    }
    if (key && !range && response.status === 200 && response.body) {
      const [client, stored] = response.body.tee();
      const kept = new Headers({ "cache-control": "public, max-age=31536000" });
      for (const h of ["content-type", "content-length", "docker-content-digest"]) if (response.headers.has(h)) kept.set(h, response.headers.get(h));
      ctx.waitUntil(caches.default.put(key, new Response(stored, { headers: kept })));
      response = new Response(client, response);
    }
    return withCors(response, url.origin);
  },
};
