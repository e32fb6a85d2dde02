// Tier 2: the proxy layer in seconds, without root. The compiled Worker (target/dist, the bundle wrangler deploys)
// runs in Miniflare in this process; every fetch it makes goes to a stand-in registry written here (Miniflare's
// outboundService: the fetch seam), and TEST_CLOCK's POST /__test/clock moves the Worker's clock ahead (the clock
// seam), so expiry is seen without waiting. The stand-in is a registry in miniature: Bearer tokens from its own
// token service, manifests by tag and digest, blobs redirected to a CDN host. The real-registry and real-client
// suites (tier 3) cover the same paths against CNCF distribution; these cover the proxy's own decisions:
// configuration errors, credentials, the mirror's identity and its token reuse, digest checks, the header
// allowlist both ways, redirects, upstream errors, the cache's tag TTL, and the mirror's signed tokens.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { DIST, compatibilityDate, compatibilityFlags, distModules } from "./lib/workerd.mjs";

const REGISTRY = "registry.standin.test";
const AUTH = "auth.standin.test";
const CDN = "cdn.standin.test";
const MIRROR = "http://mirror.test";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
const sha256 = (bytes) => "sha256:" + crypto.createHash("sha256").update(bytes).digest("hex");

/** A registry in miniature; `seen` records every request the Worker made, `mode` makes it misbehave. */
function standIn() {
  const seen = [];
  const manifests = new Map(); // "name:reference" -> { body, type }
  const blobs = new Map(); // digest -> bytes
  const mode = {};
  let issued = 0;
  const put = (name, tag, body) => {
    const digest = sha256(body);
    manifests.set(`${name}:${tag}`, { body, type: OCI_MANIFEST });
    manifests.set(`${name}:${digest}`, { body, type: OCI_MANIFEST });
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
      const bytes = blobs.get(url.pathname.slice(1));
      return bytes ? new Response(bytes, { headers: { "content-length": String(bytes.length) } }) : new Response("", { status: 404 });
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    const scope = m ? `repository:${m[1]}:pull` : null;
    if (!/^Bearer up-\d+$/.test(request.headers.get("authorization") ?? "")) {
      return json(401, { errors: [{ code: "UNAUTHORIZED", message: "authentication required" }] }, { "www-authenticate": challenge(scope) });
    }
    if (mode.status) return mode.status();
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

/** The bundle in Miniflare with `vars`, its outbound fetches going to `upstream.fetch`. */
async function mirror(upstream, vars = {}) {
  const logs = [];
  const mf = new Miniflare(convertV4MiniflareOptions({
    modulesRoot: DIST,
    modules: distModules().map((m) => ({ type: m.kind === "esModule" ? "ESModule" : "Text", path: m.file })),
    compatibilityDate: compatibilityDate(),
    compatibilityFlags: compatibilityFlags(),
    bindings: { UPSTREAM_REGISTRY: `https://${REGISTRY}`, UPSTREAM_AUTH: `https://${AUTH}/token`, TEST_CLOCK: "true", ...vars },
    outboundService: (request) => upstream.fetch(request),
    handleStructuredLogs: ({ message }) => logs.push(message),
  }));
  await mf.ready;
  const get = async (p, init = {}) => {
    const r = await mf.dispatchFetch(`${MIRROR}${p}`, { redirect: "manual", ...init });
    const body = Buffer.from(await r.arrayBuffer());
    return { status: r.status, headers: Object.fromEntries(r.headers), body, text: body.toString() };
  };
  const clockAhead = async (ms) => assert.equal((await get(`/__test/clock?ahead=${ms}`, { method: "POST" })).status, 200);
  const logLines = () => logs.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
  return { mf, get, clockAhead, logLines, stop: () => mf.dispose() };
}

const errorsOf = (res) => JSON.parse(res.text).errors;
const anonymous = async (m) => ({ authorization: `Bearer ${JSON.parse((await m.get("/token?service=registry.docker.io&scope=repository:library/hello:pull")).text).token}` });

describe("configuration", () => {
  test("a misconfiguration names every bad variable, and every request answers 500 UNKNOWN", async () => {
    const m = await mirror(standIn(), { TAG_TTL_SECONDS: "soon", UPSTREAM_TIMEOUT_MS: "-1", HIDE_HOME: "maybe", ALLOW_IPS: "not-a-cidr" });
    try {
      for (const p of ["/v2/", "/", "/token"]) {
        const res = await m.get(p);
        assert.equal(res.status, 500, p);
        const [error] = errorsOf(res);
        assert.equal(error.code, "UNKNOWN");
        for (const name of ["TAG_TTL_SECONDS", "UPSTREAM_TIMEOUT_MS", "HIDE_HOME", "ALLOW_IPS"]) {
          assert.ok(error.message.includes(name), `${p}: ${error.message} names ${name}`);
        }
      }
    } finally {
      await m.stop();
    }
  });

  test("without TEST_CLOCK the clock cannot be moved", async () => {
    const m = await mirror(standIn(), { TEST_CLOCK: "false" });
    try {
      const res = await m.get("/__test/clock?ahead=1000", { method: "POST" });
      assert.equal(res.status, 405, "the home page's answer to a POST, not the clock");
      assert.equal(errorsOf(res)[0].code, "UNSUPPORTED");
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

  test("the ping answers the mirror's own challenge; /token an anonymous grant without asking upstream", async () => {
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
    const second = await m.get("/v2/library/hello/manifests/1", { headers });
    assert.equal(second.status, 200);
    assert.equal(second.headers["x-cache"], "HIT");
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
    const cdn = up.seen.slice(mark).filter((r) => r.host === CDN && r.method === "GET");
    assert.ok(cdn.length >= 1, "the CDN was asked");
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
      assert.equal(m.logLines().findLast((l) => l.kind === "manifest").user, "alice");
      const wrong = await m.get("/token?service=hubmirror", { headers: { authorization: `Basic ${Buffer.from("alice:nope").toString("base64")}` } });
      assert.equal(wrong.status, 401);
      await m.clockAhead(61_000);
      const expired = await m.get("/v2/library/hello/manifests/1", { headers });
      assert.equal(expired.status, 401);
      assert.match(expired.headers["www-authenticate"], /error="invalid_token"/);
      assert.match(m.logLines().at(-1).note, /the mirror's token is refused: expired/, "the log line says why");
      const forged = await m.get("/v2/library/hello/manifests/1", { headers: { ...headers, authorization: `Bearer ${token.slice(0, -2)}AA` } });
      assert.equal(forged.status, 401);
      assert.match(m.logLines().at(-1).note, /refused: (not signed by this mirror|not in the canonical base64url encoding)/);
    } finally {
      await m.stop();
    }
  });
});
