// Every registry through one domain (#11). Four upstreams, each a real CNCF distribution registry in the
// shape of the one it stands for: Docker Hub (token service on its own host, CDN redirects), a ghcr.io-like
// one (token service at /token of the registry's own address), an mcr-like one (no token at all), and a
// registry.k8s.io-like front that answers /v2/ itself and 307s every pull to a second registry with its own
// token service (Artifact Registry), by way of a relative Location for blobs. The worker runs in Miniflare
// (the cache is per upstream); clients are isolated from every upstream port.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyAndVerify as copyOf } from "./lib/copy.mjs";
import { curl, registryError } from "./lib/curl.mjs";
import { startDaemon } from "./lib/daemon.mjs";
import { SERVICE, startHub } from "./lib/hub.mjs";
import { MEDIA, pushLabelled } from "./lib/images.mjs";
import { isolate } from "./lib/isolation.mjs";
import { startK8sFront } from "./lib/k8s.mjs";
import { startMiniflare } from "./lib/miniflare.mjs";
import { freePort, succeeded } from "./lib/proc.mjs";

const ACCEPT = [MEDIA.ociManifest, MEDIA.ociIndex, MEDIA.dockerManifest, MEDIA.dockerList].join(", ");
const K8S_PREFIX = "k8s-artifacts-prod/images/";

let workDir;
let hub, ghcr, mcr, pkg, k8s;
const k8sLog = [];
let k8sPort;
let worker;
let W; // host:port of the worker
let client;
const images = {};
const stoppers = [];

/** The upstreams as the tests name them: image reference without the registry, and where to look for it. */
const UPSTREAMS = () => ({
  "ghcr.io": { image: images.ghcr, ref: "owner/app:1" },
  "mcr.microsoft.com": { image: images.mcr, ref: "dotnet/runtime:8.0" },
  "registry.k8s.io": { image: images.k8s, ref: "pause:3.9" },
});

function upstreamsVar(overrides = {}) {
  return JSON.stringify({
    "ghcr.io": { registry: ghcr.registry, auth: [ghcr.realm] },
    "mcr.microsoft.com": { registry: mcr.registry },
    "registry.k8s.io": { registry: `http://127.0.0.1:${k8sPort}`, auth: [pkg.realm] },
    "quay.io": null,
    ...overrides,
  });
}

async function startWorker(vars = {}) {
  const w = await startMiniflare({ workDir, vars: { UPSTREAM_REGISTRY: hub.registry, UPSTREAM_AUTH: hub.auth, UPSTREAMS: upstreamsVar(), ...vars } });
  stoppers.unshift(() => w.stop());
  return w;
}

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-upstreams-"));
  const sub = (name) => path.join(workDir, name);
  hub = await startHub(sub("hub"));
  stoppers.push(() => hub.stop());
  ghcr = await startHub(sub("ghcr"), { service: "ghcr.test", tokenOnRegistryHost: true });
  stoppers.push(() => ghcr.stop());
  mcr = await startHub(sub("mcr"), { auth: false });
  stoppers.push(() => mcr.stop());
  pkg = await startHub(sub("pkg"), { service: "pkg.test" });
  stoppers.push(() => pkg.stop());
  k8sPort = await freePort();
  k8s = await startK8sFront(k8sPort, pkg.registry, K8S_PREFIX, k8sLog);
  stoppers.push(() => k8s.stop());
  const host = (h) => h.registry.slice("http://".length);
  images.hub = await pushLabelled(workDir, host(hub), "library/hello", "1", "dockerhub");
  images.ghcr = await pushLabelled(workDir, host(ghcr), "owner/app", "1", "ghcr");
  images.ghcrPrivate = await pushLabelled(workDir, host(ghcr), "private/app", "1", "ghcr-private");
  images.mcr = await pushLabelled(workDir, host(mcr), "dotnet/runtime", "8.0", "mcr");
  images.k8s = await pushLabelled(workDir, host(pkg), `${K8S_PREFIX}pause`, "3.9", "k8s");
  worker = await startWorker();
  W = `127.0.0.1:${worker.port}`;
  client = await isolate([...hub.ports, ...ghcr.ports, ...mcr.ports, ...pkg.ports, k8sPort]);
});

after(async () => {
  await client?.release();
  for (const stop of stoppers) await stop().catch(() => {});
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

const copyAndVerify = (source, extra) => copyOf(client, workDir, source, extra);
const layerDigests = (manifest) => [manifest.config.digest, ...manifest.layers.map((l) => l.digest)];

describe("skopeo copy by path prefix: every blob verified", () => {
  for (const name of ["ghcr.io", "mcr.microsoft.com", "registry.k8s.io"]) {
    test(`docker://<mirror>/${name}/…`, async () => {
      const { image, ref } = UPSTREAMS()[name];
      const { manifest } = await copyAndVerify(`docker://${W}/${name}/${ref}`);
      assert.deepEqual(layerDigests(manifest), layerDigests(image.manifest), "the image of that upstream");
    });
  }

  test("ghcr-like: the mirror fetched its own anonymous token from the realm on the registry's host", async () => {
    const asked = ghcr.tokenLog.filter((e) => e.scopes.includes("repository:owner/app:pull"));
    assert.ok(asked.length >= 1);
    assert.ok(asked.every((e) => e.path === "/token" && e.user === null && e.service === "ghcr.test"));
    assert.ok(!hub.tokenLog.some((e) => e.scopes.some((s) => s.includes("owner/app"))), "Docker Hub's token service was not asked");
  });

  test("k8s-like: 307s followed (a relative one resolved), the second registry's challenge answered with its own realm's token", async () => {
    assert.ok(k8sLog.some((e) => e.url.startsWith("/v2/pause/manifests/3.9")));
    assert.ok(k8sLog.some((e) => e.url.startsWith("/artifacts/pause/blobs/sha256:")), "the relative Location was followed");
    assert.ok(k8sLog.every((e) => e.authorization === null), "no token goes to the front");
    const asked = pkg.tokenLog.filter((e) => e.scopes.includes(`repository:${K8S_PREFIX}pause:pull`));
    assert.ok(asked.length >= 1, JSON.stringify(pkg.tokenLog));
    assert.ok(asked.every((e) => e.user === null && e.service === "pkg.test"));
    assert.ok(pkg.accessLines().some((l) => l.startsWith(`GET /v2/${K8S_PREFIX}pause/blobs/`)));
  });

  test("mcr-like: no token anywhere", async () => {
    assert.ok(mcr.accessLines().some((l) => l === "GET /v2/dotnet/runtime/manifests/8.0" || l.startsWith("GET /v2/dotnet/runtime/manifests/")));
    assert.deepEqual(mcr.tokenLog, []);
  });
});
