// Every registry through one domain (#11). Four upstreams, each a real CNCF distribution registry in the
// shape of the one it stands for: Docker Hub (token service on its own host, CDN redirects), a ghcr.io-like
// one (token service at /token of the registry's own address), an mcr-like one (no token at all), and a
// registry.k8s.io-like front that answers /v2/ itself and 307s every pull to a second registry with its own
// token service (Artifact Registry), by way of a relative Location for blobs. The worker runs in Miniflare
// (the cache is per upstream); clients are isolated from every upstream port.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { copyAndVerify as copyOf } from "./lib/copy.mjs";
import { curl, registryError } from "./lib/curl.mjs";
import { startContainerd, writeHostsToml } from "./lib/containerd.mjs";
import { startDockerd } from "./lib/dockerd.mjs";
import { SERVICE, startHub } from "./lib/hub.mjs";
import { MEDIA, pushLabelled } from "./lib/images.mjs";
import { isolate } from "./lib/isolation.mjs";
import { startK8sFront } from "./lib/k8s.mjs";
import { startMiniflare } from "./lib/miniflare.mjs";
import { freePort, sleep, succeeded } from "./lib/proc.mjs";

const ACCEPT = [MEDIA.ociManifest, MEDIA.ociIndex, MEDIA.dockerManifest, MEDIA.dockerList].join(", ");
const K8S_PREFIX = "k8s-artifacts-prod/images/";

let workDir;
let hub, ghcr, mcr, pkg, k8s;
const k8sLog = [];
let k8sPort;
let worker;
let W; // host:port of the worker
let hostsFile; // an /etc/hosts for clients that reach the worker's subdomains by name
/** host:port of the worker's ghcr.io subdomain. */
const G = () => `ghcr.mirror.test:${worker.port}`;
/** curl options that reach the subdomain without DNS. */
const atG = (options = {}) => ({ ...options, extra: [...(options.extra ?? []), "--resolve", `${G()}:127.0.0.1`] });
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
  hostsFile = path.join(workDir, "hosts");
  fs.writeFileSync(hostsFile, "127.0.0.1 localhost\n127.0.0.1 ghcr.mirror.test\n");
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

describe("containerd: a hosts.toml per registry pointing at the mirror (the ns form)", () => {
  let dir;
  let containerd;
  const ctr = (args) => containerd.ctr(args);
  const ok = (promise) => containerd.ok(promise);

  before(async () => {
    dir = fs.mkdtempSync(path.join(workDir, "containerd-"));
    for (const name of ["docker.io", ...Object.keys(UPSTREAMS())]) {
      writeHostsToml(path.join(dir, "hosts"), name, `https://${name}`, `http://${W}`);
    }
    containerd = await startContainerd(dir, client);
  });
  after(async () => {
    await containerd?.stop();
  });

  for (const name of ["ghcr.io", "mcr.microsoft.com", "registry.k8s.io"]) {
    test(`ctr images pull ${name}/…`, async () => {
      const { image, ref } = UPSTREAMS()[name];
      const marks = { ghcr: ghcr.frontLog.length, mcr: mcr.accessLines().length, k8s: k8sLog.length };
      await ok(ctr(["images", "pull", "--hosts-dir", `${dir}/hosts`, "--snapshotter", "native", `${name}/${ref}`]));
      const list = await ok(ctr(["images", "ls"]));
      assert.match(list.stdout, new RegExp(`^${name}/${ref.replace(".", "\\.")}\\s.*${image.digest}`, "m"));
      // it came from that upstream: the stand-ins' own logs (the mirror never passes ns on)
      const seen = name === "ghcr.io" ? ghcr.frontLog.slice(marks.ghcr).map((e) => e.url)
        : name === "mcr.microsoft.com" ? mcr.accessLines().slice(marks.mcr) : k8sLog.slice(marks.k8s).map((e) => e.url);
      assert.ok(seen.length > 0, `${name} was asked`);
      assert.ok(seen.every((l) => !l.includes("ns=")), seen.join("\n"));
    });
  }

  test("override_path: a host of <mirror>/v2/ghcr.io is the whole path prefix", async () => {
    const hosts = path.join(dir, "hosts-override");
    writeHostsToml(hosts, "ghcr.io", "https://ghcr.io", `http://${W}/v2/ghcr.io`, "  override_path = true\n");
    await ok(ctr(["images", "rm", "ghcr.io/owner/app:1"]));
    await ok(ctr(["images", "pull", "--hosts-dir", hosts, "--snapshotter", "native", "ghcr.io/owner/app:1"]));
    const list = await ok(ctr(["images", "ls"]));
    assert.match(list.stdout, new RegExp(`^ghcr\\.io/owner/app:1\\s.*${images.ghcr.digest}`, "m"));
  });

  test("docker.io from the same containerd still goes to Docker Hub", async () => {
    await ok(ctr(["images", "pull", "--hosts-dir", `${dir}/hosts`, "--snapshotter", "native", "docker.io/library/hello:1"]));
    const list = await ok(ctr(["images", "ls"]));
    assert.match(list.stdout, new RegExp(`^docker\\.io/library/hello:1\\s.*${images.hub.digest}`, "m"));
  });
});

describe("podman: a registries.conf mirror with a path location (<mirror>/<registry>)", () => {
  const podmanArgs = (root, args) => ["--root", path.join(root, "storage"), "--runroot", path.join(root, "run"), "--storage-driver", "vfs", "--events-backend", "file", "--cgroup-manager", "cgroupfs", ...args];
  const podman = (root, args, env) => client.run("podman", podmanArgs(root, args), { timeoutMs: 600_000, env: { ...process.env, ...env } });
  /** podman that reaches the mirror's subdomains by name. */
  const podmanByName = (root, args) => client.runWithHosts(hostsFile, "podman", podmanArgs(root, args), { timeoutMs: 600_000 });

  test("podman login ghcr.<mirror>, then a private ghcr image; a login at <mirror> is Docker Hub's and never reaches ghcr.io", async () => {
    const root = fs.mkdtempSync(path.join(workDir, "podman-"));
    const authfile = ["--authfile", path.join(root, "auth.json")];
    const marks = { hub: hub.tokenLog.length, ghcr: ghcr.tokenLog.length, front: ghcr.frontLog.length };
    await succeeded(podmanByName(root, ["login", "--tls-verify=false", ...authfile, "-u", "reader", "-p", "read-secret", W]));
    const denied = await podmanByName(root, ["pull", "--tls-verify=false", ...authfile, `${W}/ghcr.io/private/app:1`]);
    assert.notEqual(denied.code, 0, "ghcr.io's private image: not with a login at the main host");
    assert.deepEqual(ghcr.tokenLog.slice(marks.ghcr).filter((e) => e.user), [], "ghcr.io's token service saw no login");
    for (const e of ghcr.frontLog.slice(marks.front)) assert.ok(!/^basic /i.test(String(e.authorization)), `Basic reached ghcr.io: ${e.url}`);
    const hubMark = hub.tokenLog.length;
    await succeeded(podmanByName(root, ["login", "--tls-verify=false", ...authfile, "-u", "reader", "-p", "read-secret", G()]));
    await succeeded(podmanByName(root, ["pull", "--tls-verify=false", ...authfile, `${G()}/private/app:1`]));
    const listed = await succeeded(podman(root, ["images", "--digests", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}}"]));
    assert.match(listed.stdout, new RegExp(`${G()}/private/app:1 ${images.ghcrPrivate.digest}`));
    assert.ok(ghcr.tokenLog.slice(marks.ghcr).some((e) => e.user === "reader" && e.scopes.includes("repository:private/app:pull")));
    assert.deepEqual(hub.tokenLog.slice(hubMark), [], "Docker Hub's token service saw nothing of the ghcr.io login");
  });

  for (const name of ["ghcr.io", "mcr.microsoft.com", "registry.k8s.io"]) {
    test(`podman pull ${name}/…`, async () => {
      const { image, ref } = UPSTREAMS()[name];
      const root = fs.mkdtempSync(path.join(workDir, "podman-"));
      const conf = path.join(root, "registries.conf");
      fs.writeFileSync(conf, `[[registry]]
prefix = "${name}"
location = "${name}"

[[registry.mirror]]
location = "${W}/${name}"
insecure = true
`);
      await succeeded(podman(root, ["pull", `${name}/${ref}`], { CONTAINERS_REGISTRIES_CONF: conf }));
      const listed = await succeeded(podman(root, ["images", "--digests", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}}"]));
      assert.match(listed.stdout, new RegExp(`${name}/${ref} ${image.digest}`));
    });
  }
});

describe("docker (dockerd): by path prefix, and logins per registry (subdomains)", () => {
  let dockerd;
  before(async () => {
    dockerd = await startDockerd(fs.mkdtempSync(path.join(workDir, "docker-")), client, { hostsFile });
  });
  after(async () => {
    await dockerd?.stop();
  });

  for (const name of ["ghcr.io", "mcr.microsoft.com", "registry.k8s.io"]) {
    test(`docker pull <mirror>/${name}/…`, async () => {
      const { image, ref } = UPSTREAMS()[name];
      await dockerd.ok(dockerd.docker(["pull", `${W}/${name}/${ref}`]));
      const digests = await dockerd.ok(dockerd.docker(["image", "inspect", "--format", "{{json .RepoDigests}}", `${W}/${name}/${ref}`]));
      assert.match(digests.stdout, new RegExp(`${W}/${name}/${ref.split(":")[0]}@${image.digest}`));
    });
  }

  test("docker login <mirror> is a Docker Hub login: <mirror>/ghcr.io/private/app stays denied, and ghcr.io never sees the credentials", async () => {
    const marks = { hub: hub.tokenLog.length, ghcr: ghcr.tokenLog.length, front: ghcr.frontLog.length };
    await dockerd.ok(dockerd.docker(["login", W, "-u", "reader", "--password-stdin"], { input: "read-secret\n" }));
    assert.ok(hub.tokenLog.slice(marks.hub).some((e) => e.user === "reader"), "the login went to Docker Hub's token service");
    const denied = await dockerd.docker(["pull", `${W}/ghcr.io/private/app:1`]);
    assert.notEqual(denied.code, 0, "ghcr.io's private image: not with Docker Hub credentials");
    assert.deepEqual(ghcr.tokenLog.slice(marks.ghcr).filter((e) => e.user), [], "ghcr.io's token service saw no login");
    for (const e of ghcr.frontLog.slice(marks.front)) {
      assert.ok(!/^basic /i.test(String(e.authorization)), `Basic credentials reached ghcr.io: ${e.url}`);
    }
    await dockerd.ok(dockerd.docker(["logout", W]));
  });

  test("docker login ghcr.<mirror> with GitHub credentials, then a private ghcr image: the login reaches ghcr.io only", async () => {
    const marks = { hub: hub.tokenLog.length, ghcr: ghcr.tokenLog.length, front: ghcr.frontLog.length };
    const denied = await dockerd.docker(["pull", `${G()}/private/app:1`]);
    assert.notEqual(denied.code, 0, "anonymous: refused");
    await dockerd.ok(dockerd.docker(["login", G(), "-u", "reader", "--password-stdin"], { input: "read-secret\n" }));
    await dockerd.ok(dockerd.docker(["pull", `${G()}/private/app:1`]));
    const digests = await dockerd.ok(dockerd.docker(["image", "inspect", "--format", "{{json .RepoDigests}}", `${G()}/private/app:1`]));
    assert.match(digests.stdout, new RegExp(`${G()}/private/app@${images.ghcrPrivate.digest}`));
    const asked = ghcr.tokenLog.slice(marks.ghcr).filter((e) => e.user === "reader");
    assert.ok(asked.some((e) => e.scopes.includes("repository:private/app:pull") && e.service === "ghcr.test"), JSON.stringify(asked));
    assert.deepEqual(hub.tokenLog.slice(marks.hub), [], "Docker Hub's token service saw nothing of it");
    await dockerd.ok(dockerd.docker(["logout", G()]));
  });
});

describe("subdomains: <label>.<domain> names the registry by its Host", () => {
  for (const [label, name] of [["ghcr", "ghcr.io"], ["mcr", "mcr.microsoft.com"], ["k8s", "registry.k8s.io"]]) {
    test(`${label}.mirror.test`, async () => {
      const { image, ref } = UPSTREAMS()[name];
      const [repo, tag] = ref.split(":");
      const host = `${label}.mirror.test:${worker.port}`;
      const res = await curl(`http://${host}/v2/${repo}/manifests/${tag}`, { headers: { accept: ACCEPT }, extra: ["--resolve", `${host}:127.0.0.1`] });
      assert.equal(res.status, 200, res.body);
      assert.equal(res.headers["docker-content-digest"], image.digest);
      const blob = image.manifest.layers[0].digest;
      const b = await curl(`http://${host}/v2/${repo}/blobs/${blob}`, { method: "HEAD", extra: ["--resolve", `${host}:127.0.0.1`] });
      assert.equal(b.status, 200);
    });
  }

  test("the subdomain's challenge names its own realm on that host", async () => {
    const host = `ghcr.mirror.test:${worker.port}`;
    const res = await curl(`http://${host}/v2/`, { extra: ["--resolve", `${host}:127.0.0.1`] });
    assert.equal(res.status, 401);
    assert.equal(res.headers["www-authenticate"], `Bearer realm="http://${host}/token/ghcr.io",service="ghcr.test"`);
  });
});

const basic = (user, password) => ({ authorization: "Basic " + Buffer.from(`${user}:${password}`).toString("base64") });

describe("auth per upstream", () => {
  test("skopeo with credentials at ghcr.<mirror>: a private ghcr image; the credentials go to ghcr's token service only, its token to ghcr only", async () => {
    const marks = { hub: hub.tokenLog.length, ghcr: ghcr.tokenLog.length };
    const byName = { run: (cmd, args, opts) => client.runWithHosts(hostsFile, cmd, args, opts) };
    const { manifest } = await copyOf(byName, workDir, `docker://${G()}/private/app:1`, ["--src-creds", "reader:read-secret"]);
    assert.deepEqual(layerDigests(manifest), layerDigests(images.ghcrPrivate.manifest));
    assert.ok(ghcr.tokenLog.slice(marks.ghcr).some((e) => e.user === "reader" && e.scopes.includes("repository:private/app:pull")));
    assert.deepEqual(hub.tokenLog.slice(marks.hub), [], "Docker Hub's token service saw nothing of it");
    const ghcrTokens = ghcr.tokenLog.filter((e) => e.user === "reader").map((e) => e.token);
    assert.ok(ghcr.frontLog.some((e) => ghcrTokens.some((t) => e.authorization === `Bearer ${t}`)), "ghcr got its token, unwrapped");
  });

  test("credentials given at the main host are Docker Hub's: by path prefix or ns they reach no other registry (skopeo, /token, curl -u)", async () => {
    const marks = { ghcr: ghcr.tokenLog.length, front: ghcr.frontLog.length, pkg: pkg.tokenLog.length, k8s: k8sLog.length };
    const dir = fs.mkdtempSync(path.join(workDir, "copy-"));
    const denied = await client.run("skopeo", ["copy", "--src-tls-verify=false", "--src-creds", "reader:read-secret", `docker://${W}/ghcr.io/private/app:1`, `dir:${dir}`]);
    assert.notEqual(denied.code, 0, "ghcr.io's private image: not with credentials given for Docker Hub");
    const token = await curl(`http://${W}/token/ghcr.io?service=ghcr.test&scope=repository:private/app:pull`, { headers: basic("reader", "read-secret") });
    assert.equal(token.status, 200, token.body);
    assert.equal(JSON.parse(token.body).token, "hubmirror-anonymous", "the mirror's anonymous token; nobody asked");
    const rerouted = await curl(`http://${W}/token?service=${SERVICE}&scope=repository:ghcr.io/private/app:pull`, { headers: basic("reader", "read-secret") });
    assert.equal(JSON.parse(rerouted.body).token, "hubmirror-anonymous", "Docker Hub's realm asked for a ghcr.io scope");
    for (const url of [`http://${W}/v2/registry.k8s.io/pause/manifests/3.9`, `http://${W}/v2/pause/manifests/3.9?ns=registry.k8s.io`,
      `http://${W}/v2/ghcr.io/owner/app/manifests/1`]) {
      const res = await curl(url, { headers: { ...basic("reader", "read-secret"), accept: ACCEPT } });
      assert.equal(res.status, 200, `${url}: pulled anonymously (${res.body})`);
    }
    assert.deepEqual(ghcr.tokenLog.slice(marks.ghcr).filter((e) => e.user), [], "ghcr.io's token service saw no login");
    assert.deepEqual(pkg.tokenLog.slice(marks.pkg).filter((e) => e.user), [], "nor registry.k8s.io's");
    const upstreamSaw = [...ghcr.frontLog.slice(marks.front), ...k8sLog.slice(marks.k8s)];
    assert.ok(upstreamSaw.length > 0, "the upstreams were asked");
    for (const e of upstreamSaw) assert.ok(!/^basic /i.test(String(e.authorization)), `Basic credentials reached ${e.url}`);
  });

  test("the token endpoint at ghcr.<mirror> wraps the token with its upstream; anonymous skopeo cannot get the private image", async () => {
    const res = await curl(`http://${G()}/token/ghcr.io?service=ghcr.test&scope=repository:private/app:pull`, atG({ headers: basic("reader", "read-secret") }));
    assert.equal(res.status, 200);
    assert.match(JSON.parse(res.body).token, /^hubmirror~ghcr\.io~ey/);
    const anon = await client.run("skopeo", ["inspect", "--tls-verify=false", `docker://${W}/ghcr.io/private/app:1`]);
    assert.notEqual(anon.code, 0);
  });

  test("a Docker Hub token is never sent to another upstream (by prefix, ns or subdomain); the pull goes on anonymously", async () => {
    const login = await curl(`http://${W}/token?service=${SERVICE}&scope=repository:library/hello:pull`, { headers: basic("reader", "read-secret") });
    const wrapped = JSON.parse(login.body).token;
    assert.match(wrapped, /^hubmirror~docker\.io~/);
    const raw = wrapped.slice("hubmirror~docker.io~".length);
    assert.ok(hub.tokenLog.some((e) => e.token === raw));
    const mark = ghcr.frontLog.length;
    const host = `ghcr.mirror.test:${worker.port}`;
    for (const authorization of [`Bearer ${wrapped}`, `Bearer ${raw}`]) {
      for (const [url, extra] of [
        [`http://${W}/v2/ghcr.io/owner/app/manifests/1`, []],
        [`http://${W}/v2/owner/app/tags/list?ns=ghcr.io`, []],
        [`http://${host}/v2/owner/app/tags/list`, ["--resolve", `${host}:127.0.0.1`]],
      ]) {
        const res = await curl(url, { headers: { authorization, accept: ACCEPT }, extra });
        assert.equal(res.status, 200, `${url}: ${res.body}`);
      }
    }
    const seen = ghcr.frontLog.slice(mark);
    assert.ok(seen.length >= 4, "ghcr was asked");
    for (const e of seen) {
      assert.ok(!String(e.authorization).includes(raw), `Docker Hub's token reached ghcr: ${e.url}`);
    }
    // and the other way round: a ghcr token sent for Docker Hub stays at the mirror
    const ghcrLogin = JSON.parse((await curl(`http://${G()}/token/ghcr.io?service=ghcr.test&scope=repository:owner/app:pull`, atG({ headers: basic("reader", "read-secret") }))).body).token;
    assert.match(ghcrLogin, /^hubmirror~ghcr\.io~/);
    const hubMark = hub.registryLog().length;
    const res = await curl(`http://${W}/v2/library/hello/manifests/1`, { method: "HEAD", headers: { authorization: `Bearer ${ghcrLogin}`, accept: ACCEPT } });
    assert.equal(res.status, 200);
    assert.ok(!hub.registryLog().slice(hubMark).includes(ghcrLogin.slice("hubmirror~ghcr.io~".length)));
  });

  test("a challenge naming a realm outside the upstream's list is refused; no token service is called", async () => {
    // ghcr-like registry, but the operator listed Docker Hub's realm for it
    const w = await startWorker({ UPSTREAMS: upstreamsVar({ "ghcr.io": { registry: ghcr.registry, auth: [hub.auth + "/token"] } }) });
    const marks = { hub: hub.tokenLog.length, ghcr: ghcr.tokenLog.length };
    for (const auth of [{}, basic("reader", "read-secret")]) {
      const res = await curl(`${w.url}/v2/ghcr.io/owner/app/manifests/1`, { headers: { ...auth, accept: ACCEPT } });
      assert.equal(res.status, 502, res.body);
      assert.equal(registryError(res).code, "UNAVAILABLE");
      assert.match(registryError(res).message, /challenge/);
      assert.equal(res.headers["www-authenticate"], undefined);
    }
    assert.deepEqual(hub.tokenLog.slice(marks.hub), []);
    assert.deepEqual(ghcr.tokenLog.slice(marks.ghcr), []);
  });

  test("/token of one upstream reaches exactly its realm: not another upstream's token service, not another path of its host", async () => {
    const marks = { hub: hub.tokenLog.length, ghcr: ghcr.tokenLog.length, front: ghcr.frontLog.length, pkg: pkg.tokenLog.length };
    const ok = await curl(`http://${G()}/token/ghcr.io?service=ghcr.test&scope=repository:owner/app:pull`, atG({ headers: basic("reader", "read-secret") }));
    assert.equal(ok.status, 200);
    assert.match(JSON.parse(ok.body).token, /^hubmirror~ghcr\.io~/);
    for (const [p, status] of [
      ["/token/ghcr.io/2", 404], ["/token/ghcr.io/v2/owner/app/manifests/1", 404], ["/token/ghcr.io/../v2/", 404],
      ["/token/ghcr.io%2f..%2fv2", 404], ["/token/quay.io", 404], ["/token/mcr.microsoft.com/2", 404],
      [`/token/127.0.0.1:${ghcr.tokenPort}`, 404], ["/token/registry.k8s.io/2", 404], ["/token/evil.example", 404],
    ]) {
      const res = await curl(`http://${W}${p}?scope=repository:owner/app:pull`, { headers: basic("reader", "read-secret"), extra: ["--path-as-is"] });
      assert.ok([status].flat().includes(res.status), `${p}: ${res.status}`);
      registryError(res);
    }
    // a registry with no token service of its own: the anonymous token, nobody asked
    const none = await curl(`http://${W}/token/mcr.microsoft.com?scope=repository:x/y:pull`, { headers: basic("reader", "read-secret") });
    assert.equal(none.status, 200);
    assert.equal(JSON.parse(none.body).token, "hubmirror-anonymous");
    // the built-in registry.k8s.io lists only a pattern realm (*-docker.pkg.dev), never called for a client
    const builtIn = await startWorker({ UPSTREAMS: upstreamsVar({ "registry.k8s.io": undefined }) });
    const k8sToken = await curl(`${builtIn.url}/token/registry.k8s.io?scope=repository:pause:pull`, { headers: basic("reader", "read-secret") });
    assert.equal(k8sToken.status, 200);
    assert.equal(JSON.parse(k8sToken.body).token, "hubmirror-anonymous");
    assert.deepEqual(ghcr.tokenLog.slice(marks.ghcr).map((e) => e.path), ["/token"]);
    assert.deepEqual(ghcr.frontLog.slice(marks.front).map((e) => e.url.split("?")[0]), ["/token"]);
    assert.deepEqual(hub.tokenLog.slice(marks.hub), []);
    assert.deepEqual(pkg.tokenLog.slice(marks.pkg), []);
  });

  test("UPSTREAM_CREDENTIALS per upstream: each account goes to its own registry's token service only", async () => {
    const w = await startWorker({ UPSTREAM_CREDENTIALS: JSON.stringify({ "docker.io": ["mirror-bot:mirror-pat-1"], "ghcr.io": ["mirror-bot-2:mirror-pat-2"] }) });
    const marks = { hub: hub.tokenLog.length, ghcr: ghcr.tokenLog.length };
    for (const p of ["/v2/ghcr.io/owner/app/manifests/1", "/v2/library/hello/manifests/1"]) {
      const res = await curl(w.url + p, { headers: { accept: ACCEPT } });
      assert.equal(res.status, 200, p);
    }
    const users = (log, mark) => [...new Set(log.slice(mark).map((e) => e.user))];
    assert.deepEqual(users(ghcr.tokenLog, marks.ghcr), ["mirror-bot-2"]);
    assert.deepEqual(users(hub.tokenLog, marks.hub), ["mirror-bot"]);
  });
});

describe("UPSTREAMS as a [vars] table (a JSON binding, not a string)", () => {
  test("the same entries work", async () => {
    const w = await startWorker({ UPSTREAMS: JSON.parse(upstreamsVar()) });
    const res = await curl(`${w.url}/v2/ghcr.io/owner/app/manifests/1`, { headers: { accept: ACCEPT } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["docker-content-digest"], images.ghcr.digest);
    const off = await curl(`${w.url}/v2/quay.io/org/app/manifests/1`);
    assert.equal(off.status, 404);
  });
});

describe("a redirect target that challenges without a scope", () => {
  // A stand-in: Artifact Registry may leave scope (and service) out of its challenge; a distribution
  // registry never does, so the real k8s-like upstream above cannot show this.
  test("the token is asked for pull of the repository the redirected path names", async () => {
    const seen = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization ?? null });
      const port = server.address().port;
      if (req.url.startsWith("/v2/pause/manifests/")) {
        res.writeHead(307, { location: `/v2/k8s-artifacts-prod/images/pause/manifests/3.9` }).end();
      } else if (req.url.startsWith("/token")) {
        res.writeHead(200, { "content-type": "application/json" }).end('{"token":"hop-token","expires_in":300}');
      } else if (req.headers.authorization !== "Bearer hop-token") {
        res.writeHead(401, { "www-authenticate": `Bearer realm="http://127.0.0.1:${port}/token"`, "content-type": "application/json" })
          .end('{"errors":[{"code":"UNAUTHORIZED","message":"auth"}]}');
      } else {
        res.writeHead(200, { "content-type": MEDIA.ociManifest, "docker-content-digest": "sha256:" + "0".repeat(64) }).end("{}");
      }
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${server.address().port}`;
      const w = await startWorker({ UPSTREAMS: upstreamsVar({ "registry.k8s.io": { registry: base, auth: [`${base}/token`] } }) });
      const res = await curl(`${w.url}/v2/registry.k8s.io/pause/manifests/3.9`, { method: "HEAD", headers: { accept: ACCEPT } });
      assert.equal(res.status, 200);
      const token = seen.find((e) => e.url.startsWith("/token"));
      assert.equal(new URL(token.url, base).searchParams.get("scope"), "repository:k8s-artifacts-prod/images/pause:pull");
      assert.equal(seen.at(-1).authorization, "Bearer hop-token");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("another registry's rate limit", () => {
  // A stand-in: a distribution registry never answers 429 (Docker Hub's double has its quota front).
  test("429 TOOMANYREQUESTS names that registry and does not offer a Docker Hub login", async () => {
    const server = http.createServer((req, res) => res.writeHead(429, { "content-type": "application/json", "retry-after": "60" })
      .end('{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}'));
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${server.address().port}`;
      const w = await startWorker({ UPSTREAMS: upstreamsVar({ "ghcr.io": { registry: base, auth: [] } }) });
      const res = await curl(`${w.url}/v2/ghcr.io/owner/app/manifests/${images.ghcr.digest}`, { headers: { accept: ACCEPT } });
      assert.equal(res.status, 429);
      const e = registryError(res);
      assert.equal(e.code, "TOOMANYREQUESTS");
      assert.equal(e.detail, "ghcr.io answered 429 Too Many Requests");
      assert.doesNotMatch(e.message, /docker login|Docker Hub/);
      assert.equal(res.headers["retry-after"], "60");
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("refused requests", () => {
  test("a registry turned off (UPSTREAMS null): 404 NAME_UNKNOWN by prefix, ns, subdomain and /token; skopeo says so", async () => {
    const host = `quay.mirror.test:${worker.port}`;
    for (const [url, extra] of [
      [`http://${W}/v2/quay.io/org/app/manifests/1`, []],
      [`http://${W}/v2/org/app/manifests/1?ns=quay.io`, []],
      [`http://${host}/v2/org/app/manifests/1`, ["--resolve", `${host}:127.0.0.1`]],
    ]) {
      const res = await curl(url, { extra });
      assert.equal(res.status, 404, url);
      const e = registryError(res);
      assert.equal(e.code, "NAME_UNKNOWN");
      assert.match(e.message, /quay\.io \(its operator turned it off\)/);
    }
    const r = await client.run("skopeo", ["inspect", "--tls-verify=false", `docker://${W}/quay.io/org/app:1`]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /turned it off/);
  });

  test("a registry the deployment does not serve, and ns that disagrees with the path: clear errors", async () => {
    const unknown = await curl(`http://${W}/v2/registry.example.com/app/manifests/1`);
    assert.equal(unknown.status, 404);
    assert.match(registryError(unknown).message, /does not serve registry registry\.example\.com/);
    const both = await curl(`http://${W}/v2/ghcr.io/owner/app/manifests/1?ns=docker.io`);
    assert.equal(both.status, 400);
    assert.equal(registryError(both).code, "NAME_INVALID");
    assert.match(registryError(both).message, /the path names registry ghcr\.io but ns names docker\.io/);
  });
});

describe("the cache is per upstream", () => {
  test("a second copy from ghcr-like is served without a blob or manifest GET there; X-Cache HIT", async () => {
    await copyAndVerify(`docker://${W}/ghcr.io/owner/app:1`);
    // the cache is filled by second downloads after the answers: wait until the CDN has been quiet for 500 ms
    for (let i = 0, seen = -1; i < 40 && seen !== ghcr.cdnLog.length; i++) {
      seen = ghcr.cdnLog.length;
      await sleep(500);
    }
    const mark = ghcr.frontLog.length;
    const cdnMark = ghcr.cdnLog.length;
    await copyAndVerify(`docker://${W}/ghcr.io/owner/app:1`);
    const gets = ghcr.frontLog.slice(mark).filter((e) => e.method === "GET" && /\/(blobs|manifests)\//.test(e.url));
    assert.deepEqual(gets, []);
    assert.equal(ghcr.cdnLog.length, cdnMark);
    const blob = images.ghcr.manifest.layers[1].digest;
    const res = await curl(`http://${W}/v2/ghcr.io/owner/app/blobs/${blob}`, { method: "HEAD" });
    assert.equal(res.headers["x-cache"], "HIT");
  });
});
