// The operator's controls (#12), each set by vars the way an operator would: what may be pulled
// (ALLOW_IMAGES, DENY_IMAGES, DENY_MESSAGE), who may pull (ALLOW_IPS, ALLOW_COUNTRIES: the test sets the
// headers Cloudflare would, CF-Connecting-IP and CF-IPCountry; bare workerd has no request.cf), HIDE_HOME.
// Clients are isolated from the upstream as in the other client tests.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyAndVerify } from "./lib/copy.mjs";
import { curl, registryError } from "./lib/curl.mjs";
import { startContainerd } from "./lib/containerd.mjs";
import { isolate } from "./lib/isolation.mjs";
import { succeeded } from "./lib/proc.mjs";
import { startMiniflare } from "./lib/miniflare.mjs";
import { startQuotaFront } from "./lib/quota.mjs";
import { startSearchApi } from "./lib/search.mjs";

/**
 * Waits, when needed, until at least 3 s of the current rate-limit window are left: Miniflare aligns the binding's
 * windows to the wall clock (epoch = floor(now / period)), and a burst that crossed a window's end would be counted
 * in two windows.
 */
async function startOfWindowLeft(period) {
  const left = period - (Date.now() % period);
  if (left < 3000) await new Promise((r) => setTimeout(r, left + 100));
}
import { startStack } from "./lib/stack.mjs";

let stack;
let client;

before(async () => {
  stack = await startStack();
  client = await isolate([stack.hub.registryPort, stack.hub.tokenPort, stack.hub.cdnPort]);
});
after(async () => {
  await client?.release();
  await stack?.stop();
});

const host = (w) => w.url.slice("http://".length);
const podman = (root, args) => client.run("podman", ["--root", path.join(root, "storage"), "--runroot", path.join(root, "run"),
  "--storage-driver", "vfs", "--events-backend", "file", "--cgroup-manager", "cgroupfs", ...args], { timeoutMs: 600_000 });

describe("what may be pulled: ALLOW_IMAGES, DENY_IMAGES, DENY_MESSAGE", () => {
  const MESSAGE = "this image is not on the allowlist of the example mirror; ask ops@example.test";
  let w;
  before(async () => {
    w = await stack.extraWorker({ ALLOW_IMAGES: "docker.io/library/*", DENY_IMAGES: "docker.io/library/multi", DENY_MESSAGE: MESSAGE });
  });

  test("an allowed image: skopeo copies it, every blob verified", async () => {
    await copyAndVerify(client, stack.workDir, `docker://${host(w)}/library/hello:1`);
  });

  test("refused images: skopeo and podman print the operator's message; nothing went upstream", async () => {
    const mark = stack.hub.registryLog().length;
    for (const ref of ["team/tool:1", "library/multi:oci"]) {
      const r = await client.run("skopeo", ["inspect", "--tls-verify=false", `docker://${host(w)}/${ref}`]);
      assert.notEqual(r.code, 0, ref);
      assert.ok(r.stderr.includes(MESSAGE), `${ref}: ${r.stderr}`);
    }
    const root = fs.mkdtempSync(path.join(stack.workDir, "podman-"));
    const p = await podman(root, ["pull", "--tls-verify=false", `${host(w)}/team/tool:1`]);
    assert.notEqual(p.code, 0);
    assert.ok(p.stderr.includes(MESSAGE), p.stderr);
    const lines = stack.hub.accessLines(mark);
    assert.ok(!lines.some((l) => l.includes("team/tool") || l.includes("library/multi")), lines.join("\n"));
  });

  test("every named endpoint is refused with 403 DENIED: manifests, blobs, tags, referrers", async () => {
    const blob = stack.images.tool.manifest.layers[0].digest;
    for (const p of ["/v2/team/tool/manifests/1", `/v2/team/tool/blobs/${blob}`, "/v2/team/tool/tags/list", `/v2/team/tool/referrers/${blob}`]) {
      const res = await curl(w.url + p);
      assert.equal(res.status, 403, p);
      const e = registryError(res);
      assert.equal(e.code, "DENIED");
      assert.equal(e.message, MESSAGE);
      assert.equal(e.detail, "docker.io/team/tool");
    }
  });

  test("without DENY_MESSAGE the refusal names the image", async () => {
    const plain = await stack.extraWorker({ DENY_IMAGES: "docker.io/team/**" });
    const res = await curl(`${plain.url}/v2/team/tool/manifests/1`);
    assert.equal(res.status, 403);
    assert.equal(registryError(res).message, "docker.io/team/tool is not allowed on this mirror");
    const ok = await curl(`${plain.url}/v2/library/hello/manifests/1`, { method: "HEAD", headers: { accept: "application/vnd.oci.image.manifest.v1+json" } });
    assert.equal(ok.status, 200);
  });
});

describe("who may pull: ALLOW_IPS, ALLOW_COUNTRIES", () => {
  test("an IPv4-mapped IPv6 client (::ffff:a.b.c.d) meets the rules of the IPv4 address it carries (#19 item 8)", async () => {
    const w = await stack.extraWorker({ ALLOW_IPS: "10.9.0.0/16" });
    // the mirror's own 403 DENIED for an address that may not pull; anything else went past the rule
    for (const [ip, allowed] of [["::ffff:10.9.1.1", true], ["::FFFF:a09:101", true], ["10.9.1.1", true], ["::ffff:10.8.1.1", false], ["::10.9.1.1", false]]) {
      const res = await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: { "cf-connecting-ip": ip } });
      assert.equal(res.status === 403 && /does not serve your network/.test(res.body), !allowed, `${ip}: ${res.status} ${res.body}`);
    }
  });

  test("by CIDR (IPv4 and IPv6): inside goes on, outside or unknown gets 403 DENIED; the home page stays", async () => {
    const w = await stack.extraWorker({ ALLOW_IPS: "192.0.2.0/24, 2001:db8::/32" });
    for (const ip of ["192.0.2.7", "2001:db8:5::1"]) {
      const res = await curl(`${w.url}/v2/`, { headers: { "cf-connecting-ip": ip } });
      assert.equal(res.status, 401, ip);
    }
    const mark = stack.hub.registryLog().length;
    const tokenMark = stack.hub.tokenLog.length;
    const login = { authorization: "Basic " + Buffer.from("reader:read-secret").toString("base64") };
    for (const headers of [{ "cf-connecting-ip": "198.51.100.1" }, { "cf-connecting-ip": "2001:db9::1" }, {}]) {
      for (const [p, extra] of [["/v2/library/hello/manifests/1", {}], [`/v2/library/hello/blobs/${stack.images.hello.manifest.layers[0].digest}`, {}],
        ["/token?scope=repository:library/hello:pull", login]]) {
        const res = await curl(w.url + p, { headers: { ...headers, ...extra } });
        assert.equal(res.status, 403, `${JSON.stringify(headers)} ${p}`);
        const e = registryError(res);
        assert.equal(e.code, "DENIED");
        assert.match(e.message, /does not serve your network or country/);
      }
    }
    // its ping and anonymous token are the mirror's own answers, so that a client gets as far as the refusal
    const ping = await curl(`${w.url}/v2/`, { headers: { "cf-connecting-ip": "198.51.100.1" } });
    assert.equal(ping.status, 401);
    const anon = await curl(`${w.url}/token?scope=repository:library/hello:pull`, { headers: { "cf-connecting-ip": "198.51.100.1" } });
    assert.equal(JSON.parse(anon.body).token, "hubmirror-anonymous");
    assert.deepEqual(stack.hub.accessLines(mark), [], "nothing of a refused client's went upstream");
    assert.equal(stack.hub.tokenLog.length, tokenMark);
    const home = await curl(`${w.url}/`, { headers: { "cf-connecting-ip": "198.51.100.1" } });
    assert.equal(home.status, 200);
  });

  test("by country", async () => {
    const w = await stack.extraWorker({ ALLOW_COUNTRIES: "CN,hk" });
    const manifest = `${w.url}/v2/library/hello/manifests/1`;
    const accept = { accept: "application/vnd.oci.image.manifest.v1+json" };
    assert.equal((await curl(manifest, { method: "HEAD", headers: { ...accept, "cf-ipcountry": "HK" } })).status, 200);
    const refused = await curl(manifest, { headers: { ...accept, "cf-ipcountry": "US" } });
    assert.equal(refused.status, 403);
    assert.equal(registryError(refused).code, "DENIED");
    assert.equal((await curl(manifest, { headers: accept })).status, 403, "unknown country");
  });

  test("skopeo from a refused address prints the refusal", async () => {
    const w = await stack.extraWorker({ ALLOW_IPS: "192.0.2.0/24" });
    const r = await client.run("skopeo", ["inspect", "--tls-verify=false", `docker://${host(w)}/library/hello:1`]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /does not serve your network or country/);
  });
});

describe("how fast: the CLIENT_RATE_LIMIT binding (in Miniflare, the runtime that implements it)", () => {
  const LIMIT = 6;
  let w;
  before(async () => {
    w = await startMiniflare({
      workDir: stack.workDir, vars: { UPSTREAM_REGISTRY: stack.hub.registry, UPSTREAM_AUTH: stack.hub.auth, CLIENT_RATE_LIMIT_PERIOD: "10" },
      ratelimits: { CLIENT_RATE_LIMIT: { namespace_id: "1001", simple: { limit: LIMIT, period: 10 } } },
    });
  });
  after(async () => {
    await w?.stop();
  });
  const manifest = (ip) => curl(`${w.url}/v2/library/hello/manifests/1`, { method: "HEAD", headers: { accept: "application/vnd.oci.image.manifest.v1+json", "cf-connecting-ip": ip } });
  /**
   * The binding's windows are aligned to the wall clock (Miniflare: epoch = floor(now / period)): a burst that
   * crosses a window's end starts counting again half-way. Waits (at most 3 s) until 3 s of the window are left.
   */
  const freshWindow = (period = 10_000) => startOfWindowLeft(period);

  test("CLIENT_RATE_LIMIT given as a var instead of a binding: every request a 500 that says so", async () => {
    const bad = await stack.extraWorker({ CLIENT_RATE_LIMIT: "100" });
    const res = await curl(`${bad.url}/v2/`);
    assert.equal(res.status, 500);
    assert.match(registryError(res).message, /CLIENT_RATE_LIMIT must be a Rate Limiting binding/);
  });

  test("a pull of a whole image does not trip it: blobs and the ping are not counted", async () => {
    // skopeo sends no CF-Connecting-IP: it is the one "unknown" client here, with its own count
    await copyAndVerify(client, stack.workDir, `docker://${host(w)}/library/hello:1`);
    await copyAndVerify(client, stack.workDir, `docker://${host(w)}/library/hello-plus:1`);
  });

  test("trips at the configured limit with 429 TOOMANYREQUESTS and Retry-After; other clients unaffected; recovers", async () => {
    const statuses = [];
    await freshWindow();
    for (let i = 0; i < LIMIT + 3; i++) statuses.push((await manifest("192.0.2.10")).status);
    const first429 = statuses.indexOf(429);
    assert.ok(first429 > 0 && first429 <= LIMIT, statuses.join(","));
    assert.ok(statuses.slice(0, first429).every((s) => s === 200), statuses.join(","));
    const over = await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: { "cf-connecting-ip": "192.0.2.10" } });
    assert.equal(over.status, 429);
    assert.equal(registryError(over).code, "TOOMANYREQUESTS");
    assert.equal(over.headers["retry-after"], "10");
    // a blob is not a request for the limit; another address has its own count
    const blob = await curl(`${w.url}/v2/library/hello/blobs/${stack.images.hello.manifest.layers[0].digest}`, { method: "HEAD", headers: { "cf-connecting-ip": "192.0.2.10" } });
    assert.equal(blob.status, 200);
    assert.equal((await manifest("192.0.2.11")).status, 200);
    // an IPv6 client is counted by its /64
    const v6 = [];
    await freshWindow();
    for (let i = 0; i < LIMIT + 2; i++) v6.push((await manifest(`2001:db8:0:1::${i + 1}`)).status);
    assert.deepEqual(v6, [...Array(LIMIT).fill(200), 429, 429], "a /64 is one client: exactly LIMIT pass");
    // the window passes (period 10 s; bounded wait)
    let recovered = false;
    for (let i = 0; i < 15 && !recovered; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      recovered = (await manifest("192.0.2.10")).status === 200;
    }
    assert.ok(recovered, "the limit lets the client in again after its period");
  });

  test("/healthz counts too (each call may cost ~10 upstream requests), and an IPv4-mapped client shares its IPv4 address's count (#19 items 5, 8)", async () => {
    const statuses = [];
    await freshWindow();
    for (let i = 0; i < LIMIT + 2; i++) statuses.push((await curl(`${w.url}/healthz`, { headers: { "cf-connecting-ip": "192.0.2.20" } })).status);
    assert.deepEqual(statuses, [...Array(LIMIT).fill(200), 429, 429], "exactly LIMIT calls pass");
    const mapped = await curl(`${w.url}/healthz`, { headers: { "cf-connecting-ip": "::ffff:192.0.2.20" } });
    assert.equal(mapped.status, 429, "::ffff:192.0.2.20 is 192.0.2.20");
  });
});

describe("what is happening: /healthz and the log line", () => {
  test("/healthz: version, which upstreams answer, Docker Hub's quota for the mirror's identity; one upstream down", async () => {
    const front = await startQuotaFront(stack.hub, { limit: 7 });
    try {
      const w = await stack.extraWorker({ UPSTREAM_REGISTRY: front.url, HEALTH_IMAGE: "library/hello:1", HEALTH_CHECK_SECONDS: "0",
        UPSTREAM_CREDENTIALS: JSON.stringify({ "docker.io": ["mirror-bot:mirror-pat-1"] }) });
      const health = async () => {
        const res = await curl(`${w.url}/healthz`);
        assert.equal(res.status, 200);
        assert.match(res.headers["content-type"], /^application\/json/);
        for (const secret of ["mirror-bot", "mirror-pat-1", ...stack.hub.tokenLog.map((e) => e.token).filter(Boolean)]) {
          assert.ok(!res.body.includes(secret), "no account or token in /healthz");
        }
        return JSON.parse(res.body);
      };
      const up = await health();
      // the project's version as Maven built it (pom.xml), not a constant in the code
      const pom = fs.readFileSync(path.join(import.meta.dirname, "../../../pom.xml"), "utf8");
      assert.equal(up.version, /<artifactId>hubmirror-parent<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(pom)[1]);
      const hub = up.upstreams.find((u) => u.name === "docker.io");
      assert.equal(hub.answers, true);
      assert.equal(hub.status, 401);
      assert.deepEqual(up.upstreams.map((u) => u.name), ["docker.io", "ghcr.io", "quay.io", "gcr.io", "registry.k8s.io", "nvcr.io",
        "mcr.microsoft.com", "docker.elastic.co", "public.ecr.aws"]);
      assert.deepEqual(up.docker_hub_quota, { image: "library/hello:1", status: 200, limit: 7, remaining: 7 });
      // a pull through the mirror costs one; the HEAD of /healthz none
      const pull = await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: { accept: "application/vnd.docker.distribution.manifest.v2+json" } });
      assert.equal(pull.status, 200);
      assert.equal((await health()).docker_hub_quota.remaining, 6);
      assert.equal((await health()).docker_hub_quota.remaining, 6);
      await front.stop();
      const down = await health();
      assert.equal(down.upstreams.find((u) => u.name === "docker.io").answers, false);
      assert.equal(down.docker_hub_quota.remaining, null);
    } finally {
      await front.stop();
    }
  });

  test("/healthz checks the upstreams at most once per HEALTH_CHECK_SECONDS per isolate; a private mirror shows anonymous callers only that it is up (#19 item 5)", async () => {
    const front = await startQuotaFront(stack.hub, { limit: 100 });
    try {
      const heads = (mark) => front.lines(mark).filter((l) => /^HEAD \/v2\/library\/hello\/manifests\/1/.test(l));
      const open = await stack.extraWorker({ UPSTREAM_REGISTRY: front.url, HEALTH_IMAGE: "library/hello:1" });
      const mark = front.log.length;
      const first = JSON.parse((await curl(`${open.url}/healthz`)).body);
      assert.equal(first.docker_hub_quota.status, 200);
      const round = heads(mark).length; // the mirror's identity: a HEAD, its 401, a token, the HEAD again
      assert.ok(round >= 1);
      const again = await Promise.all([1, 2, 3].map(() => curl(`${open.url}/healthz`)));
      assert.ok(again.every((r) => r.status === 200 && JSON.parse(r.body).docker_hub_quota.status === 200));
      assert.equal(heads(mark).length, round, "four calls within 30 s: one round of upstream checks");
      const USERS = "carol:carol-Secret-3";
      const priv = await stack.extraWorker({ UPSTREAM_REGISTRY: front.url, HEALTH_IMAGE: "library/hello:1", MIRROR_USERS: USERS, TOKEN_SECRET: "test-token-secret-0123456789abcdef" });
      const privMark = front.log.length;
      const anon = await curl(`${priv.url}/healthz`);
      assert.equal(anon.status, 200);
      assert.deepEqual(JSON.parse(anon.body), { up: true });
      assert.equal(heads(privMark).length, 0, "nothing upstream for an anonymous caller");
      const carol = { authorization: "Basic " + Buffer.from("carol:carol-Secret-3").toString("base64") };
      const full = JSON.parse((await curl(`${priv.url}/healthz`, { headers: carol })).body);
      assert.equal(full.docker_hub_quota.status, 200);
      assert.ok(full.upstreams.length > 1);
      const wrong = JSON.parse((await curl(`${priv.url}/healthz`, { headers: { authorization: "Basic " + Buffer.from("carol:wrong").toString("base64") } })).body);
      assert.deepEqual(wrong, { up: true });
      const api = await startSearchApi();
      try {
        const searching = await stack.extraWorker({ SEARCH_API: api.url, MIRROR_USERS: USERS, TOKEN_SECRET: "test-token-secret-0123456789abcdef" });
        const refused = await curl(`${searching.url}/v1/search?q=redis`);
        assert.equal(refused.status, 401);
        assert.equal(registryError(refused).code, "UNAUTHORIZED");
        assert.equal(api.seen.length, 0, "the search API was not asked for an anonymous caller");
        const token = JSON.parse((await curl(`${searching.url}/token?service=hubmirror&scope=repository:library/hello:pull`, { headers: carol })).body).token;
        for (const headers of [carol, { authorization: `Bearer ${token}` }]) {
          const found = await curl(`${searching.url}/v1/search?q=redis`, { headers });
          assert.equal(found.status, 200, headers.authorization.slice(0, 12));
        }
      } finally {
        await api.close();
      }
    } finally {
      await front.stop();
    }
  });

  test("one JSON line per request with what was asked and how it was answered; no password, token or cookie", async () => {
    const w = await stack.extraWorker({ ALLOW_COUNTRIES: "CN,HK", DENY_IMAGES: "docker.io/team/**" });
    const mark = w.log().length;
    const login = { authorization: "Basic " + Buffer.from("reader:read-secret").toString("base64") };
    const hk = { "cf-ipcountry": "HK", cookie: "session=cookie-secret" };
    const token = JSON.parse((await curl(`${w.url}/token?service=registry.test&scope=repository:library/hello:pull`, { headers: { ...hk, ...login } })).body).token;
    const accept = { accept: "application/vnd.docker.distribution.manifest.v2+json" };
    const blob = stack.images.hello.manifest.layers[0].digest;
    await curl(`${w.url}/`, { headers: hk });
    await curl(`${w.url}/v2/`, { headers: hk });
    await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: { ...hk, ...accept } });
    await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: { ...hk, ...accept, authorization: `Bearer ${token}` } });
    await curl(`${w.url}/v2/library/hello/blobs/${blob}`, { headers: hk });
    await curl(`${w.url}/v2/team/tool/manifests/1`, { headers: hk });
    await curl(`${w.url}/v2/library/hello/tags/list`, { headers: { "cf-ipcountry": "US" } });
    await curl(`${w.url}/healthz`, { headers: hk });
    await curl(`${w.url}/v1/_ping`, { headers: hk });
    await new Promise((r) => setTimeout(r, 300));
    const out = w.log().slice(mark);
    const lines = out.split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l));
    const fields = ["time", "method", "kind", "upstream", "repository", "status", "bytes", "cache", "tier", "ms", "ratelimit_remaining", "country", "user", "note"];
    for (const l of lines) assert.deepEqual(Object.keys(l), fields);
    const summary = lines.map((l) => [l.kind, l.status, l.repository, l.cache, l.country]);
    assert.deepEqual(summary, [
      ["token", 200, null, null, "HK"],
      ["home", 200, null, null, "HK"],
      ["base", 401, null, "BYPASS", "HK"],
      ["manifest", 200, "library/hello", "MISS", "HK"],
      ["manifest", 200, "library/hello", "BYPASS", "HK"],
      ["blob", 200, "library/hello", "MISS", "HK"],
      ["manifest", 403, "team/tool", "BYPASS", "HK"],
      ["tags", 403, "library/hello", "BYPASS", "US"],
      ["healthz", 200, null, null, "HK"],
      ["search", 200, null, null, "HK"],
    ]);
    const blobLine = lines[5];
    assert.equal(blobLine.bytes, stack.images.hello.manifest.layers[0].size);
    assert.equal(blobLine.upstream, "docker.io");
    assert.ok(lines.every((l) => typeof l.ms === "number" && l.ms >= 0 && !Number.isNaN(Date.parse(l.time))));
    assert.equal(lines[4].note, "the client's own credentials");
    for (const secret of ["read-secret", "cookie-secret", "Basic ", token, token.slice("hubmirror~docker.io~".length), ...stack.hub.tokenLog.map((e) => e.token).filter(Boolean)]) {
      assert.ok(!out.includes(secret), `the log holds ${secret.slice(0, 12)}…`);
    }
  });
});

describe("docker search: /v1/search", () => {
  test("results by allowlist, cacheable briefly; bad queries 400; the search API down 502", async () => {
    const api = await startSearchApi();
    try {
      const w = await stack.extraWorker({ SEARCH_API: api.url });
      const res = await curl(`${w.url}/v1/search?q=redis&n=2`, { headers: { authorization: "Bearer hubmirror~docker.io~secret" } });
      assert.equal(res.status, 200);
      assert.equal(res.headers["cache-control"], "public, max-age=300");
      assert.equal(res.headers["set-cookie"], undefined);
      const doc = JSON.parse(res.body);
      assert.deepEqual(Object.keys(doc), ["num_results", "num_pages", "page", "page_size", "query", "results"]);
      assert.deepEqual(doc.results[0], { name: "library/redis", description: "library/redis for the tests", star_count: 100, is_official: true, is_automated: false });
      assert.doesNotMatch(res.body, /not-for-clients/);
      assert.deepEqual(api.seen.at(-1), { path: "/v1/search", q: "redis", n: "2", authorization: null });
      assert.equal((await curl(`${w.url}/v1/_ping`)).status, 200);
      for (const q of ["", "?q=", `?q=${"x".repeat(300)}`, "?q=redis&n=0", "?q=redis&n=1000", "?q=redis&page=x"]) {
        const bad = await curl(`${w.url}/v1/search${q}`);
        assert.equal(bad.status, 400, q);
        registryError(bad);
      }
      assert.equal((await curl(`${w.url}/v1/repositories/x/images`)).status, 404);
    } finally {
      await api.close();
    }
    const down = await stack.extraWorker({ SEARCH_API: api.url });
    const res = await curl(`${down.url}/v1/search?q=redis`);
    assert.equal(res.status, 502);
    assert.equal(registryError(res).code, "UNAVAILABLE");
  });
});

describe("HIDE_HOME", () => {
  test("the home page is a 404 for everyone; the registry still answers", async () => {
    const w = await stack.extraWorker({ HIDE_HOME: "true" });
    const home = await curl(`${w.url}/`, { headers: { accept: "text/html" } });
    assert.equal(home.status, 404);
    assert.doesNotMatch(home.body, /docker pull/);
    assert.equal(registryError(home).code, "NOT_FOUND");
    assert.equal((await curl(`${w.url}/v2/`)).status, 401);
  });
});

describe("mirror users: MIRROR_USERS, TOKEN_SECRET (the mirror private)", () => {
  const USERS = "alice:alice-Secret-1,bob:bob-Secret-2";
  const SECRET = "test-token-secret-0123456789abcdef";
  let w;
  let authDir;
  before(async () => {
    w = await stack.extraWorker({ MIRROR_USERS: USERS, TOKEN_SECRET: SECRET, TOKEN_TTL_SECONDS: "300" });
    authDir = fs.mkdtempSync(path.join(stack.workDir, "auth-"));
  });
  const authFile = (name) => path.join(authDir, `${name}.json`);
  const skopeo = (args, name) => client.run("skopeo", [...args], { env: { ...process.env, REGISTRY_AUTH_FILE: authFile(name) } });
  const mirrorToken = async (user, password, scope = "repository:library/hello:pull") =>
    curl(`${w.url}/token?service=hubmirror&scope=${scope}`, { headers: { authorization: "Basic " + Buffer.from(`${user}:${password}`).toString("base64") } });

  test("anonymous pulls get the registry's 401 with the mirror's realm; skopeo says to log in", async () => {
    const res = await curl(`${w.url}/v2/library/hello/manifests/1`);
    assert.equal(res.status, 401);
    assert.equal(res.headers["www-authenticate"], `Bearer realm="${w.url}/token",service="hubmirror",scope="repository:library/hello:pull"`);
    const anon = await curl(`${w.url}/token?service=hubmirror&scope=repository:library/hello:pull`);
    assert.equal(anon.status, 401);
    const r = await client.run("skopeo", ["inspect", "--tls-verify=false", `docker://${host(w)}/library/hello:1`]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /unauthorized|authentication required|log in/i);
  });

  test("skopeo login as a mirror user, then a pull with every blob verified; the upstream saw the mirror, not alice", async () => {
    const mark = stack.hub.tokenLog.length;
    const wrong = await skopeo(["login", "--tls-verify=false", "-u", "alice", "-p", "wrong", host(w)], "alice");
    assert.notEqual(wrong.code, 0);
    await succeeded(skopeo(["login", "--tls-verify=false", "-u", "alice", "-p", "alice-Secret-1", host(w)], "alice"));
    await copyAndVerify(client, stack.workDir, `docker://${host(w)}/library/hello:1`, ["--authfile", authFile("alice")]);
    assert.ok(stack.hub.tokenLog.slice(mark).every((e) => e.user !== "alice"), "alice never reached the upstream");
  });

  test("podman login as a mirror user; a wrong password is refused", async () => {
    const root = fs.mkdtempSync(path.join(stack.workDir, "podman-"));
    const auth = ["--authfile", path.join(root, "auth.json")];
    const bad = await podman(root, ["login", ...auth, "--tls-verify=false", "-u", "bob", "-p", "wrong", host(w)]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /invalid username\/password/);
    const anon = await podman(root, ["pull", ...auth, "--tls-verify=false", `${host(w)}/library/hello:1`]);
    assert.notEqual(anon.code, 0, "not logged in: refused");
    await succeeded(podman(root, ["login", ...auth, "--tls-verify=false", "-u", "bob", "-p", "bob-Secret-2", host(w)]));
    await succeeded(podman(root, ["pull", ...auth, "--tls-verify=false", `${host(w)}/library/hello:1`]));
  });

  test("a token for another repository, a forged one and an expired one are refused", async () => {
    const accept = { accept: "application/vnd.docker.distribution.manifest.v2+json" };
    const { token } = JSON.parse((await mirrorToken("alice", "alice-Secret-1")).body);
    assert.match(token, /^hm1\./);
    const ok = await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: { ...accept, authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200);
    await new Promise((r) => setTimeout(r, 200));
    const line = w.log().split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l)).findLast((l) => l.kind === "manifest");
    assert.equal(line.user, "alice", "the log line names the mirror user");
    assert.ok(!w.log().includes(token) && !w.log().includes("alice-Secret-1"), "no token or password in the log");
    const other = await curl(`${w.url}/v2/team/tool/manifests/1`, { headers: { ...accept, authorization: `Bearer ${token}` } });
    assert.equal(other.status, 401);
    assert.match(other.headers["www-authenticate"], /error="insufficient_scope"/);
    // forged: the payload changed to another repository, the signature kept; and one signed with another key
    const [, body, sig] = token.split(".");
    const claims = JSON.parse(Buffer.from(body, "base64url").toString());
    const forgedBody = Buffer.from(JSON.stringify({ ...claims, r: ["docker.io/team/tool"] })).toString("base64url");
    for (const forged of [`hm1.${forgedBody}.${sig}`, `hm1.${body}.${Buffer.from("not the signature").toString("base64url")}`, "hm1.x.y"]) {
      const res = await curl(`${w.url}/v2/team/tool/manifests/1`, { headers: { ...accept, authorization: `Bearer ${forged}` } });
      assert.equal(res.status, 401, forged.slice(0, 20));
      assert.match(res.headers["www-authenticate"], /error="invalid_token"/);
    }
    // expired: TOKEN_TTL_SECONDS is 300, and a Worker of the same users and secret whose clock moved past it
    // (TEST_CLOCK's seam; its own isolate, so this one's later tests keep theirs) refuses the token
    const clocked = await stack.extraWorker({ MIRROR_USERS: USERS, TOKEN_SECRET: SECRET, TOKEN_TTL_SECONDS: "300", TEST_CLOCK: "true" });
    assert.equal((await curl(`${clocked.url}/v2/library/hello/manifests/1`, { headers: { ...accept, authorization: `Bearer ${token}` } })).status, 200,
      "valid there too before the clock moves");
    assert.equal((await curl(`${clocked.url}/__test/clock?ahead=301000`, { method: "POST", headers: { "x-hubmirror-test-clock": "1" } })).status, 200);
    const expired = await curl(`${clocked.url}/v2/library/hello/manifests/1`, { headers: { ...accept, authorization: `Bearer ${token}` } });
    assert.equal(expired.status, 401);
    assert.match(expired.headers["www-authenticate"], /error="invalid_token"/);
  });

  test("only the canonical encoding of a token is accepted (#19 item 4)", async () => {
    const accept = { accept: "application/vnd.docker.distribution.manifest.v2+json" };
    const { token } = JSON.parse((await mirrorToken("alice", "alice-Secret-1")).body);
    const [, body, sig] = token.split(".");
    const standard = Buffer.from(sig, "base64url").toString("base64"); // '+', '/' and '=' padding
    const variants = [`hm1.${body}.${standard}`, `hm1.${body}.${sig}=`, `hm1.${body}==.${sig}`, `hm1.${body}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`];
    assert.ok(variants[0] !== token, "the signature has a character that standard base64 spells otherwise, or padding");
    for (const variant of variants) {
      const res = await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: { ...accept, authorization: `Bearer ${variant}` } });
      assert.equal(res.status, 401, variant.slice(-30));
      assert.match(res.headers["www-authenticate"], /error="invalid_token"/);
    }
    const ok = await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: { ...accept, authorization: `Bearer ${token}` } });
    assert.equal(ok.status, 200, "the canonical one works");
  });

  test("a token dies with its user: removed from MIRROR_USERS, or the password changed (#19 item 4)", async () => {
    const accept = { accept: "application/vnd.docker.distribution.manifest.v2+json" };
    const issuer = await stack.extraWorker({ MIRROR_USERS: USERS, TOKEN_SECRET: SECRET });
    const token = JSON.parse((await curl(`${issuer.url}/token?service=hubmirror&scope=repository:library/hello:pull`, { headers: { authorization: "Basic " + Buffer.from("alice:alice-Secret-1").toString("base64") } })).body).token;
    const pull = (worker) => curl(`${worker.url}/v2/library/hello/manifests/1`, { headers: { ...accept, authorization: `Bearer ${token}` } });
    assert.equal((await pull(issuer)).status, 200);
    const same = await stack.extraWorker({ MIRROR_USERS: "bob:bob-Secret-2,alice:alice-Secret-1", TOKEN_SECRET: SECRET });
    assert.equal((await pull(same)).status, 200, "the same entry (another order of users): still valid");
    for (const users of ["alice:a-new-Secret,bob:bob-Secret-2", "bob:bob-Secret-2"]) {
      const changed = await stack.extraWorker({ MIRROR_USERS: users, TOKEN_SECRET: SECRET });
      const res = await pull(changed);
      assert.equal(res.status, 401, users);
      assert.match(res.headers["www-authenticate"], /error="invalid_token"/);
    }
  });

  test("Docker Hub credentials are not passed through unless LOGIN_PASSTHROUGH=true", async () => {
    const mark = stack.hub.tokenLog.length;
    const res = await mirrorToken("reader", "read-secret", "repository:private/secret:pull");
    assert.equal(res.status, 401);
    assert.equal(stack.hub.tokenLog.length, mark, "nothing reached the upstream's token service");
    const open = await stack.extraWorker({ MIRROR_USERS: USERS, TOKEN_SECRET: SECRET, LOGIN_PASSTHROUGH: "true" });
    const passed = await curl(`${open.url}/token?service=registry.test&scope=repository:private/secret:pull`, { headers: { authorization: "Basic " + Buffer.from("reader:read-secret").toString("base64") } });
    assert.equal(passed.status, 200);
    assert.match(JSON.parse(passed.body).token, /^hubmirror~docker\.io~/);
    assert.equal(stack.hub.tokenLog.at(-1).user, "reader");
    // a mirror user's password in the OAuth2 form (what containerd posts first) never goes upstream, passthrough or not
    const before = stack.hub.tokenLog.length;
    const form = await curl(`${open.url}/token`, {
      method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=password&service=registry.test&scope=repository%3Aprivate%2Fsecret%3Apull&username=alice&password=alice-Secret-1",
    });
    assert.equal(form.status, 401, form.body);
    assert.equal(registryError(form).code, "UNAUTHORIZED");
    assert.equal(stack.hub.tokenLog.length, before, "the upstream's token service saw nothing of it");
  });

  test("the rate limit counts a logged-in mirror user by name, from any address", async () => {
    const limited = await startMiniflare({
      workDir: stack.workDir,
      vars: { UPSTREAM_REGISTRY: stack.hub.registry, UPSTREAM_AUTH: stack.hub.auth, MIRROR_USERS: USERS, TOKEN_SECRET: SECRET },
      ratelimits: { CLIENT_RATE_LIMIT: { namespace_id: "1002", simple: { limit: 4, period: 60 } } },
    });
    try {
      const tokenOf = async (user, password) => JSON.parse((await curl(`${limited.url}/token?service=hubmirror&scope=repository:library/hello:pull`,
        { headers: { authorization: "Basic " + Buffer.from(`${user}:${password}`).toString("base64"), "cf-connecting-ip": "203.0.113.99" } })).body).token;
      const alice = await tokenOf("alice", "alice-Secret-1");
      const bob = await tokenOf("bob", "bob-Secret-2");
      const head = (token, ip) => curl(`${limited.url}/v2/library/hello/manifests/1`, { method: "HEAD",
        headers: { accept: "application/vnd.docker.distribution.manifest.v2+json", authorization: `Bearer ${token}`, "cf-connecting-ip": ip } });
      const statuses = [];
      await startOfWindowLeft(60_000);
      for (let i = 0; i < 6; i++) statuses.push((await head(alice, `198.51.100.${i + 1}`)).status);
      assert.deepEqual(statuses, [200, 200, 200, 200, 429, 429], "alice from six addresses is one client with a limit of 4");
      assert.equal((await head(bob, "198.51.100.1")).status, 200, "bob has his own count, on an address alice used");
    } finally {
      await limited.stop();
    }
  });

  test("containerd with the user's credentials (ctr --user, what its registry auth config sends)", async () => {
    const dir = fs.mkdtempSync(path.join(stack.workDir, "containerd-"));
    const containerd = await startContainerd(dir, client);
    try {
      const denied = await containerd.ctr(["images", "pull", "--plain-http", "--snapshotter", "native", `${host(w)}/library/hello:1`]);
      assert.notEqual(denied.code, 0);
      await containerd.ok(containerd.ctr(["images", "pull", "--plain-http", "--snapshotter", "native", "--user", "bob:bob-Secret-2", `${host(w)}/library/hello:1`]));
    } finally {
      await containerd.stop();
    }
  });

  test("users without TOKEN_SECRET, and a malformed MIRROR_USERS: 500 naming the variable, never a password", async () => {
    for (const vars of [{ MIRROR_USERS: USERS }, { MIRROR_USERS: "alice", TOKEN_SECRET: SECRET }, { MIRROR_USERS: USERS, TOKEN_SECRET: "short" }]) {
      const bad = await stack.extraWorker(vars);
      const res = await curl(`${bad.url}/v2/`);
      assert.equal(res.status, 500);
      assert.match(registryError(res).message, /MIRROR_USERS|TOKEN_SECRET/);
      assert.doesNotMatch(res.body, /Secret-1|Secret-2|short/);
    }
  });
});

describe("a misconfiguration names every variable that is wrong, and no value", () => {
  test("six bad variables at once: one 500 that names each of them (in the order they are read), none of their values", async () => {
    const bad = await stack.extraWorker({
      UPSTREAM_TIMEOUT_MS: "soon", VERIFY_BLOBS: "sha-512-please", ALLOW_IPS: "999.1.1.1/8", ALLOW_COUNTRIES: "china-and-more",
      HIDE_HOME: "maybe", TOKEN_TTL_SECONDS: "0",
    });
    for (const p of ["/v2/", "/token", "/"]) {
      const res = await curl(`${bad.url}${p}`);
      assert.equal(res.status, 500, p);
      const { code, message } = registryError(res);
      assert.equal(code, "UNKNOWN");
      const named = ["UPSTREAM_TIMEOUT_MS", "VERIFY_BLOBS", "ALLOW_IPS", "ALLOW_COUNTRIES", "HIDE_HOME", "TOKEN_TTL_SECONDS"];
      const at = named.map((name) => message.indexOf(name));
      assert.ok(at.every((i) => i >= 0), `${message}: names ${named.filter((_, i) => at[i] < 0)}?`);
      assert.deepEqual([...at].sort((a, b) => a - b), at, "in the order they are read");
      for (const value of ["soon", "sha-512-please", "999.1.1.1", "china-and-more", "maybe"]) assert.ok(!message.includes(value), `${value} shown`);
    }
  });
});


describe("GET /download of a private image (#22)", () => {
  test("anonymously: 403 DENIED saying it is not public, nothing sent; on a private mirror whose own account reads it, refused without a user's credentials and downloaded with them", async () => {
    const denied = await curl(`${stack.worker.url}/download/private/secret:1`);
    assert.equal(denied.status, 403);
    assert.match(registryError(denied).message, /is not public/);
    const w = await stack.extraWorker({ MIRROR_USERS: "alice:alice-Secret-1", TOKEN_SECRET: "test-token-secret-0123456789abcdef",
      UPSTREAM_CREDENTIALS: JSON.stringify({ "docker.io": ["reader:read-secret"] }) });
    const anonymous = await curl(`${w.url}/download/private/secret:1`);
    assert.equal(anonymous.status, 401);
    assert.match(anonymous.headers["www-authenticate"], /^Basic /);
    const file = path.join(stack.workDir, "secret.tar");
    await succeeded(client.run("curl", ["-fsS", "-u", "alice:alice-Secret-1", "-o", file, `${w.url}/download/private/secret:1`]));
    const dir = fs.mkdtempSync(path.join(stack.workDir, "secret-"));
    await succeeded(client.run("tar", ["-xf", file, "-C", dir]));
    const saved = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    assert.deepEqual(saved[0].RepoTags, ["private/secret:1"]);
    assert.deepEqual(saved[0].Layers, stack.images.secret.manifest.layers.map((l) => `blobs/sha256/${l.digest.slice(7)}`));
    for (const l of stack.images.secret.manifest.layers) assert.equal(fs.statSync(path.join(dir, "blobs/sha256", l.digest.slice(7))).size, l.size);
  });
});
