// Runs a handler many times inside one isolate against stub upstreams, so the caller can time the
// handler's own work: GET /?impl=java|seed|cache&kind=<kind>&n=N answers {status, cache, bytes} of the
// last call. java is the mirror (./entry.js), seed bench/seed-worker.js (a plain proxy), cache
// bench/cache-worker.js (the proxy with a digest-keyed cache). Each implementation gets an isolate of its own
// (bench/cpu.mjs), holding only its modules, so neither's JIT state touches the other's.
// workerd's clock stands still while JavaScript runs: the caller measures workerd's CPU time instead.
//
// Nothing here does I/O: globalThis.fetch is a stub that answers like Docker Hub (registry, token service,
// CDN, search API) and globalThis.caches a stub cache that either misses or holds what the kind needs. Every
// call builds its Request, calls the worker's fetch, and reads the answer's body whole (as a client would; a
// stream left unread would also hold a blob's pump). That work, and the stubs', is the same for every
// implementation of a kind and is counted with the handler's (the caller subtracts only an empty request).
// Every call writes the mirror's JSON log line: console.log stays on, as in production.
const load = (impl) => (impl === "java" ? import("./entry.js") : impl === "cache" ? import("./cache-worker.js") : import("./seed-worker.js"));

const MIRROR = "https://mirror.example.test";
// must match the vars bench/cpu.mjs gives the Java worker (UPSTREAM_REGISTRY, UPSTREAM_AUTH)
const REGISTRY = "https://registry.invalid";
const REALM = "https://auth.invalid/token";
const CDN = "https://cdn.invalid";
const MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json";

// a 400-byte blob (an image config's size), hashed at the first request (no crypto at module load)
const BLOB = new TextEncoder().encode(JSON.stringify({ architecture: "amd64", os: "linux", config: { Cmd: ["/hello"] }, rootfs: { type: "layers", diff_ids: ["sha256:" + "d".repeat(64)] } }).padEnd(400, " "));
const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: MANIFEST_TYPE,
  config: { mediaType: "application/vnd.docker.container.image.v1+json", size: BLOB.length, digest: "sha256:" + "a".repeat(64) },
  layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", size: 3623807, digest: "sha256:" + "b".repeat(64) }],
});
const D = { manifest: null, blob: null };
const RATE = { "ratelimit-limit": "100;w=21600", "ratelimit-remaining": "99;w=21600", "docker-ratelimit-source": "192.0.2.1" };
const CHALLENGE = `Bearer realm="${REALM}",service="registry.docker.io"`;
const UNAUTHORIZED = '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}\n';
const TOKEN = JSON.stringify({ token: "t.u.v", access_token: "t.u.v", expires_in: 300, issued_at: "2026-12-03T00:00:00Z" });
// docker search's default page: 25 results
const SEARCH = JSON.stringify({
  num_pages: 40, num_results: 1000, page_size: 25, page: 1, query: "hello",
  results: Array.from({ length: 25 }, (_, i) => ({ name: `library/hello-${i}`, description: "Hello World! (an example of minimal Dockerization)", star_count: 2000 - i, is_official: i === 0, is_automated: false, pull_count: 1e9 })),
});

function headerOf(init, name) {
  const h = init && init.headers;
  return !h ? null : typeof h.get === "function" ? h.get(name) : h[name] ?? null;
}

/** Docker Hub in one function: the registry (token required), its token service, its CDN, its search API. */
async function stubFetch(input, init) {
  const url = typeof input === "string" ? input : input instanceof Request ? input.url : String(input);
  const method = (init && init.method) || (input instanceof Request ? input.method : "GET");
  const head = method === "HEAD";
  if (url.startsWith(REALM)) return new Response(TOKEN, { headers: { "content-type": "application/json" } });
  if (url.startsWith(CDN)) {
    return new Response(head ? null : BLOB, { headers: { "content-type": "application/octet-stream", "content-length": String(BLOB.length), "accept-ranges": "bytes" } });
  }
  if (url.includes("/v1/search?")) return new Response(SEARCH, { headers: { "content-type": "application/json" } });
  const json = { "content-type": "application/json", "docker-distribution-api-version": "registry/2.0" };
  const path = url.slice(url.indexOf("/", 8));
  if (path === "/v2/" || !headerOf(init, "authorization")) {
    const scope = path === "/v2/" ? "" : `,scope="repository:${path.slice(4, path.search(/\/(manifests|blobs)\//))}:pull"`;
    return new Response(head ? null : UNAUTHORIZED, { status: 401, headers: { ...json, "www-authenticate": CHALLENGE + scope } });
  }
  if (path.includes("/manifests/")) {
    const headers = { "content-type": MANIFEST_TYPE, "content-length": String(MANIFEST.length), "docker-content-digest": D.manifest, etag: `"${D.manifest}"`, "docker-distribution-api-version": "registry/2.0", ...RATE };
    return new Response(head ? null : MANIFEST, { status: 200, headers });
  }
  if (path.includes("/blobs/")) {
    return new Response(null, { status: 307, headers: { location: `${CDN}/docker/registry/v2/blobs/${D.blob.slice(7)}/data?sig=x`, "docker-distribution-api-version": "registry/2.0" } });
  }
  return new Response(head ? null : '{"errors":[{"code":"NAME_UNKNOWN","message":"unknown","detail":null}]}', { status: 404, headers: json });
}

// What a Cache API entry holds for each key the mirror (or bench/cache-worker.js) looks up.
function stored(key) {
  const immutable = "public, max-age=31536000, immutable";
  if (key.includes("/tags/")) {
    // a tag resolved just now (Date.now() stands still within the request): fresh
    return new Response("", { headers: { "docker-content-digest": D.manifest, "x-hubmirror-resolved": String(Date.now()), "cache-control": "public, max-age=60", "cf-cache-status": "HIT" } });
  }
  if (key.endsWith("/stored")) return new Response("", { headers: { "x-hubmirror-fill": "fill-1", "cache-control": immutable } });
  if (key.includes("/blobs/")) {
    return new Response(BLOB, { headers: { "content-type": "application/octet-stream", "content-length": String(BLOB.length), "docker-content-digest": D.blob, "x-hubmirror-fill": "fill-1", "cache-control": immutable, "cf-cache-status": "HIT" } });
  }
  return new Response(MANIFEST, { headers: { "content-type": MANIFEST_TYPE, "content-length": String(MANIFEST.length), "docker-content-digest": D.manifest, "cache-control": immutable, "cf-cache-status": "HIT" } });
}
const keyOf = (k) => (typeof k === "string" ? k : k.url);
const cacheHolding = { default: { match: async (k) => stored(keyOf(k)), put: async (k, r) => void (await r.arrayBuffer()), delete: async () => false } };
// an empty cache: every lookup misses; a put reads the body, as the Cache API does (a blob fill waits for it)
const cacheEmpty = { default: { match: async () => undefined, put: async (k, r) => void (await r.arrayBuffer()), delete: async () => false } };
const ctx = { waitUntil() {}, passThroughOnException() {} };

/**
 * The request of each kind, as a client sends it to the mirror (java) or to the JS workers. An anonymous
 * client of the mirror carries the mirror's own anonymous token; of the JS workers, an upstream token they
 * pass on. A logged-in client of the mirror carries the token its /token handed out (it names its registry).
 */
const KINDS = {
  ping: { path: () => "/v2/", auth: { java: null, js: null } },
  token: { path: () => "/token?service=registry.docker.io&scope=repository%3Alibrary%2Fhello%3Apull", auth: { java: null } },
  "token-basic": { path: () => "/token?service=registry.docker.io&scope=repository%3Alibrary%2Fhello%3Apull", auth: { java: "Basic " + btoa("reader:read-secret") } },
  "tag-hit": { path: () => "/v2/library/hello/manifests/1", auth: { java: "Bearer hubmirror-anonymous" }, accept: MANIFEST_TYPE, cache: cacheHolding },
  "tag-miss": { path: () => "/v2/library/hello/manifests/1", auth: { java: "Bearer hubmirror-anonymous", js: "Bearer x.y.z" }, accept: MANIFEST_TYPE },
  hit: { path: () => `/v2/library/hello/manifests/${D.manifest}`, auth: { java: "Bearer hubmirror-anonymous", js: "Bearer x.y.z" }, accept: MANIFEST_TYPE, cache: cacheHolding },
  "digest-miss": { path: () => `/v2/library/hello/manifests/${D.manifest}`, auth: { java: "Bearer hubmirror-anonymous", js: "Bearer x.y.z" }, accept: MANIFEST_TYPE },
  manifest: { path: () => "/v2/library/hello/manifests/1", auth: { java: "Bearer hubmirror~docker.io~x.y.z", js: "Bearer x.y.z" }, accept: MANIFEST_TYPE },
  "blob-head": { method: "HEAD", path: () => `/v2/library/hello/blobs/${D.blob}`, auth: { java: "Bearer hubmirror-anonymous", js: "Bearer x.y.z" } },
  blob: { path: () => `/v2/library/hello/blobs/${D.blob}`, auth: { java: "Bearer hubmirror-anonymous", js: "Bearer x.y.z" } },
  home: { path: () => "/", auth: { java: null, js: null }, html: true },
  healthz: { path: () => "/healthz", auth: { java: null } },
  search: { path: () => "/v1/search?q=hello&n=25", auth: { java: null } },
};

async function sha256(bytes) {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return "sha256:" + Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

export default {
  async fetch(request, env) {
    if (!D.manifest) {
      D.manifest = await sha256(new TextEncoder().encode(MANIFEST));
      D.blob = await sha256(BLOB);
    }
    const q = new URL(request.url).searchParams;
    const implName = q.get("impl");
    const kind = KINDS[q.get("kind")];
    if (!kind) return new Response("no such kind", { status: 400 });
    const auth = implName === "java" ? kind.auth.java : kind.auth.js;
    const impl = (await load(implName)).default;
    const n = Number(q.get("n"));
    const url = MIRROR + kind.path();
    const headers = kind.html
      ? { accept: "text/html", "accept-language": "en-US,en;q=0.9", "user-agent": "bench" }
      : { accept: kind.accept ?? "application/json", "user-agent": "bench" };
    if (auth) headers.authorization = auth;
    const init = { method: kind.method ?? "GET", headers };
    const realFetch = globalThis.fetch;
    const realCaches = globalThis.caches;
    globalThis.fetch = stubFetch;
    globalThis.caches = kind.cache ?? cacheEmpty;
    try {
      let last = null;
      let bytes = 0;
      for (let i = 0; i < n; i++) {
        last = await impl.fetch(new Request(url, init), env, ctx);
        bytes = (await last.arrayBuffer()).byteLength;
      }
      return Response.json(last ? { status: last.status, cache: last.headers.get("x-cache"), bytes } : { status: 0 });
    } finally {
      globalThis.fetch = realFetch;
      globalThis.caches = realCaches;
    }
  },
};
