// Runs a handler many times inside one isolate against a stub upstream, so the caller can time the
// handler's own work: GET /?impl=java|js&kind=home|manifest|hit&n=N. "hit" is a manifest by digest
// answered from a stub caches.default (both the mirror and bench/cache-worker.js look it up there). Each implementation gets an isolate of
// its own (bench/cpu.mjs), holding only its modules, so neither's JIT state touches the other's.
// workerd's clock stands still while JavaScript runs: the caller measures workerd's CPU time instead.
const load = (impl, kind) => (impl === "java" ? import("./entry.js") : kind === "hit" ? import("./cache-worker.js") : import("./seed-worker.js"));

const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: "application/vnd.docker.distribution.manifest.v2+json",
  config: { mediaType: "application/vnd.docker.container.image.v1+json", size: 1469, digest: "sha256:" + "a".repeat(64) },
  layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: 3623807, digest: "sha256:" + "b".repeat(64) }],
});
const MANIFEST_HEADERS = {
  "content-type": "application/vnd.docker.distribution.manifest.v2+json",
  // set to the manifest's real digest on the first request (the mirror checks it; no crypto at module load)
  "docker-content-digest": null,
  "docker-distribution-api-version": "registry/2.0",
  etag: '"sha256:' + "c".repeat(64) + '"',
  "content-length": String(MANIFEST.length),
};
const stubUpstream = async () => new Response(MANIFEST, { status: 200, headers: MANIFEST_HEADERS });
// what a cache entry of a manifest holds (both workers' stored headers, and what the Cache API adds)
const stubCache = {
  default: {
    match: async () => new Response(MANIFEST, { status: 200, headers: { "content-type": MANIFEST_HEADERS["content-type"], "content-length": String(MANIFEST.length), "docker-content-digest": MANIFEST_HEADERS["docker-content-digest"], "cache-control": "public, max-age=31536000, immutable", "cf-cache-status": "HIT" } }),
    put: async () => {},
    delete: async () => false,
  },
};
const ctx = { waitUntil() {}, passThroughOnException() {} };

export default {
  async fetch(request, env) {
    if (!MANIFEST_HEADERS["docker-content-digest"]) {
      const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(MANIFEST)));
      MANIFEST_HEADERS["docker-content-digest"] = "sha256:" + Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
      MANIFEST_HEADERS.etag = `"${MANIFEST_HEADERS["docker-content-digest"]}"`;
    }
    const q = new URL(request.url).searchParams;
    const kind = q.get("kind");
    const impl = (await load(q.get("impl"), kind)).default;
    const n = Number(q.get("n"));
    const home = kind === "home";
    const realFetch = globalThis.fetch;
    const realCaches = globalThis.caches;
    globalThis.fetch = stubUpstream;
    globalThis.caches = stubCache;
    const hitPath = q.get("path") ? `https://mirror.example.test${q.get("path")}` : `https://mirror.example.test/v2/library/hello/manifests/${MANIFEST_HEADERS["docker-content-digest"]}`;
    const hitAuth = q.get("impl") === "java" ? "Bearer hubmirror-anonymous" : "Bearer x.y.z";
    try {
      let status = 0;
      for (let i = 0; i < n; i++) {
        const req = home
          ? new Request("https://mirror.example.test/", { headers: { accept: "text/html", "accept-language": "en-US,en;q=0.9" } })
          : kind === "hit"
          ? new Request(hitPath, { headers: { authorization: hitAuth, accept: MANIFEST_HEADERS["content-type"], "user-agent": "bench" } })
          : new Request("https://mirror.example.test/v2/library/hello/manifests/1", {
              // a logged-in client's token as each hands it out (the Java mirror's names its registry)
              headers: { authorization: q.get("impl") === "java" ? "Bearer hubmirror~docker.io~x.y.z" : "Bearer x.y.z", accept: MANIFEST_HEADERS["content-type"], "user-agent": "bench" },
            });
        const res = await impl.fetch(req, env, ctx);
        status = res.status;
        if (kind === "hit") await res.arrayBuffer(); // a hit's body is a stream: read it, as the client would
      }
      return new Response(String(status));
    } finally {
      globalThis.fetch = realFetch;
      globalThis.caches = realCaches;
    }
  },
};
