// README's first command: scripts/dev runs the mirror with wrangler dev (building the Java itself), here
// pointed at the tests' registry with --upstream/--auth, and a real client pulls through it.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, test } from "node:test";
import { curl } from "./lib/curl.mjs";
import { startDaemon } from "./lib/daemon.mjs";
import { canConnect, freePort, runOk, sleep } from "./lib/proc.mjs";
import { startStack } from "./lib/stack.mjs";

const ROOT = path.resolve(import.meta.dirname, "../../..");
let stack;
let dev;
let port;

before(async () => {
  stack = await startStack();
  port = await freePort();
  // wrangler and the workerd it starts stop together
  // its own local state (bucket and cache), and an image to pre-warm
  dev = await startDaemon("scripts/dev", path.join(ROOT, "scripts/dev"), ["--port", String(port), "--upstream", stack.hub.registry, "--auth", stack.hub.auth,
    "--persist-to", path.join(stack.workDir, "dev-state"), "--prewarm", "library/hello-plus:1"],
    { cwd: ROOT, waitMs: 120_000, ready: () => canConnect(port) });
});
after(async () => {
  await dev?.stop();
  await stack?.stop();
});

test("scripts/dev serves the page with its own host, not the custom domain", async () => {
  const res = await curl(`http://127.0.0.1:${port}/`, { headers: { accept: "text/html" } });
  assert.equal(res.status, 200);
  assert.ok(res.body.includes(`docker pull 127.0.0.1:${port}/library/nginx`), "host of the request, not docker.example.com");
});

test("skopeo pulls through scripts/dev from the upstream given with --upstream/--auth", async () => {
  const r = await runOk("skopeo", ["inspect", "--tls-verify=false", `docker://127.0.0.1:${port}/library/hello:1`]);
  assert.equal(JSON.parse(r.stdout).Digest, stack.images.hello.digest);
  const challenge = await curl(`http://127.0.0.1:${port}/v2/`);
  assert.match(challenge.headers["www-authenticate"], new RegExp(`realm="http://127.0.0.1:${port}/token"`));
});

test("scripts/dev serves with the Workers Cache API working: a second pull is a hit, the CDN sees no download for it", async () => {
  const layer = stack.images.hello.manifest.layers[1];
  const url = `http://127.0.0.1:${port}/v2/library/hello/blobs/${layer.digest}`;
  const first = await curl(url);
  assert.equal(first.status, 200);
  assert.equal(first.headers["x-cache"], "MISS");
  // the fill (a second download, piped into the cache) completes in waitUntil after the answer: give it a moment
  let second = await curl(url, { method: "HEAD" });
  for (let i = 0; i < 30 && second.headers["x-cache"] !== "HIT"; i++) {
    await sleep(100);
    second = await curl(url, { method: "HEAD" });
  }
  const mark = stack.hub.cdnLog.length;
  second = await curl(url);
  assert.equal(second.status, 200);
  assert.equal(second.headers["x-cache"], "HIT");
  assert.equal(Number(second.headers["content-length"]), layer.size);
  assert.deepEqual(stack.hub.cdnLog.slice(mark), [], "no download from the CDN");
  const tag = `http://127.0.0.1:${port}/v2/library/hello/manifests/1`;
  const accept = { accept: "application/vnd.docker.distribution.manifest.v2+json" };
  assert.equal((await curl(tag, { headers: accept })).status, 200);
  let again = await curl(tag, { headers: accept });
  for (let i = 0; i < 30 && again.headers["x-cache"] !== "HIT"; i++) {
    await sleep(100);
    again = await curl(tag, { headers: accept });
  }
  assert.equal(again.headers["x-cache"], "HIT", "the tag's manifest, from the cache");
  assert.equal(again.headers["docker-content-digest"], stack.images.hello.digest);
});

test("scripts/dev pre-warms the local bucket on a scheduled run (GET /__scheduled): the first pull of the listed image then makes no CDN download", async () => {
  const triggered = await curl(`http://127.0.0.1:${port}/__scheduled?cron=${encodeURIComponent("*/30 * * * *")}`);
  assert.equal(triggered.status, 200, triggered.body);
  let line;
  for (let i = 0; i < 150 && !line; i++) {
    line = dev.log().split("\n").map((l) => l.slice(l.indexOf("{"))).filter((l) => l.includes('"kind":"prewarm"')).map((l) => JSON.parse(l))[0];
    if (!line) await sleep(200);
  }
  assert.ok(line, "the run's log line");
  assert.deepEqual(line.left, [], JSON.stringify(line));
  assert.ok(line.copied >= 3, `the manifest, the config and hello-plus's own layer at least: ${JSON.stringify(line)}`);
  const mark = stack.hub.cdnLog.length;
  const out = path.join(stack.workDir, "dev-prewarmed");
  await runOk("skopeo", ["copy", "--src-tls-verify=false", `docker://127.0.0.1:${port}/library/hello-plus:1`, `oci:${out}:x`]);
  assert.deepEqual(stack.hub.cdnLog.slice(mark), [], "no CDN download: every blob came from the local bucket");
});
