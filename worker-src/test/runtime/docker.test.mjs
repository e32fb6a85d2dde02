// The real docker CLI and dockerd (Debian's docker.io 20.10) pull through the worker, cut off like the
// other clients from the upstream's registry, token service and CDN: `docker pull <mirror>/…`,
// `registry-mirrors` with a plain `docker pull hello`, and `docker login <mirror>` for a private image.
// dockerd runs as root with its own data/exec roots and socket, vfs storage, no bridge, no iptables.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { curl } from "./lib/curl.mjs";
import { startDockerd } from "./lib/dockerd.mjs";
import { SERVICE } from "./lib/hub.mjs";
import { pushLabelled, pushRunnable } from "./lib/images.mjs";
import { startMiniflare } from "./lib/miniflare.mjs";
import { freePort, runOk, sleep } from "./lib/proc.mjs";
import { startSearchApi } from "./lib/search.mjs";
import { isolate } from "./lib/isolation.mjs";
import { startStack } from "./lib/stack.mjs";

let stack;
let client;
let W; // host:port of the worker
let dir;
let dockerd;
const docker = (args, opts) => dockerd.docker(args, opts);
const ok = (promise) => dockerd.ok(promise);

before(async () => {
  stack = await startStack();
  W = `127.0.0.1:${stack.worker.port}`;
  client = await isolate([stack.hub.registryPort, stack.hub.tokenPort, stack.hub.cdnPort]);
  dir = fs.mkdtempSync(path.join(stack.workDir, "docker-"));
  // the daemon is the client that pulls: it runs in the isolated group too
  dockerd = await startDockerd(dir, client, { registryMirror: `http://${W}` });
});

after(async () => {
  await dockerd?.stop();
  await client?.release();
  await stack?.stop();
});

test("docker pull <mirror>/library/hello:1, and the image's files are the pushed ones", async () => {
  await ok(docker(["pull", `${W}/library/hello:1`]));
  const digests = await ok(docker(["image", "inspect", "--format", "{{json .RepoDigests}}", `${W}/library/hello:1`]));
  assert.match(digests.stdout, new RegExp(`${W}/library/hello@sha256:[0-9a-f]{64}`));
  const id = (await ok(docker(["create", `${W}/library/hello:1`]))).stdout.trim();
  const motd = await ok(docker(["cp", `${id}:/etc/motd`, "-"]));
  assert.match(motd.stdout, /pulled through the mirror/);
  await ok(docker(["rm", id]));
});

test("docker pull by short name: <mirror>/hello:1 is library/hello", async () => {
  await ok(docker(["pull", `${W}/hello:1`]));
});

test("registry-mirrors: a plain `docker pull hello:1` goes through the mirror (Docker Hub unreachable)", async () => {
  await ok(docker(["pull", "hello:1"]));
  const images = await ok(docker(["images", "--format", "{{.Repository}}:{{.Tag}}"]));
  assert.match(images.stdout, /^hello:1$/m);
});

test("docker login <mirror> with an upstream account pulls a private image; without it, denied", async () => {
  const denied = await docker(["pull", `${W}/private/secret:1`]);
  assert.notEqual(denied.code, 0, "anonymous pull of a private image must fail");
  const wrong = await docker(["login", W, "-u", "reader", "--password-stdin"], { input: "wrong\n" });
  assert.notEqual(wrong.code, 0, "a wrong password is refused");
  const login = await ok(docker(["login", W, "-u", "reader", "--password-stdin"], { input: "read-secret\n" }));
  assert.match(login.stdout, /Login Succeeded/);
  await ok(docker(["pull", `${W}/private/secret:1`]));
  await ok(docker(["logout", W]));
});

test("docker search <mirror>/redis: Docker Hub's search through the mirror (a local stand-in for its API)", async () => {
  const api = await startSearchApi();
  try {
    const w = await stack.extraWorker({ SEARCH_API: api.url });
    const host = w.url.slice("http://".length);
    const r = await ok(docker(["search", "--format", "{{.Name}} {{.StarCount}} {{.IsOfficial}}", `${host}/redis`]));
    const lines = r.stdout.trim().split("\n");
    assert.deepEqual(lines.map((l) => l.split(" ")[0].replace(`${host}/`, "")), ["library/redis", "bitnami/redis", "redis/redis-stack"]);
    assert.match(lines[0], / 100 \[OK\]$|100 true$/);
    assert.equal(api.seen.at(-1).q, "redis");
  } finally {
    await api.close();
  }
});

test("docker login <mirror> as a mirror user (MIRROR_USERS): a wrong password refused, then a pull", async () => {
  const w = await stack.extraWorker({ MIRROR_USERS: "alice:alice-Secret-1", TOKEN_SECRET: "docker-test-secret-0123456789" });
  const host = w.url.slice("http://".length);
  const anon = await docker(["pull", `${host}/library/hello:1`]);
  assert.notEqual(anon.code, 0);
  assert.match(anon.stderr, /log in to this mirror|unauthorized/);
  const wrong = await docker(["login", host, "-u", "alice", "--password-stdin"], { input: "wrong\n" });
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.stderr, /incorrect username or password|unauthorized/);
  await ok(docker(["login", host, "-u", "alice", "--password-stdin"], { input: "alice-Secret-1\n" }));
  await ok(docker(["pull", `${host}/library/hello:1`]));
  await ok(docker(["logout", host]));
});

test("docker pull of a denied image prints the operator's DENY_MESSAGE as is", async () => {
  const message = "This image is not on the allowlist of this mirror.";
  const w = await stack.extraWorker({ ALLOW_IMAGES: "docker.io/library/hello", DENY_MESSAGE: message });
  const host = w.url.slice("http://".length);
  const refused = await docker(["pull", `${host}/team/tool:1`]);
  assert.notEqual(refused.code, 0);
  assert.ok(refused.stderr.includes(message), refused.stderr);
  await ok(docker(["pull", `${host}/library/hello:1`]));
});

test("the R2 content tier: after the edge cache's state is removed, docker pull makes no CDN download and no manifest GET", async () => {
  // an image of its own, so that no layer of it is in the daemon already
  const image = await pushLabelled(stack.workDir, `127.0.0.1:${stack.hub.registryPort}`, "library/tiered", "1", "r2-docker");
  const persistDir = path.join(stack.workDir, "r2-docker");
  const port = await freePort();
  const vars = { UPSTREAM_REGISTRY: stack.hub.registry, UPSTREAM_AUTH: stack.hub.auth };
  const start = () => startMiniflare({ workDir: stack.workDir, vars, r2Buckets: ["CONTENT_BUCKET"], persistDir, port });
  const host = `127.0.0.1:${port}`;
  let w = await start();
  try {
    await ok(docker(["pull", `${host}/library/tiered:1`]));
    const token = JSON.parse((await curl(`${w.url}/token?service=${SERVICE}&scope=repository:library/tiered:pull`)).body).token;
    for (const blob of [image.manifest.config, ...image.manifest.layers]) {
      let cache;
      for (let i = 0; i < 150 && cache !== "HIT"; i++) {
        if (i > 0) await sleep(200);
        cache = (await curl(`${w.url}/v2/library/tiered/blobs/${blob.digest}`, { method: "HEAD", headers: { authorization: `Bearer ${token}` } })).headers["x-cache"];
      }
      assert.equal(cache, "HIT", `${blob.digest} filled (into R2, then the edge cache from there)`);
    }
  } finally {
    await w.stop();
  }
  await ok(docker(["rmi", `${host}/library/tiered:1`]));
  fs.rmSync(path.join(persistDir, "cache"), { recursive: true, force: true });
  w = await start();
  try {
    const [cdnMark, registryMark] = [stack.hub.cdnLog.length, stack.hub.registryLog().length];
    await ok(docker(["pull", `${host}/library/tiered:1`]));
    const id = (await ok(docker(["create", `${host}/library/tiered:1`]))).stdout.trim();
    assert.match((await ok(docker(["cp", `${id}:/etc/origin`, "-"]))).stdout, /r2-docker/);
    await ok(docker(["rm", id]));
    assert.deepEqual(stack.hub.cdnLog.slice(cdnMark).filter((e) => /\/data$/.test(e.path)), [], "no blob from the CDN");
    const lines = stack.hub.accessLines(registryMark);
    assert.deepEqual(lines.filter((l) => l.startsWith("GET ") && l.includes("/manifests/")), [], `no manifest GET: ${lines}`);
  } finally {
    await w.stop();
  }
});

test("GET /download/<image> (#22): docker load -i the file, and curl | docker load, load the image under the name asked for; skopeo reads it as a docker-archive", async () => {
  await pushLabelled(stack.workDir, `127.0.0.1:${stack.hub.registryPort}`, "library/saved", "1", "download-docker");
  const file = path.join(dir, "saved.tar");
  const head = path.join(dir, "saved.head");
  await runOk("curl", ["-fsS", "-D", head, "-o", file, `http://${W}/download/saved:1`]);
  const length = /content-length: (\d+)/i.exec(fs.readFileSync(head, "utf8"))?.[1];
  assert.equal(fs.statSync(file).size, Number(length), "the length announced is the length sent");
  const loaded = await ok(docker(["load", "-i", file]));
  assert.match(loaded.stdout, /Loaded image: saved:1/);
  const id = (await ok(docker(["create", "saved:1"]))).stdout.trim();
  assert.match((await ok(docker(["cp", `${id}:/etc/origin`, "-"]))).stdout, /download-docker/);
  await ok(docker(["rm", id]));
  await ok(docker(["rmi", "saved:1"]));
  const piped = await ok(docker(["load"], { input: fs.readFileSync(file) }));
  assert.match(piped.stdout, /Loaded image: saved:1/);
  // a broken download resumed with curl -C - (Range from where the file ends) is the same archive
  const resumed = path.join(dir, "resumed.tar");
  fs.writeFileSync(resumed, fs.readFileSync(file).subarray(0, 100_000));
  await runOk("curl", ["-fsS", "-C", "-", "-o", resumed, `http://${W}/download/saved:1`]);
  assert.ok(fs.readFileSync(resumed).equals(fs.readFileSync(file)), "resumed from byte 100000, the same bytes");
  const out = path.join(dir, "saved-oci");
  await runOk("skopeo", ["copy", `docker-archive:${file}`, `oci:${out}:x`]);
  assert.ok(fs.existsSync(path.join(out, "index.json")));
});

test("GET /download (#22): the loaded image is the registry's (its ID the config digest) and runs; podman load and skopeo's docker-archive and oci-archive read the same file; an index's arm64 image", async () => {
  const pushed = await pushRunnable(stack.workDir, `127.0.0.1:${stack.hub.registryPort}`, "library/runnable", "1", "download-run");
  const file = path.join(dir, "runnable.tar");
  await runOk("curl", ["-fsS", "-o", file, `http://${W}/download/runnable:1`]);
  assert.match((await ok(docker(["load", "-i", file]))).stdout, /Loaded image: runnable:1/);
  const id = (await ok(docker(["image", "inspect", "--format", "{{.Id}}", "runnable:1"]))).stdout.trim();
  assert.equal(id, pushed.manifest.config.digest, "the image ID is the registry's config digest");
  const ran = await ok(docker(["run", "--rm", "--network", "none", "runnable:1"]));
  assert.equal(ran.stdout.trim(), "ran download-run");
  // podman (its own storage), as root, no registry involved
  const root = fs.mkdtempSync(path.join(stack.workDir, "podman-load-"));
  const podman = (args) => runOk("podman", ["--root", path.join(root, "storage"), "--runroot", path.join(root, "run"), "--storage-driver", "vfs",
    "--events-backend", "file", "--cgroup-manager", "cgroupfs", ...args], { timeoutMs: 300_000 });
  assert.match((await podman(["load", "-i", file])).stdout, /Loaded image: docker\.io\/library\/runnable:1/);
  const podmanId = (await podman(["image", "inspect", "--format", "{{.Id}}", "docker.io/library/runnable:1"])).stdout.trim();
  assert.equal(`sha256:${podmanId}`, pushed.manifest.config.digest);
  for (const transport of ["docker-archive", "oci-archive"]) {
    const inspected = JSON.parse((await runOk("skopeo", ["inspect", "--raw", `${transport}:${file}`])).stdout);
    assert.equal(inspected.config.digest, pushed.manifest.config.digest, transport);
    assert.equal(inspected.layers.length, 2, transport);
  }
  // an OCI archive's manifest is the registry's, byte for byte: its layers as the registry serves them
  const oci = JSON.parse((await runOk("skopeo", ["inspect", "--raw", `oci-archive:${file}`])).stdout);
  assert.deepEqual(oci.layers.map((l) => l.digest), pushed.manifest.layers.map((l) => l.digest));
  // an index resolved to linux/arm64: that platform's image
  const arm = path.join(dir, "multi-arm64.tar");
  await runOk("curl", ["-fsS", "-o", arm, `http://${W}/download/library/multi:oci?platform=linux/arm64`]);
  const config = JSON.parse((await runOk("skopeo", ["inspect", "--config", `docker-archive:${arm}`])).stdout);
  assert.equal(config.architecture, "arm64");
  assert.equal(JSON.parse((await runOk("skopeo", ["inspect", `oci-archive:${arm}`])).stdout).Architecture, "arm64");
});
