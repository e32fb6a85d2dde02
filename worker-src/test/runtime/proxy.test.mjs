// Tier 2: the proxy layer in seconds, without root. The compiled Worker (target/dist, the bundle wrangler deploys,
// built by deploy.test.mjs before this file runs) runs in Miniflare, driven from this process; every fetch it makes goes to a stand-in registry written here (Miniflare's
// outboundService: the fetch seam), and TEST_CLOCK's POST /__test/clock moves the Worker's clock ahead (the clock
// seam), so expiry is seen without waiting. The stand-in is a registry in miniature: Bearer tokens from its own
// token service, manifests by tag and digest, blobs redirected to a CDN host. The real-registry and real-client
// suites (tier 3) cover the same paths against CNCF distribution; these cover the proxy's own decisions:
// configuration errors, credentials, the mirror's identity and its token reuse, digest checks, the header
// allowlist both ways, redirects, upstream errors, the cache's tag TTL, and the mirror's signed tokens.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { DIST, compatibilityDate, compatibilityFlags, distModules } from "./lib/workerd.mjs";

const REGISTRY = "registry.standin.test";
const AUTH = "auth.standin.test";
const CDN = "cdn.standin.test";
const MIRROR = "http://mirror.test";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const sha256 = (bytes) => "sha256:" + crypto.createHash("sha256").update(bytes).digest("hex");

/** A registry in miniature; `seen` records every request the Worker made, `mode` makes it misbehave. */
function standIn() {
  const seen = [];
  const manifests = new Map(); // "name:reference" -> { body, type }
  const blobs = new Map(); // digest -> bytes
  const mode = {};
  let issued = 0;
  const put = (name, tag, body, type = OCI_MANIFEST) => {
    const digest = sha256(body);
    manifests.set(`${name}:${tag}`, { body, type });
    manifests.set(`${name}:${digest}`, { body, type });
    return digest;
  };
  const json = (status, value, headers = {}) =>
    new Response(JSON.stringify(value), { status, headers: { "content-type": "application/json", ...headers } });
  const challenge = (scope) => `Bearer realm="https://${AUTH}/token",service="${REGISTRY}"${scope ? `,scope="${scope}"` : ""}`;
  async function fetch(request) {
    const url = new URL(request.url);
    seen.push({ method: request.method, host: url.host, path: url.pathname + url.search, headers: Object.fromEntries(request.headers) });
    if (url.host === AUTH) {
      issued++;
      return json(200, { token: `up-${issued}`, expires_in: 300 });
    }
    if (url.host === CDN) {
      const stored = blobs.get(url.pathname.slice(1));
      // mode.cdnTamper: the second and later downloads of a blob are other bytes of the same length
      const seenBefore = seen.filter((r) => r.host === CDN && r.path === url.pathname).length > 1;
      const bytes = stored && mode.cdnTamper && seenBefore ? Buffer.alloc(stored.length, 0x41) : stored;
      if (!bytes) return new Response("", { status: 404 });
      const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.get("range") ?? "");
      if (range) {
        const part = bytes.subarray(Number(range[1]), Number(range[2]) + 1);
        return new Response(part, { status: 206, headers: { "content-length": String(part.length), "content-range": `bytes ${range[1]}-${range[2]}/${bytes.length}` } });
      }
      return new Response(bytes, { headers: { "content-length": String(bytes.length) } });
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    const scope = m ? `repository:${m[1]}:pull` : null;
    if (!/^Bearer up-\d+$/.test(request.headers.get("authorization") ?? "")) {
      return json(401, { errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }, { "www-authenticate": challenge(scope) });
    }
    const forced = mode.status ? await mode.status(url, request) : undefined;
    if (forced) return forced;
    if (mode.delay) await new Promise((r) => setTimeout(r, mode.delay));
    if (url.pathname === "/v2/") return json(200, {});
    if (m && m[2] === "manifests") {
      const found = manifests.get(`${m[1]}:${m[3]}`);
      if (!found) return json(404, { errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] });
      const body = mode.tamper ? found.body.replace("config", "c0nfig") : found.body;
      const headers = { "content-type": found.type, "docker-content-digest": sha256(found.body), "content-length": String(Buffer.byteLength(body)),
        "set-cookie": "upstream=1", "x-upstream-private": "secret" };
      return new Response(request.method === "HEAD" ? null : body, { headers });
    }
    if (m && m[2] === "blobs") {
      if (!blobs.has(m[3])) return json(404, { errors: [{ code: "BLOB_UNKNOWN", message: "blob unknown" }] });
      return new Response(null, { status: 307, headers: { location: `https://${CDN}/${m[3]}` } });
    }
    return json(404, { errors: [{ code: "NOT_FOUND", message: "not found" }] });
  }
  return { fetch, seen, put, blobs, mode, issued: () => issued };
}

const manifestOf = (config, layers) => JSON.stringify({
  schemaVersion: 2, mediaType: OCI_MANIFEST,
  config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: config, size: 2 },
  layers: layers.map((l) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: l, size: 10 })),
});

/**
 * The bundle in Miniflare with `vars`, its outbound fetches going to `upstream.fetch`; with `persist`, the
 * CONTENT_BUCKET binding, the bucket and the edge cache kept in that directory (remove its cache/ for a cold data
 * centre with the same bucket).
 */
async function mirror(upstream, vars = {}, { persist } = {}) {
  const logs = [];
  const mf = new Miniflare({ ...convertV4MiniflareOptions({
    modulesRoot: DIST,
    modules: distModules().map((m) => ({ type: m.kind === "esModule" ? "ESModule" : "Text", path: m.file })),
    compatibilityDate: compatibilityDate(),
    compatibilityFlags: compatibilityFlags(),
    bindings: Object.fromEntries(Object.entries({ UPSTREAM_REGISTRY: `https://${REGISTRY}`, UPSTREAM_AUTH: `https://${AUTH}/token`,
      TEST_CLOCK: "true", ...vars }).filter(([, value]) => value !== undefined)),
    outboundService: (request) => upstream.fetch(request),
    ...(persist ? { r2Buckets: ["CONTENT_BUCKET"] } : {}),
    handleStructuredLogs: ({ message }) => logs.push(message),
  }), ...(persist ? { resourcePersistencePath: persist } : {}) });
  await mf.ready;
  const get = async (p, init = {}) => {
    const r = await mf.dispatchFetch(`${MIRROR}${p}`, { redirect: "manual", ...init });
    const body = Buffer.from(await r.arrayBuffer());
    return { status: r.status, headers: Object.fromEntries(r.headers), body, text: body.toString() };
  };
  const clockAhead = async (ms) => assert.equal((await get(`/__test/clock?ahead=${ms}`,
    { method: "POST", headers: { "x-hubmirror-test-clock": "1" } })).status, 200);
  const logLines = () => logs.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  /** The first log line `match` accepts (workerd's log reaches Miniflare by a pipe: wait for it, at most 5 s). */
  const logWhere = async (match) => {
    for (let i = 0; i < 100; i++) {
      const found = logLines().find(match);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`no such log line: ${match}\n${logs.join("\n")}`);
  };
  /** GET `p` until it is a hit (a fill or an entry is written after the answer, in waitUntil), at most 5 s. */
  const hitOf = async (p, init) => {
    let res;
    for (let i = 0; i < 100; i++) {
      res = await get(p, init);
      if (res.headers["x-cache"] === "HIT") return res;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`${p} never became a hit: ${res.headers["x-cache"]}`);
  };
  /** Waits (at most 10 s) for a log message, of any level, that includes `text`. */
  const logged = async (text) => {
    for (let i = 0; i < 200; i++) {
      const found = logs.find((l) => l.includes(text));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`nothing logged with ${text}:\n${logs.join("\n")}`);
  };
  return { mf, get, clockAhead, logLines, logWhere, logged, hitOf, stop: () => mf.dispose() };
}

const errorsOf = (res) => JSON.parse(res.text).errors;
const anonymous = async (m) => ({ authorization: `Bearer ${JSON.parse((await m.get("/token?service=registry.docker.io&scope=repository:library/hello:pull")).text).token}` });

describe("configuration", () => {
  test("a misconfiguration names every bad variable, and every request answers 500 UNKNOWN", async () => {
    const m = await mirror(standIn(), { TAG_TTL_SECONDS: "soon", UPSTREAM_TIMEOUT_MS: "-1", HIDE_HOME: "maybe", ALLOW_IPS: "not-a-cidr",
      TEST_CLOCK: "yes", CONTENT_BUCKET: "a-bucket-name", EDGE_CACHE_MAX_BYTES: "big", PREWARM_IMAGES: "nginx, Not An Image",
      PREWARM_PLATFORMS: "linux", PREWARM_MAX_SUBREQUESTS: "0", DOWNLOAD_MAX_SUBREQUESTS: "x", CONTENT_BUCKET_PART_BYTES: "1048576" });
    try {
      for (const p of ["/v2/", "/", "/token"]) {
        const res = await m.get(p);
        assert.equal(res.status, 500, p);
        const [error] = errorsOf(res);
        assert.equal(error.code, "UNKNOWN");
        for (const name of ["TAG_TTL_SECONDS", "UPSTREAM_TIMEOUT_MS", "HIDE_HOME", "ALLOW_IPS", "TEST_CLOCK", "CONTENT_BUCKET",
          "EDGE_CACHE_MAX_BYTES", "PREWARM_IMAGES: entry 2", "PREWARM_PLATFORMS", "PREWARM_MAX_SUBREQUESTS", "DOWNLOAD_MAX_SUBREQUESTS",
          "CONTENT_BUCKET_PART_BYTES must be from 5242880"]) {
          assert.ok(error.message.includes(name), `${p}: ${error.message} names ${name}`);
        }
      }
    } finally {
      await m.stop();
    }
  });

  test("without TEST_CLOCK the clock cannot be moved; with it, only by a POST with its header, and only ahead", async () => {
    for (const off of [{ TEST_CLOCK: "false" }, { TEST_CLOCK: undefined }]) {
      const m = await mirror(standIn(), off);
      try {
        const res = await m.get("/__test/clock?ahead=1000", { method: "POST", headers: { "x-hubmirror-test-clock": "1" } });
        assert.equal(res.status, 405, "the home page's answer to a POST, not the clock");
        assert.equal(errorsOf(res)[0].code, "UNSUPPORTED");
      } finally {
        await m.stop();
      }
    }
    const m = await mirror(standIn());
    try {
      const move = (ahead, init) => m.get(`/__test/clock?ahead=${ahead}`, init);
      const header = { "x-hubmirror-test-clock": "1" };
      assert.equal((await move(1000, { method: "GET", headers: header })).status, 405);
      assert.equal((await move(1000, { method: "POST" })).status, 400, "without the header (a web page cannot send it without a preflight)");
      assert.equal((await move("-5", { method: "POST", headers: header })).status, 400);
      assert.equal((await move("soon", { method: "POST", headers: header })).status, 400);
      assert.equal(JSON.parse((await move(5000, { method: "POST", headers: header })).text).aheadMillis, 5000);
      assert.equal(JSON.parse((await move(1000, { method: "POST", headers: header })).text).aheadMillis, 5000, "never back");
    } finally {
      await m.stop();
    }
  });
});

describe("an anonymous pull, with the mirror's identity", () => {
  let up, m, digest, layer;
  before(async () => {
    up = standIn();
    layer = crypto.randomBytes(3000);
    up.blobs.set(sha256(layer), layer);
    digest = up.put("library/hello", "1", manifestOf(sha256(Buffer.from("{}")), [sha256(layer)]));
    m = await mirror(up, { TAG_TTL_SECONDS: "60" });
  });
  after(() => m?.stop());

  test("the ping answers the upstream's challenge with the mirror's realm; /token an anonymous grant without asking upstream", async () => {
    const ping = await m.get("/v2/");
    assert.equal(ping.status, 401);
    // the upstream's challenge, its realm the mirror's
    assert.equal(ping.headers["www-authenticate"], `Bearer realm="${MIRROR}/token",service="${REGISTRY}"`);
    const before = up.seen.filter((r) => r.host === AUTH).length;
    const token = await m.get("/token?service=registry.docker.io&scope=repository:library/hello:pull");
    assert.equal(token.status, 200);
    assert.match(JSON.parse(token.text).token, /^hubmirror-anonymous/);
    assert.equal(up.seen.filter((r) => r.host === AUTH).length, before, "no upstream token for an anonymous grant");
  });

  test("a tag: HEAD upstream, then GET by digest, verified; the second pull is a hit; the upstream token is reused", async () => {
    const headers = { ...(await anonymous(m)), accept: OCI_MANIFEST, cookie: "session=client", "x-forwarded-for": "192.0.2.1" };
    const mark = up.seen.length;
    const first = await m.get("/v2/library/hello/manifests/1", { headers });
    assert.equal(first.status, 200, first.text);
    assert.equal(first.headers["docker-content-digest"], digest);
    assert.equal(sha256(first.body), digest);
    assert.equal(first.headers["x-cache"], "MISS");
    assert.equal(first.headers["set-cookie"], undefined, "an upstream cookie is not relayed");
    assert.equal(first.headers["x-upstream-private"], undefined, "nor a header off the allowlist");
    const calls = up.seen.slice(mark).map((r) => `${r.method} ${r.host}${r.path}`);
    assert.deepEqual(calls, [
      `HEAD ${REGISTRY}/v2/library/hello/manifests/1`,
      `GET ${AUTH}/token?service=${REGISTRY}&scope=repository%3Alibrary%2Fhello%3Apull`,
      `HEAD ${REGISTRY}/v2/library/hello/manifests/1`,
      `GET ${REGISTRY}/v2/library/hello/manifests/${digest}`,
    ]);
    for (const r of up.seen.slice(mark)) {
      assert.equal(r.headers.cookie, undefined, "the client's cookie stays here");
      assert.equal(r.headers["x-forwarded-for"], undefined, "and its forwarding headers");
      assert.ok(!(r.headers.authorization ?? "").includes("hubmirror"), "the mirror's anonymous token never goes upstream");
    }
    const second = await m.hitOf("/v2/library/hello/manifests/1", { headers });
    assert.equal(second.status, 200);
    assert.equal(second.headers["x-cache-tier"], "edge");
    assert.equal(up.seen.length, mark + 4, "within TAG_TTL_SECONDS a hit asks the upstream nothing");
  });

  test("a tag moved upstream is seen once the clock passes TAG_TTL_SECONDS, not before", async () => {
    const headers = { ...(await anonymous(m)), accept: OCI_MANIFEST };
    const before = (await m.get("/v2/library/hello/manifests/1", { headers })).headers["docker-content-digest"];
    const moved = up.put("library/hello", "1", manifestOf(sha256(Buffer.from("{}")), []));
    assert.notEqual(moved, before);
    await m.clockAhead(30_000);
    assert.equal((await m.get("/v2/library/hello/manifests/1", { headers })).headers["docker-content-digest"], before);
    const tokens = up.issued();
    await m.clockAhead(61_000);
    const after = await m.get("/v2/library/hello/manifests/1", { headers });
    assert.equal(after.headers["docker-content-digest"], moved);
    assert.equal(after.headers["x-cache"], "MISS");
    assert.equal(up.issued(), tokens, "the upstream token (expires_in 300) is still the mirror's");
  });

  test("a blob: the redirect is followed here, the CDN gets no Authorization, the client no Location", async () => {
    const headers = await anonymous(m);
    const mark = up.seen.length;
    const res = await m.get(`/v2/library/hello/blobs/${sha256(layer)}`, { headers });
    assert.equal(res.status, 200);
    assert.ok(res.body.equals(layer));
    assert.equal(res.headers.location, undefined);
    await m.hitOf(`/v2/library/hello/blobs/${sha256(layer)}`, { headers, method: "HEAD" });
    const cdn = up.seen.slice(mark).filter((r) => r.host === CDN && r.method === "GET");
    assert.equal(cdn.length, 2, "the client's download, and the fill's");
    for (const r of cdn) assert.equal(r.headers.authorization, undefined, "no upstream token reaches the CDN");
  });

  test("a manifest that does not hash to its digest is 502 UNAVAILABLE, and is not stored", async () => {
    const other = up.put("library/hello", "2", manifestOf(sha256(Buffer.from("[]")), []));
    const headers = { ...(await anonymous(m)), accept: OCI_MANIFEST };
    up.mode.tamper = true;
    try {
      const res = await m.get(`/v2/library/hello/manifests/${other}`, { headers });
      assert.equal(res.status, 502);
      assert.equal(errorsOf(res)[0].code, "UNAVAILABLE");
      assert.match(errorsOf(res)[0].message, /does not match its digest/);
    } finally {
      up.mode.tamper = false;
    }
    const again = await m.get(`/v2/library/hello/manifests/${other}`, { headers });
    assert.equal(again.status, 200);
    assert.equal(again.headers["x-cache"], "MISS", "the tampered answer was not kept");
    assert.equal(sha256(again.body), other);
  });

  test("upstream errors: 429 keeps its rate-limit headers, an HTML 500 becomes the registry's JSON error", async () => {
    const headers = { ...(await anonymous(m)), accept: OCI_MANIFEST };
    up.mode.status = () => new Response("slow down", { status: 429, headers: { "retry-after": "17", "ratelimit-remaining": "0", "x-other": "1" } });
    try {
      const res = await m.get("/v2/library/fresh/manifests/1", { headers });
      assert.equal(res.status, 429);
      assert.equal(errorsOf(res)[0].code, "TOOMANYREQUESTS");
      assert.equal(res.headers["retry-after"], "17");
      assert.equal(res.headers["ratelimit-remaining"], "0");
      assert.equal(res.headers["x-other"], undefined);
      up.mode.status = () => new Response("<html>oops</html>", { status: 500, headers: { "content-type": "text/html" } });
      const page = await m.get("/v2/library/fresh/manifests/1", { headers });
      assert.equal(page.status, 502, "the upstream's failure is the mirror's bad gateway");
      assert.equal(page.headers["content-type"], "application/json; charset=utf-8");
      assert.equal(errorsOf(page)[0].code, "UNAVAILABLE");
      assert.ok(!page.text.includes("<html>"));
      assert.equal(errorsOf(page).length, 1);
    } finally {
      up.mode.status = undefined;
    }
  });

  test("a request header longer than any client sends is 400 TOO_LARGE, and nothing goes upstream", async () => {
    const mark = up.seen.length;
    const res = await m.get("/v2/library/hello/manifests/2", { headers: { ...(await anonymous(m)), "user-agent": "x".repeat(9000) } });
    assert.equal(res.status, 400);
    assert.equal(errorsOf(res)[0].code, "TOO_LARGE");
    assert.equal(up.seen.length, mark);
  });
});

describe("a client's own credentials", () => {
  test("go to the upstream untouched, bypass the cache, and its challenge names the mirror's realm", async () => {
    const up = standIn();
    const digest = up.put("library/hello", "1", manifestOf(sha256(Buffer.from("{}")), []));
    const m = await mirror(up);
    try {
      // a login at the mirror's host is a Docker Hub login: its Basic credentials go upstream as they are
      const basic = `Basic ${Buffer.from("bob:bobs-password").toString("base64")}`;
      const unauthorized = await m.get("/v2/library/hello/manifests/1", { headers: { authorization: basic, accept: OCI_MANIFEST } });
      assert.equal(up.seen.at(-1).headers.authorization, basic);
      assert.equal(unauthorized.status, 401);
      assert.equal(unauthorized.headers["www-authenticate"],
        `Bearer realm="${MIRROR}/token",service="${REGISTRY}",scope="repository:library/hello:pull"`);
      // the token the mirror's realm handed out for Docker Hub (wrapped) goes upstream unwrapped
      const own = await m.get("/v2/library/hello/manifests/1", { headers: { authorization: "Bearer hubmirror~docker.io~up-77", accept: OCI_MANIFEST } });
      assert.equal(own.status, 200);
      assert.equal(own.headers["docker-content-digest"], digest);
      assert.equal(own.headers["x-cache"], "BYPASS");
      assert.equal(up.seen.at(-1).headers.authorization, "Bearer up-77");
      assert.equal(up.issued(), 0, "the mirror asked for no token of its own");
      // a raw token the mirror did not hand out is not a credential here: the pull is anonymous
      const raw = await m.get("/v2/library/hello/manifests/1", { headers: { authorization: "Bearer up-77", accept: OCI_MANIFEST } });
      assert.equal(raw.headers["x-cache"], "MISS");
      assert.equal(up.seen.at(-1).headers.authorization, "Bearer up-1", "the mirror's own upstream token");
    } finally {
      await m.stop();
    }
  });
});

describe("a private mirror's signed tokens", () => {
  test("a login gets a token that pulls; it expires after TOKEN_TTL_SECONDS by the mirror's clock", async () => {
    const up = standIn();
    up.put("library/hello", "1", manifestOf(sha256(Buffer.from("{}")), []));
    const m = await mirror(up, { MIRROR_USERS: "alice:alice-Secret-1", TOKEN_SECRET: "0123456789abcdef0123", TOKEN_TTL_SECONDS: "60" });
    try {
      const denied = await m.get("/v2/library/hello/manifests/1");
      assert.equal(denied.status, 401);
      assert.equal(errorsOf(denied)[0].code, "UNAUTHORIZED");
      const login = await m.get("/token?service=hubmirror&scope=repository:library/hello:pull",
        { headers: { authorization: `Basic ${Buffer.from("alice:alice-Secret-1").toString("base64")}` } });
      assert.equal(login.status, 200);
      const { token } = JSON.parse(login.text);
      const headers = { authorization: `Bearer ${token}`, accept: OCI_MANIFEST };
      assert.equal((await m.get("/v2/library/hello/manifests/1", { headers })).status, 200);
      assert.equal((await m.logWhere((l) => l.kind === "manifest" && l.status === 200)).user, "alice");
      const other = await m.get("/v2/team/tool/manifests/1", { headers });
      assert.equal(other.status, 401, "the token names library/hello only");
      assert.match(other.headers["www-authenticate"], /error="insufficient_scope"/);
      const wrong = await m.get("/token?service=hubmirror", { headers: { authorization: `Basic ${Buffer.from("alice:nope").toString("base64")}` } });
      assert.equal(wrong.status, 401);
      await m.clockAhead(61_000);
      const expired = await m.get("/v2/library/hello/manifests/1", { headers });
      assert.equal(expired.status, 401);
      assert.match(expired.headers["www-authenticate"], /error="invalid_token"/);
      const refusals = async (n) => {
        for (let i = 0; i < 100; i++) {
          const notes = m.logLines().filter((l) => (l.note ?? "").includes("the mirror's token is refused")).map((l) => l.note);
          if (notes.length >= n) return notes;
          await new Promise((r) => setTimeout(r, 50));
        }
        assert.fail(`fewer than ${n} refusals logged`);
      };
      assert.match((await refusals(1))[0], /the mirror's token is refused: expired/, "the log line says why");
      // one character in the middle of the signature changed: still canonical base64url, no longer the mirror's
      const [, body, signature] = token.split(".");
      const middle = signature.length >> 1;
      const forgedSignature = signature.slice(0, middle) + (signature[middle] === "A" ? "B" : "A") + signature.slice(middle + 1);
      const forged = await m.get("/v2/library/hello/manifests/1", { headers: { ...headers, authorization: `Bearer hm1.${body}.${forgedSignature}` } });
      assert.equal(forged.status, 401);
      assert.match((await refusals(2))[1], /the mirror's token is refused: not signed by this mirror$/);
    } finally {
      await m.stop();
    }
  });
});

describe("the R2 content tier (CONTENT_BUCKET)", () => {
  let up, layer, big, digest, dir;
  before(() => {
    up = standIn();
    layer = crypto.randomBytes(40_000);
    big = crypto.randomBytes(300_000);
    up.blobs.set(sha256(layer), layer);
    up.blobs.set(sha256(big), big);
    digest = up.put("library/tiered", "1", manifestOf(sha256(Buffer.from("{}")), [sha256(layer), sha256(big)]));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-r2-"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const objectKey = (kind, d) => `${REGISTRY}/${kind}/${d}`;
  const inBucket = async (m, key) => {
    const bucket = await m.mf.getR2Bucket("CONTENT_BUCKET");
    for (let i = 0; i < 100; i++) {
      const found = await bucket.head(key);
      if (found) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`${key} never reached the bucket`);
  };

  test("a pull fills the bucket (checked by R2 against the digest); a cold data centre then pulls with no CDN download and no manifest GET", async () => {
    const first = await mirror(up, { EDGE_CACHE_MAX_BYTES: "100000" }, { persist: dir });
    try {
      const headers = { ...(await anonymous(first)), accept: OCI_MANIFEST };
      assert.equal((await first.get("/v2/library/tiered/manifests/1", { headers })).headers["docker-content-digest"], digest);
      for (const blob of [layer, big]) assert.ok((await first.get(`/v2/library/tiered/blobs/${sha256(blob)}`, { headers })).body.equals(blob));
      const stored = await inBucket(first, objectKey("blobs", sha256(layer)));
      assert.equal(stored.size, layer.length);
      assert.equal(stored.customMetadata.digest, sha256(layer));
      assert.equal(Buffer.from(stored.checksums.sha256).toString("hex"), sha256(layer).slice(7), "R2 has the digest's SHA-256");
      await inBucket(first, objectKey("blobs", sha256(big)));
      const manifest = await inBucket(first, objectKey("manifests", digest));
      assert.equal(manifest.httpMetadata.contentType, OCI_MANIFEST);
      // over EDGE_CACHE_MAX_BYTES: in the bucket only, and served from there here too
      const again = await first.hitOf(`/v2/library/tiered/blobs/${sha256(big)}`, { headers, method: "HEAD" });
      assert.equal(again.headers["x-cache-tier"], "r2");
      assert.match((await first.logWhere((l) => (l.note ?? "").includes("content bucket only"))).note, /EDGE_CACHE_MAX_BYTES/);
    } finally {
      await first.stop();
    }
    fs.rmSync(path.join(dir, "cache"), { recursive: true, force: true });
    const cold = await mirror(up, {}, { persist: dir });
    try {
      const headers = { ...(await anonymous(cold)), accept: OCI_MANIFEST };
      const mark = up.seen.length;
      const res = await cold.get("/v2/library/tiered/manifests/1", { headers });
      assert.equal(res.status, 200);
      assert.equal(sha256(res.body), digest);
      assert.equal(res.headers["x-cache"], "HIT");
      assert.equal(res.headers["x-cache-tier"], "r2");
      for (const blob of [layer, big]) {
        const got = await cold.get(`/v2/library/tiered/blobs/${sha256(blob)}`, { headers });
        assert.ok(got.body.equals(blob));
        assert.equal(got.headers["x-cache-tier"], "r2");
        assert.equal(got.headers.etag, `"${sha256(blob)}"`);
      }
      const calls = up.seen.slice(mark).map((r) => `${r.method} ${r.host}${r.path.replace(/\?.*/, "")}`);
      assert.equal(calls.filter((c) => c.startsWith(`GET ${CDN}`)).length, 0, `no CDN download: ${calls}`);
      assert.equal(calls.filter((c) => c.startsWith(`GET ${REGISTRY}`) && c.includes("/manifests/")).length, 0, `no manifest GET: ${calls}`);
      assert.ok(calls.includes(`HEAD ${REGISTRY}/v2/library/tiered/manifests/1`), "the tag is still resolved upstream (free)");
    } finally {
      await cold.stop();
    }
  });

  test("from the bucket: Range is 206 with the bytes asked for, If-None-Match of the digest is 304, HEAD has no body", async () => {
    fs.rmSync(path.join(dir, "cache"), { recursive: true, force: true });
    const m = await mirror(up, { EDGE_CACHE_MAX_BYTES: "100000" }, { persist: dir });
    try {
      const headers = await anonymous(m);
      const url = `/v2/library/tiered/blobs/${sha256(big)}`;
      const part = await m.get(url, { headers: { ...headers, range: "bytes=1000-1999" } });
      assert.equal(part.status, 206);
      assert.equal(part.headers["content-range"], `bytes 1000-1999/${big.length}`);
      assert.ok(part.body.equals(big.subarray(1000, 2000)));
      assert.equal(part.headers["x-cache-tier"], "r2");
      const tail = await m.get(url, { headers: { ...headers, range: "bytes=-10" } });
      assert.equal(tail.headers["content-range"], `bytes ${big.length - 10}-${big.length - 1}/${big.length}`);
      assert.ok(tail.body.equals(big.subarray(big.length - 10)));
      const same = await m.get(url, { headers: { ...headers, "if-none-match": `"${sha256(big)}"` } });
      assert.equal(same.status, 304);
      assert.equal(same.body.length, 0);
      const other = await m.get(url, { headers: { ...headers, "if-none-match": '"sha256:0"' } });
      assert.equal(other.status, 200);
      const head = await m.get(url, { headers, method: "HEAD" });
      assert.equal(head.status, 200);
      assert.equal(head.headers["content-length"], String(big.length));
      assert.equal(head.body.length, 0);
    } finally {
      await m.stop();
    }
  });

  test("a second download that does not hash to the digest is refused by R2: nothing is stored", async () => {
    const m = await mirror(up, { EDGE_CACHE_MAX_BYTES: "1000" }, { persist: dir });
    const odd = crypto.randomBytes(5000);
    up.blobs.set(sha256(odd), odd);
    up.mode.cdnTamper = true;
    try {
      const headers = await anonymous(m);
      const res = await m.get(`/v2/library/tiered/blobs/${sha256(odd)}`, { headers });
      assert.ok(res.body.equals(odd), "the client gets the upstream's first answer as it came (clients verify)");
      const bucket = await m.mf.getR2Bucket("CONTENT_BUCKET");
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(await bucket.head(objectKey("blobs", sha256(odd))), null);
      // nothing is served from R2 afterwards: the next pull goes upstream again, and (the CDN honest again) fills it
      up.mode.cdnTamper = false;
      const again = await m.get(`/v2/library/tiered/blobs/${sha256(odd)}`, { headers });
      assert.equal(again.headers["x-cache"], "MISS");
      assert.ok(again.body.equals(odd));
      const stored = await inBucket(m, objectKey("blobs", sha256(odd)));
      assert.equal(Buffer.from(stored.checksums.sha256).toString("hex"), sha256(odd).slice(7));
      const hit = await m.hitOf(`/v2/library/tiered/blobs/${sha256(odd)}`, { headers });
      assert.equal(hit.headers["x-cache-tier"], "r2");
      assert.ok(hit.body.equals(odd));
    } finally {
      up.mode.cdnTamper = false;
      await m.stop();
    }
  });

  test("a blob over CONTENT_BUCKET_PART_BYTES goes in parts (a ranged download each), is marked, then served whole and by Range; with VERIFY_BLOBS=digest parts that do not hash to the digest are deleted, never served", async () => {
    const partBytes = 5 << 20;
    const large = crypto.randomBytes(2 * partBytes + 7000);
    const key = objectKey("blobs", sha256(large));
    up.blobs.set(sha256(large), large);
    const vars = { EDGE_CACHE_MAX_BYTES: "1000000", CONTENT_BUCKET_PART_BYTES: String(partBytes) };
    const m = await mirror(up, { ...vars, VERIFY_BLOBS: "digest" }, { persist: dir });
    const rangesSince = (mark) => up.seen.slice(mark).filter((r) => r.host === CDN && r.headers.range).map((r) => r.headers.range);
    const parts = ["bytes=0-5242879", "bytes=5242880-10485759", `bytes=10485760-${large.length - 1}`];
    try {
      const headers = await anonymous(m);
      const url = `/v2/library/tiered/blobs/${sha256(large)}`;
      const bucket = await m.mf.getR2Bucket("CONTENT_BUCKET");
      // every download after the client's is other bytes: the parts are stored, then refused by their hash
      up.mode.cdnTamper = true;
      let mark = up.seen.length;
      assert.ok((await m.get(url, { headers })).body.equals(large), "the client gets the upstream's answer as it came");
      assert.match(await m.logged(`not stored in the content bucket: ${key}`), /do not hash to sha256:/);
      assert.deepEqual(rangesSince(mark), parts, "one ranged download per part");
      assert.equal(await bucket.head(key), null, "the object that did not verify is deleted");
      assert.equal(await bucket.head(`${key}/stored`), null, "and has no mark");
      up.mode.cdnTamper = false;
      mark = up.seen.length;
      const again = await m.get(url, { headers });
      assert.equal(again.headers["x-cache"], "MISS", "nothing was served from the bucket");
      assert.ok(again.body.equals(large));
      const marked = await inBucket(m, `${key}/stored`);
      const stored = await bucket.head(key);
      assert.equal(stored.size, large.length);
      assert.equal(stored.customMetadata.parts, "3");
      assert.equal(marked.customMetadata.etag, stored.etag, "the mark names the upload it checked");
      assert.equal(marked.customMetadata.checked, "digest");
      assert.deepEqual(rangesSince(mark), parts);
    } finally {
      up.mode.cdnTamper = false;
      await m.stop();
    }
    // the default, VERIFY_BLOBS=length: every part exactly the range asked for, no read-back (no CPU per byte)
    const again = await mirror(up, vars, { persist: dir });
    try {
      const headers = await anonymous(again);
      const url = `/v2/library/tiered/blobs/${sha256(large)}`;
      const bucket = await again.mf.getR2Bucket("CONTENT_BUCKET");
      await bucket.delete([key, `${key}/stored`]);
      assert.equal((await again.get(url, { headers })).headers["x-cache"], "MISS");
      const marked = await inBucket(again, `${key}/stored`);
      assert.equal(marked.customMetadata.checked, "length");
      assert.equal(marked.customMetadata.etag, (await bucket.head(key)).etag);
      const m = again;
      const hit = await m.hitOf(url, { headers });
      assert.equal(hit.headers["x-cache-tier"], "r2");
      assert.ok(hit.body.equals(large), "served whole from the parts");
      const across = await m.get(url, { headers: { ...headers, range: `bytes=${partBytes - 10}-${partBytes + 9}` } });
      assert.equal(across.status, 206);
      assert.ok(across.body.equals(large.subarray(partBytes - 10, partBytes + 10)), "a Range across two parts");
      // without its mark (a check not finished, or another upload of the key) the object is not served
      await bucket.delete(`${key}/stored`);
      const unmarked = await m.get(url, { headers });
      assert.equal(unmarked.headers["x-cache"], "MISS");
      assert.ok(unmarked.body.equals(large));
    } finally {
      await again.stop();
    }
  });

  test("what a client pulls with its own credentials never lands in the bucket", async () => {
    const own = standIn();
    const secret = crypto.randomBytes(3000);
    own.blobs.set(sha256(secret), secret);
    own.put("team/private", "1", manifestOf(sha256(Buffer.from("{}")), [sha256(secret)]));
    const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-r2-private-"));
    const m = await mirror(own, {}, { persist: privateDir });
    try {
      const headers = { authorization: "Bearer hubmirror~docker.io~up-5", accept: OCI_MANIFEST };
      const manifest = await m.get("/v2/team/private/manifests/1", { headers });
      assert.equal(manifest.status, 200);
      assert.equal(manifest.headers["x-cache"], "BYPASS");
      const blob = await m.get(`/v2/team/private/blobs/${sha256(secret)}`, { headers });
      assert.ok(blob.body.equals(secret));
      await new Promise((r) => setTimeout(r, 500));
      const bucket = await m.mf.getR2Bucket("CONTENT_BUCKET");
      assert.deepEqual((await bucket.list()).objects.map((o) => o.key), [], "the bucket holds nothing of it");
      assert.equal(own.seen.filter((r) => r.host === CDN).length, 1, "one download: the client's, no fill");
    } finally {
      await m.stop();
      fs.rmSync(privateDir, { recursive: true, force: true });
    }
  });

  test("/healthz says whether the tier is bound and answers", async () => {
    const bound = await mirror(up, {}, { persist: dir });
    const unbound = await mirror(up);
    try {
      assert.deepEqual(JSON.parse((await bound.get("/healthz")).text).content_bucket.bound, true);
      assert.equal(JSON.parse((await bound.get("/healthz")).text).content_bucket.answers, true);
      assert.deepEqual(JSON.parse((await unbound.get("/healthz")).text).content_bucket, { bound: false, answers: null, ms: null });
    } finally {
      await bound.stop();
      await unbound.stop();
    }
  });
});

describe("pre-warming by Cron (PREWARM_IMAGES)", () => {
  test("scheduled runs copy an image, its index resolved to the platform, within PREWARM_MAX_SUBREQUESTS (the rest on the next run); its first pull then makes no CDN download and no manifest GET", async () => {
    const up = standIn();
    const layer = crypto.randomBytes(20_000);
    const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    up.blobs.set(sha256(layer), layer);
    up.blobs.set(sha256(config), config);
    // a manifest whose descriptors give the blobs' real sizes (the run checks each download against its size)
    const amd64 = up.put("library/warm", "amd64-only", JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(config), size: config.length },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha256(layer), size: layer.length }] }));
    const index = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [
      { mediaType: OCI_MANIFEST, digest: sha256(crypto.randomBytes(8)), size: 10, platform: { architecture: "arm64", os: "linux" } },
      { mediaType: OCI_MANIFEST, digest: amd64, size: 10, platform: { architecture: "amd64", os: "linux" } },
    ] });
    const indexDigest = up.put("library/warm", "1", index, OCI_INDEX);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-warm-"));
    try {
      const m = await mirror(up, { PREWARM_IMAGES: "warm:1, registry.not-served.example/x/y", PREWARM_MAX_SUBREQUESTS: "12" }, { persist: dir });
      let runs;
      try {
        const worker = await m.mf.getWorker();
        const cdnBefore = up.seen.filter((r) => r.host === CDN).length;
        const lines = () => m.logLines().filter((l) => l.kind === "prewarm");
        await worker.scheduled({ cron: "*/30 * * * *" });
        await m.logWhere((l) => l.kind === "prewarm");
        const [first] = lines();
        // 12 subrequests: the tag's HEAD, the index, the amd64 manifest (3 each, at worst); the blobs (4 each) next time
        assert.equal(first.copied, 2, JSON.stringify(first));
        assert.deepEqual(first.left.sort(), [`docker.io/library/warm@${sha256(config)}`, `docker.io/library/warm@${sha256(layer)}`].sort());
        assert.match(first.note, /registry\.not-served\.example\/x\/y:latest: not a registry this mirror serves/);
        await worker.scheduled({ cron: "*/30 * * * *" });
        for (let i = 0; i < 100 && lines().length < 2; i++) await new Promise((r) => setTimeout(r, 50));
        const second = lines()[1];
        assert.equal(second.copied, 2, JSON.stringify(second));
        assert.equal(second.bytes, layer.length + config.length);
        assert.deepEqual(second.left, []);
        assert.equal(up.seen.filter((r) => r.host === CDN).length - cdnBefore, 2, "each blob downloaded once, into R2");
        runs = [first, second];
      } finally {
        await m.stop();
      }
      assert.ok(runs);
      fs.rmSync(path.join(dir, "cache"), { recursive: true, force: true });
      const cold = await mirror(up, {}, { persist: dir });
      try {
        const headers = { ...(await anonymous(cold)), accept: `${OCI_INDEX}, ${OCI_MANIFEST}` };
        const mark = up.seen.length;
        const top = await cold.get("/v2/library/warm/manifests/1", { headers });
        assert.equal(top.headers["docker-content-digest"], indexDigest);
        assert.equal(top.headers["x-cache-tier"], "r2");
        const platform = await cold.get(`/v2/library/warm/manifests/${amd64}`, { headers });
        assert.equal(platform.headers["x-cache-tier"], "r2");
        for (const blob of [config, layer]) {
          const got = await cold.get(`/v2/library/warm/blobs/${sha256(blob)}`, { headers });
          assert.ok(got.body.equals(blob));
          assert.equal(got.headers["x-cache-tier"], "r2");
        }
        const calls = up.seen.slice(mark);
        assert.equal(calls.filter((r) => r.host === CDN).length, 0, "no CDN download");
        assert.equal(calls.filter((r) => r.method === "GET" && r.path.includes("/manifests/")).length, 0, "no manifest GET");
      } finally {
        await cold.stop();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a layer over CONTENT_BUCKET_PART_BYTES is pre-warmed in parts (its last hop found with a GET of its first byte, a ranged download each), then served from R2", async () => {
    const up = standIn();
    const partBytes = 5 << 20;
    const layer = crypto.randomBytes(2 * partBytes + 123);
    const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    up.blobs.set(sha256(layer), layer);
    up.blobs.set(sha256(config), config);
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(config), size: config.length },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha256(layer), size: layer.length }] });
    up.put("library/large", "1", manifest);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-warm-parts-"));
    const m = await mirror(up, { PREWARM_IMAGES: "large:1", CONTENT_BUCKET_PART_BYTES: String(partBytes), EDGE_CACHE_MAX_BYTES: "1000" }, { persist: dir });
    try {
      const worker = await m.mf.getWorker();
      const mark = up.seen.length;
      await worker.scheduled({ cron: "*/30 * * * *" });
      const run = await m.logWhere((l) => l.kind === "prewarm");
      assert.equal(run.copied, 3, JSON.stringify(run));
      assert.equal(run.bytes, manifest.length + config.length + layer.length);
      const cdn = up.seen.slice(mark).filter((r) => r.host === CDN);
      assert.deepEqual(cdn.filter((r) => r.path === `/${sha256(layer)}`).map((r) => `${r.method} ${r.headers.range ?? ""}`),
        ["GET bytes=0-0", "GET bytes=0-5242879", "GET bytes=5242880-10485759", `GET bytes=10485760-${layer.length - 1}`]);
      const headers = await anonymous(m);
      const before = up.seen.length;
      const got = await m.get(`/v2/library/large/blobs/${sha256(layer)}`, { headers });
      assert.ok(got.body.equals(layer));
      assert.equal(got.headers["x-cache-tier"], "r2");
      assert.equal(up.seen.slice(before).filter((r) => r.host === CDN).length, 0, "no CDN download");
    } finally {
      await m.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("without CONTENT_BUCKET a run copies nothing, and says so", async () => {
    const m = await mirror(standIn(), { PREWARM_IMAGES: "nginx:1.27" });
    try {
      await (await m.mf.getWorker()).scheduled({ cron: "*/30 * * * *" });
      const line = await m.logWhere((l) => l.kind === "prewarm");
      assert.equal(line.copied, 0);
      assert.equal(line.note, "no CONTENT_BUCKET: nothing is pre-warmed");
    } finally {
      await m.stop();
    }
  });
});

describe("the content step's paths (shared answers, stale, HEAD, links, a converted manifest)", () => {
  let up, m, digest, layer;
  before(async () => {
    up = standIn();
    layer = crypto.randomBytes(2000);
    up.blobs.set(sha256(layer), layer);
    digest = up.put("library/paths", "1", manifestOf(sha256(Buffer.from("{}")), [sha256(layer)]));
    m = await mirror(up, { TAG_TTL_SECONDS: "60", STALE_IF_ERROR_SECONDS: "3600" });
  });
  after(() => m?.stop());
  const calls = (mark, method, part) => up.seen.slice(mark).filter((r) => r.method === method && r.host === REGISTRY && r.path.includes(part)).length;

  test("concurrent first requests for one tag share one HEAD and one GET upstream; each gets the manifest", async () => {
    const headers = { ...(await anonymous(m)), accept: OCI_MANIFEST };
    // warm the mirror's upstream token first, so the shared requests are the only ones
    await m.get("/v2/library/paths/manifests/none", { headers });
    const mark = up.seen.length;
    up.mode.delay = 300;
    try {
      const answers = await Promise.all([0, 1, 2, 3].map(() => m.get("/v2/library/paths/manifests/1", { headers })));
      for (const a of answers) {
        assert.equal(a.status, 200);
        assert.equal(sha256(a.body), digest);
      }
    } finally {
      up.mode.delay = 0;
    }
    assert.equal(calls(mark, "HEAD", "/manifests/1"), 1, "one HEAD for the tag");
    assert.equal(calls(mark, "GET", `/manifests/${digest}`), 1, "one GET by digest");
  });

  test("a HEAD of a tag whose manifest is cached is a hit; with the upstream failing past the TTL, STALE", async () => {
    const headers = { ...(await anonymous(m)), accept: OCI_MANIFEST };
    await m.hitOf("/v2/library/paths/manifests/1", { headers });
    await m.clockAhead(61_000);
    const head = await m.get("/v2/library/paths/manifests/1", { headers, method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers["x-cache"], "HIT", "the upstream's HEAD said the digest, the cache had the manifest");
    assert.equal(head.body.length, 0);
    await m.clockAhead(122_000);
    up.mode.status = () => new Response("down", { status: 503 });
    try {
      const stale = await m.get("/v2/library/paths/manifests/1", { headers });
      assert.equal(stale.status, 200);
      assert.equal(stale.headers["x-cache"], "STALE");
      assert.equal(sha256(stale.body), digest);
    } finally {
      up.mode.status = undefined;
    }
  });

  test("a digest cached under one repository: another that lacks it gets the upstream's 404, one that has it a hit after a HEAD", async () => {
    const headers = { ...(await anonymous(m)), accept: OCI_MANIFEST };
    await m.hitOf(`/v2/library/paths/manifests/${digest}`, { headers });
    const lacking = await m.get(`/v2/library/other/manifests/${digest}`, { headers });
    assert.equal(lacking.status, 404);
    assert.equal(errorsOf(lacking)[0].code, "MANIFEST_UNKNOWN");
    up.put("library/also", "1", manifestOf(sha256(Buffer.from("{}")), [sha256(layer)])); // the same bytes: the same digest
    const mark = up.seen.length;
    const having = await m.get(`/v2/library/also/manifests/${digest}`, { headers });
    assert.equal(having.status, 200);
    assert.equal(having.headers["x-cache"], "HIT");
    assert.equal(calls(mark, "HEAD", `/library/also/manifests/${digest}`), 1, "one HEAD proved the repository has it");
    assert.equal(calls(mark, "GET", "/manifests/"), 0);
  });

  test("a tag whose digest the upstream does not serve by digest (a converted manifest) is fetched as it is, and not stored", async () => {
    const headers = { ...(await anonymous(m)), accept: OCI_MANIFEST };
    up.put("library/converted", "1", manifestOf(sha256(Buffer.from("[1]")), []));
    up.mode.status = (url, request) => request.method === "GET" && url.pathname.includes("/manifests/sha256:")
      ? new Response(JSON.stringify({ errors: [{ code: "MANIFEST_UNKNOWN", message: "manifest unknown" }] }), { status: 404, headers: { "content-type": "application/json" } })
      : undefined;
    try {
      const res = await m.get("/v2/library/converted/manifests/1", { headers });
      assert.equal(res.status, 200);
      assert.equal(res.headers["x-cache"], "BYPASS");
      assert.match((await m.logWhere((l) => (l.note ?? "").includes("converted manifest"))).note, /not served by digest/);
    } finally {
      up.mode.status = undefined;
    }
  });
});

describe("GET /download/<image> (#22): one tar for docker load", () => {
  test("a tagged image: exact Content-Length, the OCI layout and manifest.json, every blob as the registry serves it", async () => {
    const up = standIn();
    const layer = crypto.randomBytes(5000);
    const config = Buffer.from('{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":[]}}');
    up.blobs.set(sha256(layer), layer);
    up.blobs.set(sha256(config), config);
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(config), size: config.length },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha256(layer), size: layer.length }] });
    const amd64 = up.put("library/tool", "amd64", manifest);
    up.put("library/tool", "1.0", JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [
      { mediaType: OCI_MANIFEST, digest: amd64, size: manifest.length, platform: { architecture: "amd64", os: "linux" } }] }), OCI_INDEX);
    const m = await mirror(up, { DOWNLOAD_MAX_SUBREQUESTS: "14" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-download-"));
    try {
      const res = await m.get("/download/tool:1.0");
      assert.equal(res.status, 200, res.text);
      assert.equal(Number(res.headers["content-length"]), res.body.length, "the length announced is the length sent");
      assert.equal(res.headers["content-disposition"], 'attachment; filename="tool_1.0_linux-amd64.tar"');
      assert.equal(res.headers.etag, `"${amd64}"`);
      assert.equal(res.headers["accept-ranges"], "bytes");
      fs.writeFileSync(path.join(dir, "image.tar"), res.body);
      const { execFileSync } = await import("node:child_process");
      execFileSync("tar", ["-xf", path.join(dir, "image.tar"), "-C", dir]);
      for (const blob of [Buffer.from(manifest), config, layer]) {
        assert.ok(fs.readFileSync(path.join(dir, "blobs/sha256", sha256(blob).slice(7))).equals(blob));
      }
      assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")),
        [{ Config: `blobs/sha256/${sha256(config).slice(7)}`, RepoTags: ["tool:1.0"], Layers: [`blobs/sha256/${sha256(layer).slice(7)}`] }]);
      const index = JSON.parse(fs.readFileSync(path.join(dir, "index.json"), "utf8"));
      assert.equal(index.manifests[0].digest, amd64);
      assert.equal(index.manifests[0].annotations["io.containerd.image.name"], "docker.io/library/tool:1.0");
      const head = await m.get("/download/tool:1.0", { method: "HEAD" });
      assert.equal(head.headers["content-length"], String(res.body.length));
      assert.equal(head.body.length, 0);
      // resume: any window of the archive, across headers, files and layers, is the same bytes as the whole
      const whole = res.body;
      for (const [a, b] of [[0, 99], [1000, 3000], [2500, whole.length - 1], [whole.length - 1024, whole.length - 1]]) {
        const part = await m.get("/download/tool:1.0", { headers: { range: `bytes=${a}-${b}` } });
        assert.equal(part.status, 206, `${a}-${b}`);
        assert.equal(part.headers["content-range"], `bytes ${a}-${b}/${whole.length}`);
        assert.ok(part.body.equals(whole.subarray(a, b + 1)), `bytes ${a}-${b}`);
      }
      const fromMiddle = await m.get("/download/tool:1.0", { headers: { range: `bytes=${whole.length >> 1}-`, "if-range": `"${amd64}"` } });
      assert.equal(fromMiddle.status, 206);
      assert.ok(fromMiddle.body.equals(whole.subarray(whole.length >> 1)));
      const changed = await m.get("/download/tool:1.0", { headers: { range: "bytes=0-9", "if-range": '"sha256:other"' } });
      assert.equal(changed.status, 200, "If-Range of another archive: the whole new one");
      assert.equal(changed.body.length, whole.length);
      const outside = await m.get("/download/tool:1.0", { headers: { range: `bytes=${whole.length}-` } });
      assert.equal(outside.status, 416);
      assert.equal(outside.headers["content-range"], `bytes */${whole.length}`);
      const arm = await m.get("/download/tool:1.0?platform=linux/arm64");
      assert.equal(arm.status, 404);
      assert.match(errorsOf(arm)[0].message, /has no linux\/arm64; it has: linux\/amd64/);
      const bad = await m.get("/download/Not An Image");
      assert.equal(bad.status, 400);
    } finally {
      await m.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("an image with more layers than one download may fetch is refused before anything is sent, saying what to do", async () => {
    const up = standIn();
    const layers = [1, 2, 3].map((n) => crypto.randomBytes(100 + n));
    for (const l of layers) up.blobs.set(sha256(l), l);
    up.put("library/many", "1", JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(Buffer.from("{}")), size: 2 },
      layers: layers.map((l) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha256(l), size: l.length })) }));
    const m = await mirror(up, { DOWNLOAD_MAX_SUBREQUESTS: "12" });
    try {
      const mark = up.seen.length;
      const res = await m.get("/download/many:1");
      assert.equal(res.status, 413);
      assert.equal(errorsOf(res)[0].code, "TOO_LARGE");
      assert.match(errorsOf(res)[0].message, /has 3 layers: its download needs up to 18 upstream requests/);
      assert.match(errorsOf(res)[0].detail, /docker pull/);
      assert.equal(up.seen.slice(mark).filter((r) => r.host === CDN).length, 0, "no layer was fetched");
    } finally {
      await m.stop();
    }
  });
  test("a config that is not the size its manifest says is a 502 before anything is sent; the same image with its true size downloads", async () => {
    const up = standIn();
    const layer = crypto.randomBytes(500);
    const config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    up.blobs.set(sha256(layer), layer);
    up.blobs.set(sha256(config), config);
    const manifestWith = (configSize) => JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(config), size: configSize },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha256(layer), size: layer.length }] });
    up.put("library/sized", "wrong", manifestWith(config.length + 7));
    up.put("library/sized", "right", manifestWith(config.length));
    const m = await mirror(up);
    try {
      const wrong = await m.get("/download/sized:wrong");
      assert.equal(wrong.status, 502);
      assert.equal(errorsOf(wrong)[0].code, "UNAVAILABLE");
      assert.match(errorsOf(wrong)[0].message, /config is not the size its manifest says/);
      const right = await m.get("/download/sized:right");
      assert.equal(right.status, 200, right.text);
      assert.ok(right.body.includes(config) && right.body.includes(layer));
    } finally {
      await m.stop();
    }
  });
});

describe("/download through the content tiers", () => {
  let up, layers, config, manifest;
  before(() => {
    up = standIn();
    layers = [crypto.randomBytes(20_000), crypto.randomBytes(30_000)];
    config = Buffer.from('{"architecture":"amd64","os":"linux"}');
    for (const blob of [...layers, config]) up.blobs.set(sha256(blob), blob);
    manifest = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST,
      config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(config), size: config.length },
      layers: layers.map((l) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha256(l), size: l.length })) });
    up.put("library/tiers", "1", manifest);
  });
  const cdnGets = (mark) => up.seen.slice(mark).filter((r) => r.host === CDN && r.method === "GET");
  const manifestGets = (mark) => up.seen.slice(mark).filter((r) => r.method === "GET" && r.path.includes("/manifests/")).map((r) => r.path);

  test("with CONTENT_BUCKET: a download fills R2 with its layers; the next download, whole or resumed, and a pull read them from there (no CDN download)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-download-r2-"));
    const m = await mirror(up, {}, { persist: dir });
    try {
      const first = await m.get("/download/tiers:1");
      assert.equal(first.status, 200, first.text);
      assert.equal((await m.logWhere((l) => l.kind === "download")).note, "layers from r2, else upstream, filled");
      const bucket = await m.mf.getR2Bucket("CONTENT_BUCKET");
      for (const layer of layers) {
        let found = null;
        for (let i = 0; i < 100 && !found; i++) {
          found = await bucket.head(`${REGISTRY}/blobs/${sha256(layer)}`);
          if (!found) await new Promise((r) => setTimeout(r, 50));
        }
        assert.ok(found, "the layer reached the bucket");
        assert.equal(Buffer.from(found.checksums.sha256).toString("hex"), sha256(layer).slice(7), "checked by R2");
      }
      const mark = up.seen.length;
      const second = await m.get("/download/tiers:1");
      assert.ok(second.body.equals(first.body), "the same archive");
      const offset = first.body.indexOf(layers[1].subarray(0, 64));
      const resumed = await m.get("/download/tiers:1", { headers: { range: `bytes=${offset + 100}-` } });
      assert.equal(resumed.status, 206);
      assert.ok(resumed.body.equals(first.body.subarray(offset + 100)), "a window inside a layer, from R2's ranged read");
      const pulled = await m.get(`/v2/library/tiers/blobs/${sha256(layers[0])}`, { headers: await anonymous(m) });
      assert.ok(pulled.body.equals(layers[0]));
      assert.equal(pulled.headers["x-cache-tier"], "r2");
      assert.deepEqual(cdnGets(mark), [], "no CDN download after the first");
      assert.deepEqual(manifestGets(mark), [], "no manifest GET after the first (Docker Hub counts those): the tag's HEAD, then R2");
      // by digest, the repository's own right to it is asked first (a HEAD): stored content is never served under a
      // repository that lacks it; under the one that has it, the same archive
      const digest = sha256(Buffer.from(manifest));
      const elsewhere = await m.get(`/download/library/other@${digest}`);
      assert.equal(elsewhere.status, 404, elsewhere.text);
      assert.equal(errorsOf(elsewhere)[0].code, "MANIFEST_UNKNOWN");
      assert.ok(up.seen.some((r) => r.method === "HEAD" && r.path === `/v2/library/other/manifests/${digest}`));
      const pinned = await m.get(`/download/library/tiers@${digest}`);
      assert.equal(pinned.status, 200, pinned.text);
      assert.equal(pinned.headers.etag, `"${digest}"`);
      assert.equal(pinned.body.length, Number(pinned.headers["content-length"]));
      for (const layer of layers) assert.ok(pinned.body.includes(layer), "its layers, as the tag's archive has them");
      // and a pull by tag in a data centre that never saw it reads the manifest the download kept
      const viaPull = await m.get("/v2/library/tiers/manifests/1", { headers: { ...(await anonymous(m)), accept: OCI_MANIFEST } });
      assert.equal(viaPull.headers["x-cache"], "HIT");
      assert.deepEqual(manifestGets(mark), []);
    } finally {
      await m.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("without a bucket: the edge cache is read and filled, as far as DOWNLOAD_MAX_SUBREQUESTS allows", async () => {
    const m = await mirror(up, {});
    try {
      const first = await m.get("/download/tiers:1");
      assert.equal(first.status, 200, first.text);
      assert.equal((await m.logWhere((l) => l.kind === "download")).note, "layers from edge, else upstream, filled");
      const headers = await anonymous(m);
      for (const layer of layers) await m.hitOf(`/v2/library/tiers/blobs/${sha256(layer)}`, { headers, method: "HEAD" });
      const mark = up.seen.length;
      const second = await m.get("/download/tiers:1");
      assert.ok(second.body.equals(first.body));
      assert.deepEqual(cdnGets(mark), [], "the layers came from the edge cache");
      assert.deepEqual(manifestGets(mark), [], "and the manifest, after the tag's HEAD");
    } finally {
      await m.stop();
    }
    // 10 + 3 blobs (the config and 2 layers) × 4 (read, no fill) = 22; a fill would need 10 + 3 × 8 = 34
    const tight = await mirror(up, { DOWNLOAD_MAX_SUBREQUESTS: "22" });
    try {
      assert.equal((await tight.get("/download/tiers:1")).status, 200);
      assert.equal((await tight.logWhere((l) => l.kind === "download")).note, "layers from edge, else upstream");
    } finally {
      await tight.stop();
    }
  });
});

describe("/download follows the mirror's rules", () => {
  let up;
  before(() => {
    up = standIn();
    const layer = crypto.randomBytes(300);
    const config = Buffer.from("{}");
    up.blobs.set(sha256(layer), layer);
    up.blobs.set(sha256(config), config);
    for (const repo of ["library/open", "library/secret"]) {
      up.put(repo, "1", JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST,
        config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: sha256(config), size: config.length },
        layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: sha256(layer), size: layer.length }] }));
    }
  });

  test("DENY_IMAGES: a denied image is 403 with DENY_MESSAGE, nothing asked upstream; another one downloads", async () => {
    const m = await mirror(up, { DENY_IMAGES: "docker.io/library/secret", DENY_MESSAGE: "not this one" });
    try {
      const mark = up.seen.length;
      const denied = await m.get("/download/secret:1");
      assert.equal(denied.status, 403);
      assert.equal(errorsOf(denied)[0].message, "not this one");
      assert.equal(up.seen.length, mark);
      const open = await m.get("/download/open:1");
      assert.equal(open.status, 200);
      assert.equal(open.body.length, Number(open.headers["content-length"]));
    } finally {
      await m.stop();
    }
  });

  test("ALLOW_IPS: a client outside is 403, nothing asked upstream; one inside downloads", async () => {
    const m = await mirror(up, { ALLOW_IPS: "192.0.2.0/24" });
    try {
      const mark = up.seen.length;
      const outside = await m.get("/download/open:1", { headers: { "cf-connecting-ip": "198.51.100.7" } });
      assert.equal(outside.status, 403);
      assert.equal(errorsOf(outside)[0].code, "DENIED");
      assert.equal(up.seen.length, mark);
      assert.equal((await m.get("/download/open:1", { headers: { "cf-connecting-ip": "192.0.2.7" } })).status, 200);
    } finally {
      await m.stop();
    }
  });

  test("a private mirror: without a user's credentials 401 and nothing asked upstream; with them the archive", async () => {
    const m = await mirror(up, { MIRROR_USERS: "alice:alice-Secret-1", TOKEN_SECRET: "0123456789abcdef0123" });
    try {
      const mark = up.seen.length;
      const anonymous = await m.get("/download/open:1");
      assert.equal(anonymous.status, 401);
      assert.equal(errorsOf(anonymous)[0].code, "UNAUTHORIZED");
      const wrong = await m.get("/download/open:1", { headers: { authorization: `Basic ${Buffer.from("alice:nope").toString("base64")}` } });
      assert.equal(wrong.status, 401);
      assert.equal(up.seen.length, mark);
      const alice = await m.get("/download/open:1", { headers: { authorization: `Basic ${Buffer.from("alice:alice-Secret-1").toString("base64")}` } });
      assert.equal(alice.status, 200);
      assert.equal(alice.body.length, Number(alice.headers["content-length"]));
    } finally {
      await m.stop();
    }
  });
});
