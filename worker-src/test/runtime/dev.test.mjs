// README's first command: scripts/dev runs the mirror with wrangler dev (building the Java itself), here
// pointed at the tests' registry with --upstream/--auth, and a real client pulls through it.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { curl } from "./lib/curl.mjs";
import { canConnect, freePort, runOk, sleep } from "./lib/proc.mjs";
import { startStack } from "./lib/stack.mjs";

const ROOT = path.resolve(import.meta.dirname, "../../..");
let stack;
let dev;
let port;
let log = "";

before(async () => {
  stack = await startStack();
  port = await freePort();
  // its own process group, so that wrangler and the workerd it starts stop together
  dev = spawn(path.join(ROOT, "scripts/dev"), ["--port", String(port), "--upstream", stack.hub.registry, "--auth", stack.hub.auth], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  dev.stdout.on("data", (d) => (log += d));
  dev.stderr.on("data", (d) => (log += d));
  const deadline = Date.now() + 120_000;
  while (!(await canConnect(port))) {
    if (dev.exitCode !== null || Date.now() > deadline) throw new Error(`scripts/dev did not come up:\n${log}`);
    await sleep(200);
  }
});
after(async () => {
  if (dev && dev.exitCode === null) {
    const exited = new Promise((r) => dev.on("exit", r));
    process.kill(-dev.pid, "SIGTERM");
    const t = setTimeout(() => process.kill(-dev.pid, "SIGKILL"), 10_000);
    await exited;
    clearTimeout(t);
  }
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
