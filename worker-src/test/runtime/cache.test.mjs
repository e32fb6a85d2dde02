// The edge cache, in Miniflare's real Workers Cache API, against the Docker-Hub-like upstream behind a front
// that counts pulls like Docker Hub: second pulls cost the upstream nothing, the mirror's own accounts are
// used and never leak, private content never reaches anonymous clients, and a failing upstream is
// survived with what the cache holds. The upstream's logs (registry front, token service, CDN) are the
// witnesses. Clients are isolated from everything but the mirror.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyAndVerify as copyOf } from "./lib/copy.mjs";
import { curl, registryError } from "./lib/curl.mjs";
import { SERVICE } from "./lib/hub.mjs";
import { isolate } from "./lib/isolation.mjs";
import { freePort, run, runOk, sleep } from "./lib/proc.mjs";
import { startMiniflare } from "./lib/miniflare.mjs";
import { Inspector } from "../../../bench/inspector.mjs";
import { startQuotaFront } from "./lib/quota.mjs";
import { startStack } from "./lib/stack.mjs";
import { startStandIn } from "./lib/standin.mjs";
import { rssKb } from "./lib/workerd.mjs";

const OCI_ACCEPT = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.v2+json, application/vnd.docker.distribution.manifest.list.v2+json";

let stack;
let client;
const fronts = [];

before(async () => {
  stack = await startStack({ huge: true, runtime: "miniflare" });
  // enough fronts for every test that needs its own count; their ports are closed to the clients too
  for (let i = 0; i < 5; i++) fronts.push(await startQuotaFront(stack.hub, { limit: 1000 }));
  client = await isolate([stack.hub.registryPort, stack.hub.tokenPort, stack.hub.cdnPort, ...fronts.map((f) => f.port)]);
});
after(async () => {
  await client?.release();
  for (const f of fronts) await f.stop();
  await stack?.stop();
});

const copy = (source, extra) => copyOf(client, stack.workDir, source, extra);
const hostOf = (w) => `127.0.0.1:${w.port}`;
const hexOf = (digest) => digest.slice("sha256:".length);
/** CDN requests for blobs since `mark`, as digests' hex. */
const cdnBlobs = (mark) => stack.hub.cdnLog.slice(mark).map((e) => /\/sha256\/[0-9a-f]{2}\/([0-9a-f]{64})\/data$/.exec(e.path)?.[1]).filter(Boolean);
/**
 * Waits (at most 40 s) until the CDN has seen no new request for 500 ms: every fill that runs after a pull has
 * started its download (requests are logged as they start; use hitWithin where a fill must have finished).
 */
async function fillsDone() {
  for (let i = 0, seen = -1; i < 80 && seen !== stack.hub.cdnLog.length; i++) {
    seen = stack.hub.cdnLog.length;
    await sleep(500);
  }
}
/** HEAD of `url` until it answers X-Cache: HIT (a fill completes in waitUntil), at most 30 s; its X-Cache. */
async function hitWithin(url) {
  let status;
  for (let i = 0; i < 150 && status !== "HIT"; i++) {
    if (i > 0) await sleep(200);
    status = (await curl(url, { method: "HEAD" })).headers["x-cache"];
  }
  return status;
}
const manifestGets = (lines) => lines.filter((l) => /^GET \/v2\/.+\/manifests\//.test(l));
const manifestHeads = (lines) => lines.filter((l) => /^HEAD \/v2\/.+\/manifests\//.test(l));

async function anonymousToken(w) {
  const r = await curl(`${w.url}/token?service=${SERVICE}&scope=repository:library/hello:pull`);
  assert.equal(r.status, 200, r.body);
  return JSON.parse(r.body).token;
}

describe("second pulls cost the upstream nothing", () => {
  let w, front;
  before(async () => {
    front = fronts[0];
    // TAG_TTL_SECONDS=0: every pull asks the upstream about the tag again, so the HEAD is seen each time
    w = await stack.extraWorker({ UPSTREAM_REGISTRY: front.url, TAG_TTL_SECONDS: "0" });
  });

  test("a second skopeo copy: no CDN request, no manifest GET, one HEAD for the tag", async () => {
    await copy(`docker://${hostOf(w)}/library/hello:1`);
    await fillsDone();
    const [frontMark, cdnMark] = [front.log.length, stack.hub.cdnLog.length];
    const { manifest } = await copy(`docker://${hostOf(w)}/library/hello:1`);
    const lines = front.lines(frontMark);
    assert.deepEqual(cdnBlobs(cdnMark), [], "no blob from the CDN");
    assert.deepEqual(manifestGets(lines), [], "no manifest GET");
    assert.deepEqual(manifestHeads(lines), ["HEAD /v2/library/hello/manifests/1"], "one HEAD for the tag");
    assert.equal(manifest.layers.length, 2);
  });

  test("an image sharing the base layers fetches only its own: each twice, for the client and for the cache", async () => {
    const hello = stack.images.hello.manifest;
    const plus = stack.images.helloPlus.manifest;
    await fillsDone();
    const cdnMark = stack.hub.cdnLog.length;
    await copy(`docker://${hostOf(w)}/library/hello-plus:1`);
    await fillsDone();
    const fetched = cdnBlobs(cdnMark).sort();
    const own = [plus.config.digest, plus.layers[2].digest].map(hexOf).sort();
    // the fill is a second download of the blob (a CDN GET, free against Docker Hub's pull quota)
    assert.deepEqual(fetched, [own[0], own[0], own[1], own[1]], "its config and its own layer, not hello's two layers");
    for (const layer of hello.layers) assert.ok(!fetched.includes(hexOf(layer.digest)));
  });

  test("X-Cache: MISS, then HIT; HEAD and Range are served from a hit", async () => {
    const layer = stack.images.tool.manifest.layers[0];
    const url = `${w.url}/v2/team/tool/blobs/${layer.digest}`;
    const first = await curl(url, { headers: { authorization: `Bearer ${await anonymousToken(w)}` } });
    assert.equal(first.status, 200);
    assert.equal(first.headers["x-cache"], "MISS");
    await fillsDone();
    const cdnMark = stack.hub.cdnLog.length;
    const head = await curl(url, { method: "HEAD" });
    assert.equal(head.status, 200);
    assert.equal(head.headers["x-cache"], "HIT");
    assert.equal(Number(head.headers["content-length"]), layer.size);
    assert.equal(head.headers["docker-content-digest"], layer.digest);
    const part = path.join(stack.workDir, "range.bin");
    const ranged = await run("curl", ["-sS", "-D", "-", "-o", part, "-H", "range: bytes=10-19", url]);
    assert.match(ranged.stdout, /^HTTP\/1\.1 206/);
    assert.match(ranged.stdout, /x-cache: HIT/i);
    assert.match(ranged.stdout, new RegExp(`content-range: bytes 10-19/${layer.size}`, "i"));
    const stored = fs.readFileSync(path.join(stack.workDir, "storage/docker/registry/v2/blobs/sha256", hexOf(layer.digest).slice(0, 2), hexOf(layer.digest), "data"));
    assert.ok(fs.readFileSync(part).equals(stored.subarray(10, 20)), "the range's bytes");
    const beyond = await curl(url, { headers: { range: `bytes=${layer.size + 10}-` } });
    assert.equal(beyond.status, 416);
    assert.equal(registryError(beyond).code, "RANGE_INVALID");
    assert.deepEqual(cdnBlobs(cdnMark), [], "all of it from the cache");
  });
});

describe("a tag's entry is keyed by what the upstream was asked (#19 hole 1)", () => {
  test("an Accept spelled in upper case cannot make later clients get another manifest: skopeo still copies arm64 from an index", async () => {
    // skopeo's own Accept, as it sends it: recorded by a bare HTTP server posing as a registry
    let skopeoAccept;
    const recorder = http.createServer((req, res) => {
      if (/\/manifests\//.test(req.url)) skopeoAccept ??= req.headers.accept;
      res.writeHead(req.url === "/v2/" ? 200 : 404, { "content-type": "application/json", "docker-distribution-api-version": "registry/2.0" }).end("{}");
    });
    await new Promise((r) => recorder.listen(0, "127.0.0.1", r));
    try {
      await client.run("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://127.0.0.1:${recorder.address().port}/library/multi:oci`]);
    } finally {
      recorder.close();
    }
    assert.match(skopeoAccept ?? "", /application\/vnd\.oci\.image\.index\.v1\+json/, "skopeo's Accept was recorded");
    const poisoned = skopeoAccept.replace(/application\/vnd\.oci\.image\.index\.v1\+json|application\/vnd\.docker\.distribution\.manifest\.list\.v2\+json/g, (t) => t.toUpperCase());
    assert.notEqual(poisoned, skopeoAccept);
    const w = await stack.extraWorker({});
    const attack = await curl(`${w.url}/v2/library/multi/manifests/oci`, { headers: { authorization: `Bearer ${await anonymousToken(w)}`, accept: poisoned } });
    assert.equal(attack.status, 200);
    assert.equal(attack.headers["docker-content-digest"], stack.images.multiOci.digest, "the upper-case types were asked for as the media types they are: the index");
    const { config } = await copy(`docker://${hostOf(w)}/library/multi:oci`, ["--override-arch", "arm64"]);
    assert.equal(config.architecture, "arm64", "the index, resolved by skopeo to arm64 — not an amd64 image stored under its key");
    const normal = await curl(`${w.url}/v2/library/multi/manifests/oci`, { headers: { authorization: `Bearer ${await anonymousToken(w)}`, accept: OCI_ACCEPT } });
    assert.equal(normal.headers["docker-content-digest"], stack.images.multiOci.digest);
    assert.match(normal.headers["content-type"], /image\.index/);
  });
});

describe("a cached digest is served only under a repository that has it (#19 hole 2)", () => {
  test("hello's cached layer and manifest under team/tool: the registry's 404, not a HIT; under hello-plus (which has the layer): one HEAD there, then HITs; a denied image: 403 before the cache", async () => {
    const w = await stack.extraWorker({ DENY_IMAGES: "docker.io/library/hello-plus" });
    await copy(`docker://${hostOf(w)}/library/hello:1`);
    await fillsDone();
    const hello = stack.images.hello;
    const layer = hello.manifest.layers[0].digest;
    assert.equal(await hitWithin(`${w.url}/v2/library/hello/blobs/${layer}`), "HIT", "cached under hello");
    const mark = stack.hub.registryLog().length;
    const blob = await curl(`${w.url}/v2/team/tool/blobs/${layer}`);
    assert.equal(blob.status, 404, blob.body);
    assert.equal(registryError(blob).code, "BLOB_UNKNOWN");
    const manifest = await curl(`${w.url}/v2/team/tool/manifests/${hello.digest}`, { headers: { accept: OCI_ACCEPT } });
    assert.equal(manifest.status, 404);
    assert.equal(registryError(manifest).code, "MANIFEST_UNKNOWN");
    assert.deepEqual(stack.hub.accessLines(mark).filter((l) => l.startsWith("HEAD")).sort(),
      [`HEAD /v2/team/tool/blobs/${layer}`, `HEAD /v2/team/tool/manifests/${hello.digest}`].sort(), "the registry was asked under the new name");
    const denied = await curl(`${w.url}/v2/library/hello-plus/blobs/${layer}`);
    assert.equal(denied.status, 403);
    assert.equal(registryError(denied).code, "DENIED");
    const open = await stack.extraWorker({});
    await copy(`docker://${hostOf(open)}/library/hello:1`);
    await fillsDone();
    assert.equal(await hitWithin(`${open.url}/v2/library/hello/blobs/${layer}`), "HIT");
    const before = stack.hub.registryLog().length;
    const shared = await curl(`${open.url}/v2/library/hello-plus/blobs/${layer}`);
    assert.equal(shared.status, 200);
    assert.equal(shared.headers["x-cache"], "HIT");
    const again = await curl(`${open.url}/v2/library/hello-plus/blobs/${layer}`);
    assert.equal(again.headers["x-cache"], "HIT");
    assert.deepEqual(stack.hub.accessLines(before).filter((l) => /hello-plus/.test(l)), [`HEAD /v2/library/hello-plus/blobs/${layer}`], "one HEAD under the new name, then its link");
  });
});

describe("concurrent first requests share one token request (#19 item 6, tokens)", () => {
  test("8 concurrent first anonymous GETs of one repository: the token service sees one request for it", async () => {
    const w = await stack.extraWorker({});
    const mark = stack.hub.tokenLog.length;
    const url = `${w.url}/v2/team/tool/manifests/${stack.images.tool.digest}`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => curl(url, { headers: { accept: OCI_ACCEPT } })));
    for (const r of answers) assert.equal(r.status, 200, r.body);
    const asked = stack.hub.tokenLog.slice(mark).filter((e) => (e.scopes ?? []).includes("repository:team/tool:pull"));
    assert.equal(asked.length, 1, JSON.stringify(asked));
  });
});

describe("concurrent first pulls of one image cost the upstream one request per answer (#19 item 6)", () => {
  test("8 concurrent first skopeo copies: one tag HEAD, one GET per manifest, one token; every blob filled, at most N + 1 downloads each", async () => {
    const front = fronts[4];
    const w = await stack.extraWorker({ UPSTREAM_REGISTRY: front.url });
    const [frontMark, tokenMark, cdnMark] = [front.log.length, stack.hub.tokenLog.length, stack.hub.cdnLog.length];
    const N = 8;
    const copies = await Promise.all(Array.from({ length: N }, () => copy(`docker://${hostOf(w)}/library/multi:oci`, ["--override-arch", "arm64"])));
    for (const c of copies) assert.equal(c.config.architecture, "arm64");
    await fillsDone();
    const answered = front.log.slice(frontMark).filter((e) => e.status === 200);
    const heads = answered.filter((e) => e.method === "HEAD" && /\/manifests\/oci$/.test(e.path));
    assert.equal(heads.length, 1, `the tag is resolved once: ${front.lines(frontMark).join(", ")}`);
    const gets = answered.filter((e) => e.method === "GET" && /\/manifests\//.test(e.path)).map((e) => e.path);
    assert.equal(gets.length, 2, `the index and the arm64 manifest, once each (Docker Hub's quota counts these): ${gets}`);
    assert.equal(new Set(gets).size, 2);
    const tokens = stack.hub.tokenLog.slice(tokenMark).filter((e) => (e.scopes ?? []).includes("repository:library/multi:pull"));
    assert.equal(tokens.length, 1, `one token for the repository: ${tokens.length}`);
    // each client's own download of a blob streams from the upstream (sharing it would cost JavaScript per
    // chunk); the mirror's fill is one more, once per blob whatever the number of clients
    const perBlob = new Map();
    for (const hex of cdnBlobs(cdnMark)) perBlob.set(hex, (perBlob.get(hex) ?? 0) + 1);
    const blobs = [copies[0].manifest.config, ...copies[0].manifest.layers].map((b) => hexOf(b.digest));
    for (const hex of blobs) assert.ok((perBlob.get(hex) ?? 0) <= N + 1, `${hex}: ${perBlob.get(hex)} downloads for ${N} clients`);
    for (const hex of blobs) assert.equal(await hitWithin(`${w.url}/v2/library/multi/blobs/sha256:${hex}`), "HIT", "filled");
  });
});

describe("Docker Hub's pull quota", () => {
  test("a quota of 3 manifest GETs: 10 pulls through the mirror all succeed, and the quota is real", async () => {
    const front = fronts[1];
    front.limit = 3;
    const w = await stack.extraWorker({ UPSTREAM_REGISTRY: front.url, TAG_TTL_SECONDS: "0" });
    for (let i = 0; i < 10; i++) await copy(`docker://${hostOf(w)}/library/multi:oci`, ["--override-arch", "arm64"]);
    const used = [...front.pulls.values()].reduce((a, b) => a + b, 0);
    assert.ok(used <= 2, `the index and the arm64 manifest, once each (${used})`);
    assert.equal(front.log.filter((e) => e.status === 429).length, 0, "no 429 on the way");
    // the rest of the quota goes on direct pulls, and then the front refuses as Docker Hub would
    const t = JSON.parse((await curl(`${stack.hub.auth}/token?service=${SERVICE}&scope=repository:library/multi:pull`)).body).token;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await curl(`${front.url}/v2/library/multi/manifests/oci`, { headers: { authorization: `Bearer ${t}`, accept: OCI_ACCEPT } })).status);
    const left = front.limit - used;
    assert.deepEqual(statuses, [...Array(left).fill(200), ...Array(3 - left).fill(429)], `direct GETs run into the quota (${used} used)`);
  });
});

describe("the mirror's own accounts (UPSTREAM_CREDENTIALS)", () => {
  test("the upstream sees the mirror's account for an anonymous pull; the client never sees its token", async () => {
    const front = fronts[2];
    const w = await stack.extraWorker({ UPSTREAM_REGISTRY: front.url, UPSTREAM_CREDENTIALS: JSON.stringify({ "docker.io": ["mirror-bot:mirror-pat-1"] }) });
    const [tokenMark, frontMark] = [stack.hub.tokenLog.length, front.log.length];
    const seen = [];
    const keep = (r) => {
      seen.push(JSON.stringify(r.headers) + r.body);
      return r;
    };
    keep(await curl(`${w.url}/v2/`));
    const token = JSON.parse(keep(await curl(`${w.url}/token?service=${SERVICE}&scope=repository:team/tool:pull`)).body).token;
    const auth = { authorization: `Bearer ${token}` };
    const m = keep(await curl(`${w.url}/v2/team/tool/manifests/1`, { headers: { ...auth, accept: OCI_ACCEPT } }));
    assert.equal(m.status, 200, m.body);
    const layer = JSON.parse(m.body).layers[0].digest;
    assert.equal(keep(await curl(`${w.url}/v2/team/tool/blobs/${layer}`, { headers: auth })).status, 200);
    keep(await curl(`${w.url}/v2/team/tool/tags/list`, { headers: auth }));
    await copy(`docker://${hostOf(w)}/team/tool:1`);

    const asked = stack.hub.tokenLog.slice(tokenMark);
    const issued = asked.filter((e) => e.user === "mirror-bot");
    assert.ok(issued.length >= 1, "the mirror asked for tokens as mirror-bot");
    for (const e of issued) assert.deepEqual(e.scopes, ["repository:team/tool:pull"], "pull only");
    assert.ok(asked.every((e) => e.user === "mirror-bot"), "and never anonymously");
    const byWho = front.log.slice(frontMark).filter((e) => /\/manifests\//.test(e.path) && e.status === 200).map((e) => e.who);
    assert.ok(byWho.length > 0 && byWho.every((who) => who === "user:mirror-bot"), `the upstream saw ${byWho}`);
    const everything = seen.join("\n");
    for (const e of issued) assert.ok(!everything.includes(e.token), "the account's token never reaches the client");
    assert.ok(!everything.includes("mirror-pat-1") && !everything.includes(Buffer.from("mirror-bot:mirror-pat-1").toString("base64")));
    assert.equal(token, "hubmirror-anonymous");
  });

  test("accounts take turns; one that got a 429 is skipped until its window resets", async () => {
    const front = fronts[3];
    front.limit = 1;
    const w = await stack.extraWorker({
      UPSTREAM_REGISTRY: front.url,
      UPSTREAM_CREDENTIALS: JSON.stringify({ "docker.io": ["mirror-bot:mirror-pat-1", "mirror-bot-2:mirror-pat-2"], "ghcr.io": ["someone:else"] }),
    });
    const pulls = [];
    for (const ref of ["team/tool:1", "library/hello:1", "library/hello-plus:1"]) {
      const mark = front.log.length;
      await copy(`docker://${hostOf(w)}/${ref}`);
      pulls.push(front.log.slice(mark).filter((e) => e.method === "GET" && /\/manifests\//.test(e.path)).map((e) => `${e.who} ${e.status}`));
    }
    assert.deepEqual(pulls[0], ["user:mirror-bot 200"]);
    assert.deepEqual(pulls[1], ["user:mirror-bot-2 200"]);
    // both accounts spent: each answers 429 once, then the mirror falls back to its anonymous identity
    assert.deepEqual(pulls[2], ["user:mirror-bot 429", "user:mirror-bot-2 429", "ip:127.0.0.1 200"]);
    const mark = front.log.length;
    // (curl, not skopeo: skopeo waits and retries on a 429 for half a minute)
    const r = await curl(`${w.url}/v2/library/multi/manifests/docker`, { headers: { authorization: `Bearer ${await anonymousToken(w)}`, accept: OCI_ACCEPT } });
    assert.equal(r.status, 429, "everything is spent now");
    assert.equal(registryError(r).code, "TOOMANYREQUESTS");
    const later = front.log.slice(mark).filter((e) => /\/manifests\//.test(e.path)).map((e) => e.who);
    assert.ok(!later.includes("user:mirror-bot") && !later.includes("user:mirror-bot-2"), `rate-limited accounts are skipped: ${later}`);
  });
});

describe("private content never reaches anonymous clients", () => {
  test("pulled with a client's credentials (BYPASS), then refused to anonymous clients by tag and by digest", async () => {
    const w = await stack.extraWorker({});
    const { manifest } = await copy(`docker://${hostOf(w)}/private/secret:1`, ["--src-creds", "reader:read-secret"]);
    // what the logged-in client got was the upstream's token, forwarded, and nothing was cached
    const login = await curl(`${w.url}/token?service=${SERVICE}&scope=repository:private/secret:pull`, { headers: { authorization: "Basic " + Buffer.from("reader:read-secret").toString("base64") } });
    const upstreamToken = JSON.parse(login.body).token;
    assert.notEqual(upstreamToken, "hubmirror-anonymous");
    const asUser = await curl(`${w.url}/v2/private/secret/manifests/1`, { headers: { authorization: `Bearer ${upstreamToken}`, accept: OCI_ACCEPT } });
    assert.equal(asUser.status, 200);
    assert.equal(asUser.headers["x-cache"], "BYPASS");

    const byTag = await client.run("skopeo", ["inspect", "--tls-verify=false", `docker://${hostOf(w)}/private/secret:1`]);
    assert.notEqual(byTag.code, 0);
    assert.match(byTag.stderr, /unauthorized|authentication required|denied/i);
    const anon = { authorization: `Bearer ${await anonymousToken(w)}` };
    const digest = asUser.headers["docker-content-digest"];
    for (const p of [`manifests/${digest}`, `blobs/${manifest.layers[0].digest}`, `blobs/${manifest.config.digest}`, "manifests/1"]) {
      for (const headers of [anon, {}]) {
        const r = await curl(`${w.url}/v2/private/secret/${p}`, { headers: { ...headers, accept: OCI_ACCEPT } });
        assert.equal(r.status, 401, `${p}: ${r.status} ${r.body}`);
        assert.equal(registryError(r).code, "UNAUTHORIZED");
        assert.match(r.headers["www-authenticate"], new RegExp(`realm="${w.url}/token"`));
      }
    }
  });
});

describe("the upstream fails: the cache carries on", () => {
  let w, front;
  before(async () => {
    front = await startQuotaFront(stack.hub, { limit: 1000 });
    fronts.push(front);
    await client.release();
    client = await isolate([stack.hub.registryPort, stack.hub.tokenPort, stack.hub.cdnPort, ...fronts.map((f) => f.port)]);
    w = await stack.extraWorker({ UPSTREAM_REGISTRY: front.url, TAG_TTL_SECONDS: "0" });
    await copy(`docker://${hostOf(w)}/library/hello:1`);
    // the tag's entry is per set of accepted types: curl's below is another than skopeo's
    const seen = await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: { accept: OCI_ACCEPT } });
    assert.equal(seen.status, 200);
  });

  test("registry stopped: the tag it saw is pulled from the cache (STALE); one it never saw gets the error it gets today", async () => {
    await front.stop();
    try {
      await copy(`docker://${hostOf(w)}/library/hello:1`);
      const anon = { authorization: `Bearer ${await anonymousToken(w)}`, accept: OCI_ACCEPT };
      const m = await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: anon });
      assert.equal(m.status, 200);
      assert.equal(m.headers["x-cache"], "STALE");
      assert.equal(m.headers["docker-content-digest"], stack.images.hello.digest);
      const never = await curl(`${w.url}/v2/team/tool/manifests/1`, { headers: anon });
      assert.equal(never.status, 502);
      assert.equal(registryError(never).code, "UNAVAILABLE");
      const r = await client.run("skopeo", ["inspect", "--tls-verify=false", `docker://${hostOf(w)}/team/tool:1`]);
      assert.notEqual(r.code, 0);
    } finally {
      await front.start();
    }
  });

  test("registry answering 429 to everything: the same", async () => {
    front.mode = "429";
    try {
      await copy(`docker://${hostOf(w)}/library/hello:1`);
      const anon = { authorization: `Bearer ${await anonymousToken(w)}`, accept: OCI_ACCEPT };
      const m = await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: anon });
      assert.equal(m.headers["x-cache"], "STALE");
      const never = await curl(`${w.url}/v2/team/tool/manifests/1`, { headers: anon });
      assert.equal(never.status, 429);
      assert.equal(registryError(never).code, "TOOMANYREQUESTS");
    } finally {
      front.mode = "count";
    }
  });
});

describe("the R2 content tier (CONTENT_BUCKET): a cold data centre", () => {
  test("with the bucket kept and the edge cache's state removed, a second skopeo copy makes no CDN download and no manifest GET", async () => {
    const front = fronts[4];
    const persistDir = path.join(stack.workDir, "r2-tier");
    const vars = { UPSTREAM_REGISTRY: front.url, UPSTREAM_AUTH: stack.hub.auth, TAG_TTL_SECONDS: "0" };
    const start = (port) => startMiniflare({ workDir: stack.workDir, vars, r2Buckets: ["CONTENT_BUCKET"], persistDir, port });
    const first = await start();
    try {
      await copy(`docker://${hostOf(first)}/library/hello:1`);
      // each blob reached the bucket: its edge copy is made from there, after R2 checked it
      for (const blob of [stack.images.hello.manifest.config, ...stack.images.hello.manifest.layers]) {
        assert.equal(await hitWithin(`${first.url}/v2/library/hello/blobs/${blob.digest}`), "HIT", "filled");
      }
    } finally {
      await first.stop();
    }
    fs.rmSync(path.join(persistDir, "cache"), { recursive: true, force: true });
    const cold = await start();
    try {
      const [frontMark, cdnMark] = [front.log.length, stack.hub.cdnLog.length];
      const { manifest } = await copy(`docker://${hostOf(cold)}/library/hello:1`);
      assert.equal(manifest.layers.length, 2);
      const lines = front.lines(frontMark);
      assert.deepEqual(cdnBlobs(cdnMark), [], "no blob from the CDN");
      assert.deepEqual(manifestGets(lines), [], "no manifest GET");
      // a new isolate has no upstream token yet: its first request is answered 401 with the realm, then sent with one
      const heads = front.log.slice(frontMark).filter((e) => e.method === "HEAD" && /\/manifests\//.test(e.path));
      assert.deepEqual(heads.map((e) => `${e.path.split("?")[0]} ${e.status}`).filter((l) => !l.endsWith(" 401")),
        ["/v2/library/hello/manifests/1 200"], "one HEAD for the tag");
      const tier = (await curl(`${cold.url}/v2/library/hello/blobs/${stack.images.hello.manifest.layers[0].digest}`, { method: "HEAD" })).headers;
      assert.equal(tier["x-cache-tier"], "r2");
      const health = JSON.parse((await curl(`${cold.url}/healthz`)).body);
      assert.deepEqual([health.content_bucket.bound, health.content_bucket.answers], [true, true]);
    } finally {
      await cold.stop();
    }
  });
});

describe("a tag moved upstream", () => {
  test("is seen after TAG_TTL_SECONDS, not before", async () => {
    const reg = `127.0.0.1:${stack.hub.registryPort}`;
    const push = (from, to) => runOk("skopeo", ["copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--src-creds", "pusher:push-secret", "--dest-creds", "pusher:push-secret", `docker://${reg}/${from}`, `docker://${reg}/${to}`], { timeoutMs: 120_000 });
    await push("library/hello:1", "library/moving:1");
    const w = await stack.extraWorker({ TAG_TTL_SECONDS: "60", TEST_CLOCK: "true" });
    const anon = { authorization: `Bearer ${await anonymousToken(w)}`, accept: OCI_ACCEPT };
    const digestOf = async () => (await curl(`${w.url}/v2/library/moving/manifests/1`, { headers: anon })).headers["docker-content-digest"];
    const before = await digestOf();
    assert.equal(before, stack.images.hello.digest);
    await push("library/hello-plus:1", "library/moving:1");
    assert.equal(await digestOf(), before, "within the TTL the mirror does not ask");
    // the Worker's clock moves past the TTL (TEST_CLOCK's seam): no waiting
    assert.equal((await curl(`${w.url}/__test/clock?ahead=30000`, { method: "POST", headers: { "x-hubmirror-test-clock": "1" } })).status, 200);
    assert.equal(await digestOf(), before, "half-way through the TTL, still the old one");
    assert.equal((await curl(`${w.url}/__test/clock?ahead=61000`, { method: "POST", headers: { "x-hubmirror-test-clock": "1" } })).status, 200);
    assert.equal(await digestOf(), stack.images.helloPlus.digest, "after it, the new digest");
  });
});

describe("a fill is stored only whole (and with VERIFY_BLOBS=digest only when it hashes to its digest)", () => {
  const layerFile = (layer) => path.join(stack.workDir, "storage/docker/registry/v2/blobs/sha256", hexOf(layer).slice(0, 2), hexOf(layer), "data");
  const sha256Of = async (url) => (await run("sh", ["-c", `curl -sS '${url}' | sha256sum`], { timeoutMs: 60_000 })).stdout.split(" ")[0];

  test("VERIFY_BLOBS=digest: a corrupt blob reaches the client as the upstream sent it (clients verify), but is not stored; the next pull comes from the upstream, verifies and is stored", async () => {
    const w = await stack.extraWorker({ VERIFY_BLOBS: "digest" });
    const layer = stack.images.tool.manifest.layers[0].digest;
    const file = layerFile(layer);
    const good = fs.readFileSync(file);
    const bad = Buffer.from(good);
    bad[bad.length >> 1] ^= 0xff;
    const url = `${w.url}/v2/team/tool/blobs/${layer}`;
    fs.writeFileSync(file, bad);
    try {
      assert.notEqual(await sha256Of(url), hexOf(layer), "the client got the upstream's bytes, which a real client refuses");
      await fillsDone();
    } finally {
      fs.writeFileSync(file, good);
    }
    const head = await curl(url, { method: "HEAD" });
    assert.equal(head.headers["x-cache"], "MISS", "the corrupt copy is not served");
    const mark = stack.hub.cdnLog.length;
    assert.equal(await sha256Of(url), hexOf(layer));
    await fillsDone();
    assert.deepEqual(cdnBlobs(mark), [hexOf(layer), hexOf(layer)], "fetched from the upstream again (and once more for the cache)");
    const third = await curl(url, { method: "HEAD" });
    assert.equal(third.headers["x-cache"], "HIT");
    assert.equal(await sha256Of(url), hexOf(layer), "what the cache serves verifies");
  });

  test("the default (length): a fill that breaks off is never served; the next pull fills again", async () => {
    const w = await stack.extraWorker({});
    const layer = stack.images.tool.manifest.layers[1]?.digest ?? stack.images.tool.manifest.config.digest;
    const url = `${w.url}/v2/team/tool/blobs/${layer}`;
    // the client's download is the first GET of the blob, the fill's the second: that one breaks off
    stack.hub.cdnFaults.truncate[hexOf(layer)] = 2;
    assert.equal(await sha256Of(url), hexOf(layer), "the client's own download is whole");
    await fillsDone();
    assert.equal(stack.hub.cdnFaults.truncate[hexOf(layer)], undefined, "the fill's download was the one cut off");
    const head = await curl(url, { method: "HEAD" });
    assert.equal(head.headers["x-cache"], "MISS", "nothing of the broken fill is served");
    assert.equal(await sha256Of(url), hexOf(layer));
    await fillsDone();
    const hit = await curl(url, { method: "HEAD" });
    assert.equal(hit.headers["x-cache"], "HIT", "the next pull's fill was stored");
    assert.equal(await sha256Of(url), hexOf(layer));
  });

  test("two clients of one blob at once: one fill (three CDN downloads, not four)", async () => {
    const w = await stack.extraWorker({});
    const layer = stack.images.huge.manifest.layers[0];
    const url = `${w.url}/v2/library/huge/blobs/${layer.digest}`;
    await fillsDone();
    const mark = stack.hub.cdnLog.length;
    const [first, second] = await Promise.all([sha256Of(url), sleep(50).then(() => sha256Of(url))]);
    assert.equal(first, hexOf(layer.digest));
    assert.equal(second, hexOf(layer.digest));
    await fillsDone();
    assert.deepEqual(cdnBlobs(mark), [hexOf(layer.digest), hexOf(layer.digest), hexOf(layer.digest)]);
    assert.equal(await hitWithin(url), "HIT");
  });

  test("a fill whose second download stalls is given up at its deadline (the connection closes), and the next pull fills again", async () => {
    const body = crypto.randomBytes(8 << 20);
    const digest = "sha256:" + crypto.createHash("sha256").update(body).digest("hex");
    let gets = 0;
    const s = await startStandIn(stack, (req, res) => {
      if (!req.url.includes("/blobs/")) return res.writeHead(404).end();
      if (req.method === "GET") gets++;
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(body.length) });
      if (req.method === "HEAD") res.end();
      else if (gets === 2) res.write(body.subarray(0, 1 << 20)); // the first fill: 1 MiB, then silence
      else res.end(body);
    }, { UPSTREAM_IDLE_TIMEOUT_MS: "1000", BLOB_MIN_RATE: String(8 << 20) });
    try {
      const url = `${s.w.url}/v2/library/x/blobs/${digest}`;
      const sum = async () => (await run("sh", ["-c", `curl -sS --max-time 30 '${url}' | sha256sum`])).stdout.split(" ")[0];
      assert.equal(await sum(), hexOf(digest), "the client's download is whole");
      for (let i = 0; i < 60 && s.sockets.size > 0; i++) await sleep(100);
      assert.equal(s.sockets.size, 0, "the stalled fill's connection is closed by its 2 s deadline");
      assert.equal(gets, 2);
      assert.equal((await curl(url, { method: "HEAD" })).headers["x-cache"], "MISS", "nothing of it is served");
      assert.equal(await sum(), hexOf(digest));
      assert.equal(await hitWithin(url), "HIT", "the fill is not stuck as 'under way': the next pull filled");
      assert.equal(gets, 4);
      assert.equal(await sum(), hexOf(digest));
    } finally {
      s.close();
    }
  });

  test("a registry that serves blobs itself (no redirect): the second download carries the mirror's token too", async () => {
    const body = crypto.randomBytes(1 << 20);
    const digest = "sha256:" + crypto.createHash("sha256").update(body).digest("hex");
    const s = await startStandIn(stack, (req, res, port) => {
      if (req.url.startsWith("/token")) return res.writeHead(200, { "content-type": "application/json" }).end('{"token":"mirror-token","expires_in":300}');
      if (req.headers.authorization !== "Bearer mirror-token") {
        return res.writeHead(401, { "content-type": "application/json", "www-authenticate": `Bearer realm="http://127.0.0.1:${port}/token",service="standin"` }).end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}');
      }
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(body.length) }).end(body);
    });
    try {
      const url = `${s.w.url}/v2/library/x/blobs/${digest}`;
      const r = await run("sh", ["-c", `curl -sS --max-time 30 '${url}' | sha256sum`]);
      assert.equal(r.stdout.split(" ")[0], hexOf(digest));
      assert.equal(await hitWithin(url), "HIT");
      const blobGets = s.seen.filter((x) => x.method === "GET" && x.url.includes("/blobs/") && x.headers.authorization === "Bearer mirror-token");
      assert.equal(blobGets.length, 2, "the client's download and the fill, each with the mirror's token");
    } finally {
      s.close();
    }
  });
});

describe("a 300 MB layer filled into the cache while a client reads it slowly", () => {
  test("memory stays bounded, and the cached copy verifies", async (t) => {
    const w = await stack.extraWorker({});
    const layer = stack.images.huge.manifest.layers[0];
    assert.ok(layer.size > 300e6);
    const url = `${w.url}/v2/library/huge/blobs/${layer.digest}`;
    const base = rssKb(w.pid);
    let peak = base;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, rssKb(w.pid));
      } catch {}
    }, 200);
    const started = Date.now();
    let slow;
    try {
      slow = await run("sh", ["-c", `curl -sS --limit-rate 5M -D '${stack.workDir}/slow.head' '${url}' | sha256sum`], { timeoutMs: 240_000 });
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - started) / 1000;
    const slowHead = fs.readFileSync(`${stack.workDir}/slow.head`, "utf8");
    assert.equal(slow.stdout.split(" ")[0], hexOf(layer.digest), `the slow client got the layer: ${slow.stderr} ${slowHead}`);
    assert.match(slowHead, /x-cache: MISS/i);
    const growthMb = (peak - base) / 1024;
    t.diagnostic(`300 MB fill at ~5 MB/s: ${seconds.toFixed(0)} s, workerd RSS ${(base / 1024).toFixed(0)} MB → peak ${(peak / 1024).toFixed(0)} MB (+${growthMb.toFixed(0)} MB)`);
    console.log(`# slow fill: RSS +${growthMb.toFixed(0)} MB peak over ${seconds.toFixed(0)} s`);
    assert.ok(growthMb < 120, `memory grew by ${growthMb.toFixed(0)} MB: the fill must not buffer the layer`);
    await fillsDone();
    const mark = stack.hub.cdnLog.length;
    const cached = await run("sh", ["-c", `curl -sS -D '${stack.workDir}/cached.head' '${url}' | sha256sum`], { timeoutMs: 120_000 });
    assert.equal(cached.stdout.split(" ")[0], hexOf(layer.digest), "the cached copy verifies");
    assert.match(fs.readFileSync(`${stack.workDir}/cached.head`, "utf8"), /x-cache: HIT/i);
    assert.deepEqual(cdnBlobs(mark), []);
  });
});

describe("a 300 MB layer over EDGE_CACHE_MAX_BYTES, with CONTENT_BUCKET in 128 MiB parts", () => {
  test("is kept in R2 only, in parts (a ranged CDN download each), each checked and the whole marked: served whole and by Range from there, its sha256 correct, the worker's heap flat while it fills", async (t) => {
    const inspectorPort = await freePort();
    const partBytes = 128 << 20;
    const w = await startMiniflare({ workDir: stack.workDir, r2Buckets: ["CONTENT_BUCKET"], persistDir: path.join(stack.workDir, "r2-huge"),
      inspectorPort, vars: { UPSTREAM_REGISTRY: stack.hub.registry, UPSTREAM_AUTH: stack.hub.auth, EDGE_CACHE_MAX_BYTES: "1000000",
        CONTENT_BUCKET_PART_BYTES: String(partBytes) } });
    // the worker's own isolate (Miniflare's R2 simulator runs in another isolate of the same workerd process, and
    // hashes every chunk in JavaScript: the process's memory is the simulator's as much as the worker's)
    const inspector = await Inspector.open(inspectorPort);
    try {
      const layer = stack.images.huge.manifest.layers[0];
      const url = `${w.url}/v2/library/huge/blobs/${layer.digest}`;
      const fillMark = stack.hub.cdnLog.length;
      const heap = async () => (await inspector.send("Runtime.getHeapUsage")).usedSize;
      const [baseHeap, baseRss] = [await heap(), rssKb(w.pid)];
      let [peakHeap, peakRss] = [baseHeap, baseRss];
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peakHeap = Math.max(peakHeap, await heap().catch(() => 0));
          try {
            peakRss = Math.max(peakRss, rssKb(w.pid));
          } catch {}
          await sleep(200);
        }
      })();
      let tier;
      try {
        const first = await run("sh", ["-c", `curl -sS '${url}' | sha256sum`], { timeoutMs: 240_000 });
        assert.equal(first.stdout.split(" ")[0], hexOf(layer.digest));
        for (let i = 0; i < 300 && tier !== "r2"; i++) {
          await sleep(200);
          tier = (await curl(url, { method: "HEAD" })).headers["x-cache-tier"];
        }
      } finally {
        sampling = false;
        await sampler;
      }
      assert.equal(tier, "r2", "the fill reached the bucket");
      const parts = [];
      for (let offset = 0; offset < layer.size; offset += partBytes) parts.push(`bytes=${offset}-${Math.min(offset + partBytes, layer.size) - 1}`);
      assert.equal(parts.length, 3);
      assert.deepEqual(stack.hub.cdnLog.slice(fillMark).filter((e) => e.range).map((e) => e.range), parts, "one ranged download per part");
      const heapMb = (peakHeap - baseHeap) / 1048576;
      t.diagnostic(`300 MB into R2 in parts: the worker's heap +${heapMb.toFixed(1)} MB at its peak; workerd RSS +${((peakRss - baseRss) / 1024).toFixed(0)} MB (with the local R2 simulator)`);
      // (VERIFY_BLOBS=digest would read the object back through a native SHA-256: ~30 MB of garbage until the next
      // GC, and 6–10 ms of CPU per MB, measured by bench/tiers.mjs; the default checks every part's range and length)
      assert.ok(heapMb < 16, `the worker's heap grew by ${heapMb.toFixed(1)} MB: the fill must not buffer the layer`);
      const mark = stack.hub.cdnLog.length;
      const whole = await run("sh", ["-c", `curl -sS -D '${stack.workDir}/r2-whole.head' '${url}' | sha256sum`], { timeoutMs: 120_000 });
      assert.equal(whole.stdout.split(" ")[0], hexOf(layer.digest), "the copy in R2 verifies");
      const head = fs.readFileSync(`${stack.workDir}/r2-whole.head`, "utf8");
      assert.match(head, /x-cache: HIT/i);
      assert.match(head, /x-cache-tier: r2/i);
      const file = path.join(stack.workDir, "storage/docker/registry/v2/blobs/sha256", hexOf(layer.digest).slice(0, 2), hexOf(layer.digest), "data");
      const fd = fs.openSync(file, "r");
      const expected = Buffer.alloc(1 << 20);
      fs.readSync(fd, expected, 0, expected.length, 200_000_000);
      fs.closeSync(fd);
      const part = await run("sh", ["-c", `curl -sS -r 200000000-${200_000_000 + (1 << 20) - 1} '${url}' | sha256sum`], { timeoutMs: 60_000 });
      assert.equal(part.stdout.split(" ")[0], crypto.createHash("sha256").update(expected).digest("hex"), "a Range from R2");
      assert.deepEqual(cdnBlobs(mark), [], "no CDN download for either");
    } finally {
      inspector.close?.();
      await w.stop();
    }
  });
});

describe("GET /download of a 300 MB image (#22)", () => {
  test("a client reading at ~5 MB/s: the tar is whole (its layer's sha256 right), the worker's heap flat while it streams; the download filled the edge cache, so a second one makes no CDN download", async (t) => {
    const inspectorPort = await freePort();
    const w = await startMiniflare({ workDir: stack.workDir, persistDir: path.join(stack.workDir, "download-huge"), inspectorPort,
      vars: { UPSTREAM_REGISTRY: stack.hub.registry, UPSTREAM_AUTH: stack.hub.auth } });
    const inspector = await Inspector.open(inspectorPort);
    try {
      const layer = stack.images.huge.manifest.layers[0];
      const url = `${w.url}/download/huge:1`;
      const heap = async () => (await inspector.send("Runtime.getHeapUsage")).usedSize;
      const base = await heap();
      let peak = base;
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          peak = Math.max(peak, await heap().catch(() => 0));
          await sleep(250);
        }
      })();
      const file = path.join(stack.workDir, "huge-download.tar");
      const started = Date.now();
      try {
        await runOk("curl", ["-fsS", "--limit-rate", "5M", "-o", file, url], { timeoutMs: 240_000 });
      } finally {
        sampling = false;
        await sampler;
      }
      const seconds = (Date.now() - started) / 1000;
      const growthMb = (peak - base) / 1048576;
      t.diagnostic(`300 MB download at ~5 MB/s: ${seconds.toFixed(0)} s, the worker's heap +${growthMb.toFixed(1)} MB at its peak`);
      assert.ok(growthMb < 16, `the worker's heap grew by ${growthMb.toFixed(1)} MB: the download must not buffer the layer`);
      const dir = fs.mkdtempSync(path.join(stack.workDir, "huge-untar-"));
      await runOk("tar", ["-xf", file, "-C", dir, `blobs/sha256/${layer.digest.slice(7)}`]);
      const sum = await runOk("sha256sum", [path.join(dir, "blobs/sha256", layer.digest.slice(7))]);
      assert.equal(`sha256:${sum.stdout.split(" ")[0]}`, layer.digest, "the layer in the tar is the registry's");
      fs.rmSync(dir, { recursive: true, force: true });
      // the fill (a second download of the layer, piped into the edge cache) ends after the client's answer
      let again;
      let fromCache = false;
      for (let i = 0; i < 20 && !fromCache; i++) {
        await sleep(500);
        const before = stack.hub.cdnLog.length;
        again = await run("sh", ["-c", `curl -fsS '${url}' | sha256sum`], { timeoutMs: 120_000 });
        fromCache = stack.hub.cdnLog.length === before;
      }
      assert.ok(fromCache, "a download after the fill makes no CDN download");
      assert.equal(again.stdout.split(" ")[0], (await runOk("sha256sum", [file])).stdout.split(" ")[0], "the same archive");
      fs.rmSync(file);
    } finally {
      inspector.close?.();
      await w.stop();
    }
  });
});
