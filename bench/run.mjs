// scripts/bench: the Java worker (a) against the hand-written JS worker (b) and the registry itself (c),
// all in one run on loopback, each figure the median of several bounded runs. Prints a Markdown table
// and writes it to docs/benchmarks.md.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { startHub, SERVICE } from "../worker-src/test/runtime/lib/hub.mjs";
import { buildAndPush } from "../worker-src/test/runtime/lib/images.mjs";
import { canConnect, freePort, run, runOk, sleep, startServer } from "../worker-src/test/runtime/lib/proc.mjs";
import { startMiniflare } from "../worker-src/test/runtime/lib/miniflare.mjs";
import { DIST, WORKERD, cpuNs, distModules, rssKb, writeMultiConfig } from "../worker-src/test/runtime/lib/workerd.mjs";
import { buildBundle } from "../worker-src/test/runtime/lib/wrangler.mjs";
import { measureBlobCpu } from "./blob-cpu.mjs";
import { measureCpu, seedModules as seedModulesIn } from "./cpu.mjs";
import { measureTiers } from "./tiers.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const WRK_SECONDS = Number(process.env.BENCH_WRK_SECONDS ?? 5);
const CPU_ITERATIONS = Number(process.env.BENCH_CPU_ITERATIONS ?? 8000);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (...a) => console.error("bench:", ...a);

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-bench-"));
const cleanup = [];
async function main() {
  // ---- the bundle, exactly as deployed
  const dry = await buildBundle(DIST);
  if (dry.code !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${dry.stdout}\n${dry.stderr}`);
  const { rawKiB, gzipKiB } = dry;
  const seedModules = seedModulesIn(workDir);
  const seedGzip = zlib.gzipSync(fs.readFileSync(path.join(ROOT, "bench/seed-worker.js")), { level: 9 }).length;

  // ---- the Docker-Hub-like upstream of the tests, with a 200 MB layer
  log("starting registry, token server and CDN; building and pushing images");
  const hub = await startHub(workDir);
  cleanup.push(() => hub.stop());
  const images = await buildAndPush(workDir, `127.0.0.1:${hub.registryPort}`, { big: true });
  const vars = { UPSTREAM_REGISTRY: hub.registry, UPSTREAM_AUTH: hub.auth };

  // ---- both workers and the CPU harness in one workerd
  const ports = { java: await freePort(), java0: await freePort(), js: await freePort() };
  const config = path.join(workDir, "bench.capnp");
  writeMultiConfig(config, [
    { name: "java", port: ports.java, vars, modules: distModules() },
    // no blob deadline: BLOB_MIN_RATE=0 hands the upstream's body on as it is, as the seed does
    { name: "java0", port: ports.java0, vars: { ...vars, BLOB_MIN_RATE: "0" }, modules: distModules() },
    { name: "js", port: ports.js, vars, modules: seedModules },
  ]);
  const workerd = await startServer("workerd", WORKERD, ["serve", config], ports.java);
  cleanup.unshift(() => workerd.stop());
  for (const p of Object.values(ports)) while (!(await canConnect(p))) await sleep(20);

  const targets = {
    a: `http://127.0.0.1:${ports.java}`,
    a0: `http://127.0.0.1:${ports.java0}`,
    b: `http://127.0.0.1:${ports.js}`,
    c: hub.registry,
  };
  const token = async (repo) =>
    JSON.parse((await runOk("curl", ["-sS", `${hub.auth}/token?service=${SERVICE}&scope=repository:${repo}:pull`])).stdout).token;
  // a logged-in client's token as each one hands it out: the Java mirror's /token wraps it with its registry
  // (a bare upstream token is not one it issued, and would be pulled for anonymously: a HEAD, then a GET)
  const bearer = (base, raw) => (base === targets.a || base === targets.a0 ? `hubmirror~docker.io~${raw}` : raw);

  // ---- 1. manifest GET at 16 connections
  const manifestPath = "/v2/library/hello/manifests/1";
  const accept = "application/vnd.docker.distribution.manifest.v2+json";
  async function wrk(base, seconds, { path: target = manifestPath, auth } = {}) {
    const t = auth ?? bearer(base, await token("library/hello"));
    const r = await runOk("wrk", ["-t2", "-c16", `-d${seconds}s`, "--timeout", "10s", "--latency", "-H", `Authorization: Bearer ${t}`, "-H", `Accept: ${accept}`, base + target], { timeoutMs: (seconds + 30) * 1000 });
    if (/Non-2xx or 3xx responses/.test(r.stdout) || /Socket errors/.test(r.stdout)) throw new Error(`wrk saw errors against ${base}:\n${r.stdout}`);
    const unit = (v, u) => Number(v) * ({ us: 0.001, ms: 1, s: 1000 }[u]);
    const lat = (p) => {
      const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)`, "m").exec(r.stdout);
      return unit(m[1], m[2]);
    };
    return { rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(r.stdout)[1]), p50: lat(50), p99: lat(99), requests: Number(/(\d+) requests in/.exec(r.stdout)[1]) };
  }
  log("1. manifest GET, wrk -c16");
  for (const base of Object.values(targets)) await wrk(base, 1); // warm-up
  const wrkRuns = { a: [], b: [], c: [] };
  for (let i = 0; i < RUNS; i++) for (const k of ["a", "b", "c"]) wrkRuns[k].push(await wrk(targets[k], WRK_SECONDS));
  const rps = Object.fromEntries(Object.entries(wrkRuns).map(([k, v]) => [k, { rps: median(v.map((x) => x.rps)), p50: median(v.map((x) => x.p50)), p99: median(v.map((x) => x.p99)) }]));

  // ---- 2. a 200 MB blob through each; workerd's RSS while (a) streams it
  log("2. 200 MB blob");
  const layer = images.big.manifest.layers[0];
  async function download(base, sampleRss) {
    const t = bearer(base, await token("library/big"));
    const peak = { kb: rssKb(workerd.pid) };
    const start = peak.kb;
    const sampler = sampleRss ? setInterval(() => (peak.kb = Math.max(peak.kb, rssKb(workerd.pid))), 20) : null;
    const r = await runOk("curl", ["-sS", "-L", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{speed_download}", "-H", `Authorization: Bearer ${t}`, `${base}/v2/library/big/blobs/${layer.digest}`], { timeoutMs: 300_000 });
    if (sampler) clearInterval(sampler);
    const [code, size, bps] = r.stdout.split(" ").map(Number);
    if (code !== 200 || size !== layer.size) throw new Error(`blob from ${base}: ${r.stdout}`);
    return { mbps: bps / 1e6, rssStartMb: start / 1024, rssPeakMb: peak.kb / 1024 };
  }
  for (const base of Object.values(targets)) await download(base, false); // warm-up, page cache
  const blobRuns = { a: [], a0: [], b: [], c: [] };
  for (let i = 0; i < RUNS; i++) for (const k of ["a", "a0", "b", "c"]) blobRuns[k].push(await download(targets[k], k === "a"));
  const blob = Object.fromEntries(Object.entries(blobRuns).map(([k, v]) => [k, median(v.map((x) => x.mbps))]));
  const rssGrowth = Math.max(...blobRuns.a.map((x) => x.rssPeakMb - x.rssStartMb));
  const rssPeak = Math.max(...blobRuns.a.map((x) => x.rssPeakMb));

  // ---- 3. start-up: spawning workerd to the first answered request
  log("3. start-up");
  async function startup(name, modules) {
    const port = await freePort();
    const file = path.join(workDir, `startup-${name}-${port}.capnp`);
    writeMultiConfig(file, [{ name, port, vars, modules }]);
    const t0 = performance.now();
    const child = spawn(WORKERD, ["serve", file], { stdio: "ignore" });
    try {
      for (let i = 0; i < 2000; i++) {
        const r = await fetch(`http://127.0.0.1:${port}/`).catch(() => null);
        if (r && r.status === 200) {
          await r.arrayBuffer();
          return performance.now() - t0;
        }
        await sleep(2);
      }
      throw new Error(`${name} did not answer`);
    } finally {
      child.kill("SIGKILL");
    }
  }
  const startA = [], startB = [];
  for (let i = 0; i < Math.max(RUNS, 5); i++) {
    startA.push(await startup("java", distModules()));
    startB.push(await startup("js", seedModules));
  }

  // ---- 4. the handler's own CPU time: many calls in one isolate against a stub upstream
  log("4. handler CPU");
  const cpuUs = await measureCpu({ workDir, runs: RUNS, iterations: CPU_ITERATIONS });

  // ---- 5. the edge cache: both workers in Miniflare (the Cache API), the JS one with the usual
  // digest-keyed cache (bench/cache-worker.js); the Java one pulled for anonymously (the mirror's token)
  log("5. cache hits (Miniflare)");
  const jsDist = path.join(workDir, "js-cache");
  fs.mkdirSync(jsDist);
  fs.copyFileSync(path.join(ROOT, "bench/cache-worker.js"), path.join(jsDist, "entry.js"));
  fs.copyFileSync(path.join(ROOT, "html/index.html"), path.join(jsDist, "index.html"));
  const mfJava = await startMiniflare({ workDir, vars });
  cleanup.unshift(() => mfJava.stop());
  const mfJs = await startMiniflare({ workDir, vars, dist: jsDist });
  cleanup.unshift(() => mfJs.stop());
  const anon = "hubmirror-anonymous";
  const helloToken = await token("library/hello");
  const bigToken = await token("library/big");
  const digestPath = `/v2/library/hello/manifests/${images.hello.digest}`;
  const blobPath = `/v2/library/big/blobs/${layer.digest}`;
  const fetchOk = async (url, t, extra = []) => {
    const r = await runOk("curl", ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{speed_download}", "-H", `Authorization: Bearer ${t}`, "-H", `Accept: ${accept}`, ...extra, url], { timeoutMs: 300_000 });
    const [code, size, bps] = r.stdout.split(" ").map(Number);
    if (code !== 200) throw new Error(`${url}: ${r.stdout}`);
    return { size, mbps: bps / 1e6 };
  };
  const cached = { a: { base: mfJava.url, t: anon, pid: mfJava.pid }, b: { base: mfJs.url, t: helloToken, pid: mfJs.pid } };
  for (const w of Object.values(cached)) {
    // fill, then make sure the fills have landed
    await fetchOk(w.base + digestPath, w.t);
    await fetchOk(w.base + manifestPath, w.t);
    await fetchOk(w.base + blobPath, w === cached.a ? anon : bigToken);
    await sleep(500);
  }
  const cacheWrk = { a: [], aTag: [], b: [], c: [] };
  const cacheCpu = { a: [], b: [] };
  for (const w of Object.values(cached)) await wrk(w.base, 1, { path: digestPath, auth: w.t }); // warm-up
  for (let i = 0; i < RUNS; i++) {
    for (const k of ["a", "b"]) {
      const before = cpuNs(cached[k].pid);
      const r = await wrk(cached[k].base, WRK_SECONDS, { path: digestPath, auth: cached[k].t });
      cacheCpu[k].push((cpuNs(cached[k].pid) - before) / 1000 / r.requests);
      cacheWrk[k].push(r);
    }
    cacheWrk.aTag.push(await wrk(cached.a.base, WRK_SECONDS, { auth: anon }));
    cacheWrk.c.push(await wrk(targets.c, WRK_SECONDS, { path: digestPath, auth: helloToken }));
  }
  const crps = Object.fromEntries(Object.entries(cacheWrk).map(([k, v]) => [k, { rps: median(v.map((x) => x.rps)), p50: median(v.map((x) => x.p50)), p99: median(v.map((x) => x.p99)) }]));
  const ccpu = { a: median(cacheCpu.a), b: median(cacheCpu.b) };
  const cacheBlob = { a: [], b: [], c: [] };
  for (let i = 0; i < RUNS; i++) {
    cacheBlob.a.push((await fetchOk(mfJava.url + blobPath, anon)).mbps);
    cacheBlob.b.push((await fetchOk(mfJs.url + blobPath, bigToken)).mbps);
    cacheBlob.c.push((await fetchOk(hub.registry + blobPath, bigToken, ["-L"])).mbps);
  }
  const cblob = Object.fromEntries(Object.entries(cacheBlob).map(([k, v]) => [k, median(v)]));

  // ---- 6. a first and a second pull of a multi-layer image (skopeo): each round a fresh worker (an empty
  // cache) pulls once, then three times more; wall times are medians over the rounds, counts are per pull
  log("6. first and second pull");
  const pulls = {};
  async function pull(w) {
    const [regMark, cdnMark] = [hub.registryLog().length, hub.cdnLog.length];
    const dir = fs.mkdtempSync(path.join(workDir, "pull-"));
    const t0 = performance.now();
    await runOk("skopeo", ["copy", "--src-tls-verify=false", `docker://127.0.0.1:${w.port}/library/hello-plus:1`, `dir:${dir}`], { timeoutMs: 300_000 });
    const ms = performance.now() - t0;
    const lines = hub.accessLines(regMark);
    fs.rmSync(dir, { recursive: true, force: true });
    return { ms, gets: lines.filter((l) => /^GET .*\/manifests\//.test(l)).length, heads: lines.filter((l) => /^HEAD .*\/manifests\//.test(l)).length, cdn: hub.cdnLog.length - cdnMark };
  }
  for (const [k, dist] of [["a", undefined], ["b", jsDist]]) {
    const first = [], second = [];
    for (let round = 0; round < Math.min(RUNS, 3); round++) {
      const w = await startMiniflare({ workDir, vars, dist });
      try {
        first.push(await pull(w));
        for (let i = 0; i < 3; i++) {
          // the fills (second downloads) complete in waitUntil: wait until the CDN has been quiet for 300 ms
          for (let j = 0, seen = -1; j < 60 && seen !== hub.cdnLog.length; j++) {
            seen = hub.cdnLog.length;
            await sleep(300);
          }
          second.push(await pull(w));
        }
      } finally {
        await w.stop();
      }
    }
    const summary = (xs) => ({ ms: median(xs.map((x) => x.ms)), gets: Math.max(...xs.map((x) => x.gets)), heads: Math.max(...xs.map((x) => x.heads)), cdn: Math.max(...xs.map((x) => x.cdn)) });
    pulls[k] = [summary(first), summary(second)];
  }

  // ---- 6b. the R2 content tier (#21): the blob kept in R2 only (the edge cache's limit below it) read from there,
  // and a second pull from a cold data centre (the edge cache's state removed, the bucket kept)
  log("6b. the R2 tier");
  const r2Dir = path.join(workDir, "r2-tier");
  const r2Vars = { ...vars, EDGE_CACHE_MAX_BYTES: "1000000" };
  const mfR2 = await startMiniflare({ workDir, vars: r2Vars, r2Buckets: ["CONTENT_BUCKET"], persistDir: r2Dir });
  const r2Blob = [];
  try {
    await fetchOk(mfR2.url + blobPath, anon);
    for (let i = 0, tier; i < 600 && tier !== "r2"; i++) {
      await sleep(200);
      tier = (await run("curl", ["-sS", "-I", "-H", `Authorization: Bearer ${anon}`, mfR2.url + blobPath])).stdout.match(/x-cache-tier: (\w+)/i)?.[1];
    }
    for (let i = 0; i < RUNS; i++) r2Blob.push((await fetchOk(mfR2.url + blobPath, anon)).mbps);
  } finally {
    await mfR2.stop();
  }
  const r2mbps = median(r2Blob);
  const coldPulls = [];
  for (let round = 0; round < Math.min(RUNS, 3); round++) {
    const dir = path.join(workDir, `r2-pull-${round}`);
    let w = await startMiniflare({ workDir, vars, r2Buckets: ["CONTENT_BUCKET"], persistDir: dir });
    try {
      await pull(w);
      for (let j = 0, seen = -1; j < 60 && seen !== hub.cdnLog.length; j++) {
        seen = hub.cdnLog.length;
        await sleep(300);
      }
    } finally {
      await w.stop();
    }
    fs.rmSync(path.join(dir, "cache"), { recursive: true, force: true });
    w = await startMiniflare({ workDir, vars, r2Buckets: ["CONTENT_BUCKET"], persistDir: dir });
    try {
      coldPulls.push(await pull(w));
    } finally {
      await w.stop();
    }
  }
  const cold = { ms: median(coldPulls.map((x) => x.ms)), gets: Math.max(...coldPulls.map((x) => x.gets)), cdn: Math.max(...coldPulls.map((x) => x.cdn)) };

  // ---- 7. CPU per blob: process CPU, the isolate's time (V8 profile) and MB/s per path, 30 and 300 MB
  log("7. CPU per blob (Miniflare, workerd's inspector)");
  const blobCpu = await measureBlobCpu({ workDir, hub, runs: RUNS >= 3 ? 3 : RUNS });

  // ---- 8. the R2 tier's fill of a 300 MB layer (one put, in parts) against the edge cache's and the seed's GET, and
  // GET /download/<image>: MB/s against a blob GET, the isolate's time at three sizes
  log("8. the R2 tier's fill and /download (Miniflare, workerd's inspector)");
  const tiers = await measureTiers({ workDir, hub, images: blobCpu.images, calibration: blobCpu.calibration,
    runs: Number(process.env.BENCH_TIER_RUNS ?? Math.min(RUNS, 2)) });

  // ---- report
  const f = (x, d = 0) => x.toFixed(d);
  const ratio = (x, y) => (x / y).toFixed(2);
  const target = (ok) => (ok ? "met" : "**missed**");
  const cpuInfo = fs.readFileSync("/proc/cpuinfo", "utf8");
  const model = /model name\s*:\s*(.+)/.exec(cpuInfo)?.[1] ?? "unknown CPU";
  const machine = `${os.cpus().length} cores (${model}), ${f(os.totalmem() / 2 ** 30)} GiB RAM, Linux ${os.release()}, ${(await run(WORKERD, ["--version"])).stdout.trim()}`;
  const r1 = rps.a.rps / rps.b.rps, r2 = blob.a / blob.c, r4h = cpuUs["java-home"] / cpuUs["js-home"], r4m = cpuUs["java-manifest"] / cpuUs["js-manifest"];
  const md = `# Benchmarks

Run by \`scripts/bench\` on ${new Date().toISOString().slice(0, 10)}; machine: ${machine}.
(a) hubmirror (Java via TeaVM), (b) a hand-written JS worker with the seed's behaviour (\`bench/seed-worker.js\`),
both in one bare workerd; (c) the CNCF distribution registry directly. Upstream: the Docker-Hub-like registry of
the tests (token auth, blobs by 307 to a CDN on another port). Each figure is the median of ${RUNS} runs
(start-up: of ${startA.length}); everything on loopback, on the same 2 cores as the load generator.

| measure | (a) Java worker | (b) JS worker | (c) registry | ratio | target |
|---|---:|---:|---:|---|---|
| manifest GET, requests/s (wrk, 16 connections, ${WRK_SECONDS} s) | ${f(rps.a.rps)} | ${f(rps.b.rps)} | ${f(rps.c.rps)} | a/b ${ratio(rps.a.rps, rps.b.rps)}, a/c ${ratio(rps.a.rps, rps.c.rps)} | a/b ≥ 0.95: ${target(r1 >= 0.95)} |
| manifest GET, p50 latency (ms) | ${f(rps.a.p50, 2)} | ${f(rps.b.p50, 2)} | ${f(rps.c.p50, 2)} | a/b ${ratio(rps.a.p50, rps.b.p50)} | |
| manifest GET, p99 latency (ms) | ${f(rps.a.p99, 2)} | ${f(rps.b.p99, 2)} | ${f(rps.c.p99, 2)} | a/b ${ratio(rps.a.p99, rps.b.p99)} | |
| ${f(layer.size / 2 ** 20)} MiB blob, MB/s (curl) | ${f(blob.a)} | ${f(blob.b)} | ${f(blob.c)} | a/c ${ratio(blob.a, blob.c)}, a/b ${ratio(blob.a, blob.b)} | a/c ≥ 0.9: ${target(r2 >= 0.9)} |
| the same, (a) with \`BLOB_MIN_RATE=0\` (no deadline: the body handed on as it is) | ${f(blob.a0)} | | | a/a0 ${ratio(blob.a, blob.a0)} (the deadline's pipe) | |
| workerd RSS while (a) streams the blob | +${f(rssGrowth, 1)} MB (peak ${f(rssPeak)} MB) | | | | growth < 32 MB: ${target(rssGrowth < 32)} |
| bundle (wrangler dry run, with home page) | ${rawKiB} KiB / ${gzipKiB} KiB gzip | script ${f(seedGzip / 1024, 1)} KiB gzip + page | | | ≤ 79 KiB gzip (40 before #11; its nine registries +6.5 KiB, #12's controls, users, log line, /healthz and search +8.3 KiB, #18's deadline and second-download fill +1.2 KiB, #19's hardening +1.3 KiB and its request collapsing +1.5 KiB, less the token reroute it removed −0.3; #20 +4.0 KiB: JavaScript moved into typed Java +1.2, signed tokens alone +0.5, the link memo +0.1, the review's fixes +0.4, the pipeline's steps as classes of their own and the package layout +1.4 (≈ 0.1 KiB a class), errors as values and the isolate's per-upstream state +0.4, the relay/content split (Keep, BlobStream) +0.4; #21's R2 tier so far +2.9 KiB (the bucket fill, reads with Range and If-None-Match, X-Cache-Tier, /healthz's check) and Cron pre-warming +4.7 KiB (its promise chains: ≈ 0.1 KiB a lambda); #22's /download so far +5.5 KiB (the tar writer and its promise chain, Range onto the archive's pieces); #21's layers of any size +2.2 KiB (a multipart upload's chain of parts, its check and mark, the mark read before serving, parts in the pre-warm); #22's downloads through the content tiers +0.9 KiB (DownloadPlan, LayerTiers), platform matching +0.2, the page's download box, plain-http variants, containerd 2.x and the text page's recipe +2.4 (HTML and its script, mostly), the review's fixes +0.4, a download's manifests by the tag's HEAD and the tiers (ManifestTiers, ImageManifests) +0.9): ${target(Number(gzipKiB) <= 79)} |
| start of workerd to first answer (ms) | ${f(median(startA))} | ${f(median(startB))} | | a/b ${ratio(median(startA), median(startB))} | |
| handler CPU per request, home page (µs) | ${f(cpuUs["java-home"], 1)} | ${f(cpuUs["js-home"], 1)} | | a/b ${f(r4h, 2)} | ≤ 1.2: ${target(r4h <= 1.2)} |
| handler CPU per request, proxied manifest (µs) | ${f(cpuUs["java-manifest"], 1)} | ${f(cpuUs["js-manifest"], 1)} | | a/b ${f(r4m, 2)} | ≤ 1.2: ${target(r4m <= 1.2)} |
| the same, (a) with \`UPSTREAM_TIMEOUT_MS=0\` (the seed has no timeout) | ${f(cpuUs["java0-manifest"], 1)} | ${f(cpuUs["js-manifest"], 1)} | | a/b ${f(cpuUs["java0-manifest"] / cpuUs["js-manifest"], 2)} | ≤ 1.2: ${target(cpuUs["java0-manifest"] / cpuUs["js-manifest"] <= 1.2)} |

## The edge cache

Both workers in Miniflare (what \`wrangler dev\` runs: the real Workers Cache API, kept on disk), filled first;
(b) is the JS worker with the usual digest-keyed cache (\`bench/cache-worker.js\`: tee() into \`cache.put\`, no
digest check, no tag handling); (a) is pulled for anonymously (the mirror's token). Medians of ${RUNS} runs.

| measure | (a) Java worker | (b) JS worker | (c) registry | ratio | target |
|---|---:|---:|---:|---|---|
| cached manifest GET by digest, requests/s (wrk, 16 connections) | ${f(crps.a.rps)} | ${f(crps.b.rps)} | ${f(crps.c.rps)} | a/b ${ratio(crps.a.rps, crps.b.rps)}, a/c ${ratio(crps.a.rps, crps.c.rps)} | |
| the same, p50 / p99 latency (ms) | ${f(crps.a.p50, 2)} / ${f(crps.a.p99, 2)} | ${f(crps.b.p50, 2)} / ${f(crps.b.p99, 2)} | ${f(crps.c.p50, 2)} / ${f(crps.c.p99, 2)} | | |
| (a) by tag within \`TAG_TTL_SECONDS\` (tag entry + manifest: two cache lookups), requests/s | ${f(crps.aTag.rps)} | | | a-tag/a ${ratio(crps.aTag.rps, crps.a.rps)} | |
| handler CPU per cache hit (µs; a manifest by digest from a stub \`caches.default\`, as "Handler CPU" below) | ${f(cpuUs["java-hit"], 1)} | ${f(cpuUs["js-hit"], 1)} | | a/b ${ratio(cpuUs["java-hit"], cpuUs["js-hit"])} | ≤ 1.2: ${target(cpuUs["java-hit"] / cpuUs["js-hit"] <= 1.2)} |
| workerd CPU per cached manifest GET under wrk (µs; with Miniflare's own entry and cache workers) | ${f(ccpu.a, 1)} | ${f(ccpu.b, 1)} | | a/b ${ratio(ccpu.a, ccpu.b)} | |
| cached ${f(layer.size / 2 ** 20)} MiB blob, MB/s (curl) | ${f(cblob.a)} | ${f(cblob.b)} | ${f(cblob.c)} | a/c ${ratio(cblob.a, cblob.c)}, a/b ${ratio(cblob.a, cblob.b)} | a/c ≥ 0.9: ${target(cblob.a / cblob.c >= 0.9)} |
| first pull of library/hello-plus (3 layers; skopeo copy): wall ms (median) / at most: manifest GETs / HEADs / CDN downloads | ${f(pulls.a[0].ms)} / ${pulls.a[0].gets} / ${pulls.a[0].heads} / ${pulls.a[0].cdn} | ${f(pulls.b[0].ms)} / ${pulls.b[0].gets} / ${pulls.b[0].heads} / ${pulls.b[0].cdn} | | | |
| later pulls (3 per round, same worker): wall ms (median) / at most: manifest GETs / HEADs / CDN downloads | ${f(pulls.a[1].ms)} / ${pulls.a[1].gets} / ${pulls.a[1].heads} / ${pulls.a[1].cdn} | ${f(pulls.b[1].ms)} / ${pulls.b[1].gets} / ${pulls.b[1].heads} / ${pulls.b[1].cdn} | | | (a) 0 GETs: ${target(pulls.a[1].gets === 0)} |
| 200 MiB blob from R2 (\`CONTENT_BUCKET\`, the edge cache's limit below it), MB/s (curl; Miniflare's local R2) | ${f(r2mbps)} | | ${f(cblob.c)} | a/c ${ratio(r2mbps, cblob.c)}, R2/edge ${ratio(r2mbps, cblob.a)} | |
| second pull from a cold data centre with the bucket (edge cache's state removed): wall ms (median) / at most: manifest GETs / CDN downloads | ${f(cold.ms)} / ${cold.gets} / ${cold.cdn} | | | | 0 GETs, 0 CDN: ${target(cold.gets === 0 && cold.cdn === 0)} |

Handler CPU: ${CPU_ITERATIONS} calls in one request against a stub upstream (\`bench/cpu-harness.js\`), each worker in
an isolate of its own, measured as workerd's CPU time (schedstat) less that of an empty run, after a JIT warm-up;
the mean of ${RUNS} runs, because every other run carries a major GC.

${blobCpu.markdown}
${tiers.markdown}
`;
  console.log(md);
  if (process.env.BENCH_WRITE !== "0") {
    // the hand-written part of the file (from "## Notes" on) survives a new run
    const file = path.join(ROOT, "docs/benchmarks.md");
    const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    const notes = old.indexOf("\n## Notes");
    fs.writeFileSync(file, md + (notes >= 0 ? old.slice(notes) : ""));
  }
}

try {
  await main();
} finally {
  for (const stop of cleanup) await stop().catch(() => {});
  fs.rmSync(workDir, { recursive: true, force: true });
}
