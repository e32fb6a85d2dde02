// containerd (Debian's 1.6) and its ctr pull through the worker, cut off like the other clients from the
// upstream: directly (`ctr images pull --plain-http <mirror>/…`), and as a mirror of docker.io through a
// hosts.toml — containerd then sends no `GET /v2/` first, HEADs the manifest, and appends `?ns=docker.io`.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { startContainerd, writeHostsToml } from "./lib/containerd.mjs";
import { pushLabelled } from "./lib/images.mjs";
import { isolate } from "./lib/isolation.mjs";
import { runOk } from "./lib/proc.mjs";
import { startStack } from "./lib/stack.mjs";

let stack;
let client;
let W; // host:port of the worker
let dir;
let containerd;
const ctr = (args) => containerd.ctr(args);
const ok = (promise) => containerd.ok(promise);

before(async () => {
  stack = await startStack();
  W = `127.0.0.1:${stack.worker.port}`;
  client = await isolate([stack.hub.registryPort, stack.hub.tokenPort, stack.hub.cdnPort]);
  dir = fs.mkdtempSync(path.join(stack.workDir, "containerd-"));
  writeHostsToml(path.join(dir, "hosts"), "docker.io", "https://registry-1.docker.io", `http://${W}`);
  containerd = await startContainerd(dir, client);
});

after(async () => {
  await containerd?.stop();
  await client?.release();
  await stack?.stop();
});

test("ctr images pull --plain-http <mirror>/library/hello:1, unpacked", async () => {
  await ok(ctr(["images", "pull", "--plain-http", "--snapshotter", "native", `${W}/library/hello:1`]));
  const list = await ok(ctr(["images", "ls", "-q"]));
  assert.match(list.stdout, new RegExp(`^${W}/library/hello:1$`, "m"));
});

test("docker.io/library/multi:docker (a manifest list) through a hosts.toml mirror: HEAD first, no /v2/ probe, ns not passed on", async () => {
  const mark = stack.hub.registryLog().length;
  await ok(ctr(["images", "pull", "--hosts-dir", `${dir}/hosts`, "--snapshotter", "native", "docker.io/library/multi:docker"]));
  const list = await ok(ctr(["images", "ls", "-q"]));
  assert.match(list.stdout, /^docker\.io\/library\/multi:docker$/m);
  // the registry's access log, as the mirror's requests reached it
  const lines = stack.hub.accessLines(mark);
  assert.ok(lines.length >= 3, lines.join("\n"));
  // containerd sent ?ns=docker.io (the mirror reads it, see upstreams.test.mjs); the upstream never sees it
  assert.equal(lines[0], "HEAD /v2/library/multi/manifests/docker");
  assert.ok(lines.some((l) => l.startsWith("GET /v2/library/multi/blobs/")), "layers came through the mirror");
  assert.ok(!lines.some((l) => /^GET \/v2\/(\?|$)/.test(l)), "no GET /v2/ probe");
  assert.ok(lines.every((l) => !l.includes("ns=")), lines.join("\n"));
});

test("an OCI index by tag resolves to this platform's image", async () => {
  await ok(ctr(["images", "pull", "--hosts-dir", `${dir}/hosts`, "--snapshotter", "native", "docker.io/library/multi:oci"]));
});

test("GET /download (#22): ctr images import reads the archive, names the image as asked and unpacks it; its digest is the registry's", async () => {
  const pushed = await pushLabelled(stack.workDir, `127.0.0.1:${stack.hub.registryPort}`, "library/imported", "1", "download-ctr");
  const file = path.join(dir, "imported.tar");
  await runOk("curl", ["-fsS", "-o", file, `http://${W}/download/imported:1`]);
  await ok(ctr(["images", "import", "--snapshotter", "native", file]));
  const list = await ok(ctr(["images", "ls"]));
  const line = list.stdout.split("\n").find((l) => l.startsWith("docker.io/library/imported:1 "));
  assert.ok(line, list.stdout);
  assert.ok(line.includes(pushed.digest), `the registry's manifest digest: ${line}`);
  await ok(ctr(["images", "check"]));
});
