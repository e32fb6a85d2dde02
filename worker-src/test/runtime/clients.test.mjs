// Real clients (skopeo, podman) pull through the worker while they cannot reach the upstream's
// registry, token service or CDN: the mirror alone must be enough.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyAndVerify as copyOf, sha256File } from "./lib/copy.mjs";
import { curl } from "./lib/curl.mjs";
import { SERVICE } from "./lib/hub.mjs";
import { isolate } from "./lib/isolation.mjs";
import { run, succeeded } from "./lib/proc.mjs";
import { startStack } from "./lib/stack.mjs";
import { DIST, rssKb, startWorker } from "./lib/workerd.mjs";
import { inlineTextModules } from "../../../scripts/package.mjs";

let stack;
let client;
let W; // host:port of the worker

before(async () => {
  stack = await startStack({ big: true });
  W = `127.0.0.1:${stack.worker.port}`;
  client = await isolate([stack.hub.registryPort, stack.hub.tokenPort, stack.hub.cdnPort]);
});
after(async () => {
  await client?.release();
  await stack?.stop();
});

const ok = succeeded;
const copyAndVerify = (source, extra) => copyOf(client, stack.workDir, source, extra);

describe("the isolation itself", () => {
  test("the client group cannot reach registry, token service or CDN, but reaches the worker", async () => {
    for (const port of [stack.hub.registryPort, stack.hub.tokenPort, stack.hub.cdnPort]) {
      const r = await client.run("curl", ["-sS", "-m", "5", `http://127.0.0.1:${port}/`]);
      assert.notEqual(r.code, 0, `port ${port} must be unreachable`);
    }
    const r = await client.run("curl", ["-sS", "-m", "5", "-o", "/dev/null", "-w", "%{http_code}", `http://${W}/v2/`]);
    assert.equal(r.stdout, "401");
  });
});

describe("skopeo", () => {
  test("inspect shows the pushed digest", async () => {
    const r = await ok(client.run("skopeo", ["inspect", "--tls-verify=false", `docker://${W}/library/hello:1`]));
    assert.equal(JSON.parse(r.stdout).Digest, stack.images.hello.digest);
  });

  test("copy of library/hello: every layer's digest verifies", async () => {
    const { manifest } = await copyAndVerify(`docker://${W}/library/hello:1`);
    assert.equal(manifest.layers.length, 2);
  });

  test("copy by short name (hello → library/hello)", async () => {
    await copyAndVerify(`docker://${W}/hello:1`);
  });

  test("an image outside library/", async () => {
    await copyAndVerify(`docker://${W}/team/tool:1`);
  });

  for (const [tag, kind] of [["oci", "OCI image index"], ["docker", "Docker manifest list"]]) {
    test(`${kind}: amd64 by default, arm64 with --override-arch`, async () => {
      const raw = JSON.parse((await ok(client.run("skopeo", ["inspect", "--raw", "--tls-verify=false", `docker://${W}/library/multi:${tag}`]))).stdout);
      assert.deepEqual(raw.manifests.map((m) => m.platform.architecture), ["amd64", "arm64"]);
      const amd = await copyAndVerify(`docker://${W}/library/multi:${tag}`, ["--override-arch", "amd64"]);
      assert.equal(amd.config.architecture, "amd64");
      const arm = await copyAndVerify(`docker://${W}/library/multi:${tag}`, ["--override-arch", "arm64"]);
      assert.equal(arm.config.architecture, "arm64");
    });
  }

  test("a private image with credentials passed through the mirror's token endpoint", async () => {
    const denied = await client.run("skopeo", ["inspect", "--tls-verify=false", `docker://${W}/private/secret:1`]);
    assert.notEqual(denied.code, 0);
    await copyAndVerify(`docker://${W}/private/secret:1`, ["--src-creds", "reader:read-secret"]);
  });

  test("eight pulls in parallel all succeed", async () => {
    const sources = ["library/hello:1", "hello:1", "team/tool:1", "library/multi:oci", "library/multi:docker", "library/hello:1", "team/tool:1", "library/multi:oci"];
    const results = await Promise.all(sources.map((s) => copyAndVerify(`docker://${W}/${s}`).then(() => s)));
    assert.equal(results.length, 8);
  });
});

describe("podman (root, vfs storage)", () => {
  const podman = (root, args, env) =>
    client.run("podman", ["--root", path.join(root, "storage"), "--runroot", path.join(root, "run"), "--storage-driver", "vfs", "--events-backend", "file", "--cgroup-manager", "cgroupfs", ...args], { timeoutMs: 600_000, env: { ...process.env, ...env } });

  test("pull straight from the mirror", async () => {
    const root = fs.mkdtempSync(path.join(stack.workDir, "podman-"));
    await ok(podman(root, ["pull", "--tls-verify=false", `${W}/library/hello:1`]));
    const images = await ok(podman(root, ["images", "--digests", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}}"]));
    assert.match(images.stdout, new RegExp(`${W}/library/hello:1 ${stack.images.hello.digest}`));
  });

  test("pull docker.io/library/hello through a registries.conf mirror that points at the worker", async () => {
    const root = fs.mkdtempSync(path.join(stack.workDir, "podman-"));
    const conf = path.join(root, "registries.conf");
    fs.writeFileSync(conf, `unqualified-search-registries = ["docker.io"]

[[registry]]
prefix = "docker.io"
location = "docker.io"

[[registry.mirror]]
location = "${W}"
insecure = true
`);
    const mark = stack.hub.registryLog().length;
    await ok(podman(root, ["pull", "docker.io/library/hello:1"], { CONTAINERS_REGISTRIES_CONF: conf }));
    const images = await ok(podman(root, ["images", "--digests", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}}"]));
    assert.match(images.stdout, new RegExp(`docker.io/library/hello:1 ${stack.images.hello.digest}`));
    assert.ok(stack.hub.accessLines(mark).some((l) => l.includes("/v2/library/hello/manifests/1")), "served through the worker");
  });
});

describe("a 200 MB layer", () => {
  test("streams through the worker with flat memory; MB/s against the registry directly", async () => {
    const layer = stack.images.big.manifest.layers[0];
    assert.ok(layer.size >= 200 * 1024 * 1024);
    const t = JSON.parse((await curl(`http://${W}/token?service=${SERVICE}&scope=repository:library/big:pull`)).body).token;
    const speed = async (base) => {
      const r = await client.run("curl", ["-sS", "-L", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{speed_download}", "-H", `Authorization: Bearer ${t}`, `${base}/v2/library/big/blobs/${layer.digest}`], { timeoutMs: 300_000 });
      const [code, size, bps] = r.stdout.split(" ").map(Number);
      return { code, size, mbps: bps / 1e6, err: r.stderr };
    };
    const before = rssKb(stack.worker.pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssKb(stack.worker.pid))), 50);
    const viaWorker = await speed(`http://${W}`);
    clearInterval(sampler);
    assert.equal(viaWorker.code, 200, viaWorker.err);
    assert.equal(viaWorker.size, layer.size);
    // the direct run is the reference; it is not isolated (curl -L must follow the 307 itself, and
    // curl drops Authorization on a redirect to another port)
    // (with the upstream's own token: the mirror's anonymous one means nothing to the registry)
    const direct = JSON.parse((await curl(`${stack.hub.auth}/token?service=${SERVICE}&scope=repository:library/big:pull`)).body).token;
    const d = await run("curl", ["-sS", "-L", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{speed_download}", "-H", `Authorization: Bearer ${direct}`, `${stack.hub.registry}/v2/library/big/blobs/${layer.digest}`], { timeoutMs: 300_000 });
    const [dcode, dsize, dbps] = d.stdout.split(" ").map(Number);
    assert.equal(dcode, 200, d.stderr);
    assert.equal(dsize, layer.size);
    const growthMb = (peak - before) / 1024;
    const report = `200 MB layer: worker ${viaWorker.mbps.toFixed(0)} MB/s, registry direct ${(dbps / 1e6).toFixed(0)} MB/s (ratio ${(viaWorker.mbps / (dbps / 1e6)).toFixed(2)}); workerd RSS ${(before / 1024).toFixed(0)} MB before, peak ${(peak / 1024).toFixed(0)} MB (+${growthMb.toFixed(0)} MB)`;
    console.log(report);
    // the body is streamed, never buffered: a buffered layer would add 200 MB
    assert.ok(growthMb < 64, report);
  });

  test("skopeo copies it through the worker and its digest verifies", async () => {
    await copyAndVerify(`docker://${W}/library/big:1`);
  });

  test("a slow client (25 MB/s, so the stream waits on it) still gets every byte right", async () => {
    // the blob guard reuses its buffer once a piece has been handed on: backpressure must not corrupt it
    const layer = stack.images.big.manifest.layers[0];
    const t = JSON.parse((await curl(`http://${W}/token?service=${SERVICE}&scope=repository:library/big:pull`)).body).token;
    const file = path.join(stack.workDir, "slow-layer");
    await ok(client.run("curl", ["-sS", "--limit-rate", "25M", "-o", file, "-H", `Authorization: Bearer ${t}`, `http://${W}/v2/library/big/blobs/${layer.digest}`], { timeoutMs: 120_000 }));
    assert.equal(sha256File(file), layer.digest);
    fs.rmSync(file);
  });
});

describe("dist/hubmirror-worker.js (scripts/package): the one file, alone", () => {
  test("in workerd with nothing but it and two vars: skopeo copies an image through it, digests verified, and it serves its page", async () => {
    // what scripts/package writes: the bundle the other tests run (target/dist, wrangler's dry run), text inlined
    const dir = fs.mkdtempSync(path.join(stack.workDir, "one-file-"));
    fs.writeFileSync(path.join(dir, "hubmirror-worker.js"), inlineTextModules(DIST));
    assert.deepEqual(fs.readdirSync(dir), ["hubmirror-worker.js"]);
    assert.doesNotMatch(fs.readFileSync(path.join(dir, "hubmirror-worker.js"), "utf8"), /from\s*"\.\//, "no import of another module");
    const w = await startWorker({ workDir: stack.workDir, dist: dir, vars: { UPSTREAM_REGISTRY: stack.hub.registry, UPSTREAM_AUTH: stack.hub.auth } });
    try {
      const host = `127.0.0.1:${w.port}`;
      const { manifest } = await copyAndVerify(`docker://${host}/library/hello:1`);
      assert.deepEqual(manifest.layers.map((l) => l.digest), stack.images.hello.manifest.layers.map((l) => l.digest));
      const page = await curl(`http://${host}/`, { headers: { accept: "text/html" } });
      assert.equal(page.status, 200);
      assert.ok(page.body.includes(`docker pull ${host}/library/nginx`), "the home page, from the inlined template");
      assert.doesNotMatch(page.body, /\{\{/);
    } finally {
      await w.stop();
    }
  });
});
