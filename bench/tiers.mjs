// "The R2 tier's fill and /download": what the Worker pays for
//  1. the fill of one ~300 MB layer (library/huge) after a client's GET through the mirror: into CONTENT_BUCKET in
//     one put (the default), into CONTENT_BUCKET in 128 MiB parts (multipart upload, then a read-back through
//     crypto.DigestStream), into the edge cache only (no bucket), against the seed's worker's plain GET (no fill);
//  2. GET /download/<image> (a docker-save tar: headers by Java, layers piped by the runtime): its MB/s against a
//     plain GET of the same layer through the mirror, and the isolate's JavaScript per download at three sizes.
//
// Every worker runs in Miniflare (workerd plus the Cache API and a local R2, kept on disk) with workerd's inspector
// open. Per request:
//  - process CPU: utime+stime of the Miniflare's workerd (schedstat) from before the GET until the fill is done
//    (a fill: until a HEAD says X-Cache: HIT from the tier it fills). Miniflare's R2 simulator is another isolate of
//    that same process and hashes what it stores in JavaScript, so a bucket fill's process CPU is mostly the
//    simulator's: compare the isolate's time;
//  - the isolate's time: a V8 CPU profile (100 µs) of the worker's own isolate (`core:user:`), each sample counted
//    for its delta but at most one sampler tick (bench/blob-cpu.mjs: jsTime, calibrate), on a request of its own
//    (the sampler's signals cost process CPU);
//  - MB/s: curl's, body read whole.
// A fill's end is found without a HEAD every few ms (each HEAD is a request of the isolate's, in the profile):
// the process's CPU is watched until it goes quiet, then one HEAD asks; most fills need one or two.
// Each fill is a fresh Miniflare (an empty bucket and cache), warmed first by a pull of library/hello's blobs.
//
//   node bench/tiers.mjs   (after `mvn -q -B -DskipTests package` and buildBundle(DIST); BENCH_BUILD=1 builds)
//   BENCH_TIER_RUNS (2): runs of each fill (each plain and profiled: ~4 minutes in all at 2); downloads take
//   max(5, runs + 1) profiles of each and 2 more MB/s runs; BENCH_VERBOSE=1: each request
// Or from another script: measureTiers({ workDir, hub, images, runs, calibration }) resolves { fills, downloads, markdown }.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { SERVICE, startHub } from "../worker-src/test/runtime/lib/hub.mjs";
import { buildAndPush } from "../worker-src/test/runtime/lib/images.mjs";
import { startMiniflare } from "../worker-src/test/runtime/lib/miniflare.mjs";
import { freePort, run, runOk, sleep } from "../worker-src/test/runtime/lib/proc.mjs";
import { DIST, WORKERD, cpuNs } from "../worker-src/test/runtime/lib/workerd.mjs";
import { buildBundle } from "../worker-src/test/runtime/lib/wrangler.mjs";
import { SAMPLING_US, calibrate, jsTime, trace } from "./blob-cpu.mjs";
import { Inspector } from "./inspector.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const MB = 1e6;
const PART_BYTES = 134217728;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (...a) => console.error("tiers:", ...a);

/** The fills compared; `tier`: what a HEAD must say once the fill is done (none: no fill). */
const FILLS = [
  { key: "put", label: "R2, one put (default)", r2: true, tier: "r2", vars: { EDGE_CACHE_MAX_BYTES: "1000000" } },
  { key: "parts", label: "R2, 128 MiB parts (VERIFY_BLOBS=length, the default)", r2: true, tier: "r2", vars: { EDGE_CACHE_MAX_BYTES: "1000000", CONTENT_BUCKET_PART_BYTES: String(PART_BYTES) } },
  { key: "partsDigest", label: "R2, 128 MiB parts + read-back hash (VERIFY_BLOBS=digest)", r2: true, tier: "r2", vars: { EDGE_CACHE_MAX_BYTES: "1000000", CONTENT_BUCKET_PART_BYTES: String(PART_BYTES), VERIFY_BLOBS: "digest" } },
  { key: "both", label: "R2 one put, then R2 → edge cache (default limits)", r2: true, tier: "edge", vars: {} },
  { key: "edge", label: "edge cache only (no bucket)", tier: "edge", vars: {} },
  { key: "seed", label: "seed's worker (no fill)", seed: true, vars: {} },
];

/** A HEAD by node:http: {status, cache, tier}. */
function head(port, pathname) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathname, method: "HEAD", agent: false }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, cache: res.headers["x-cache"] ?? null, tier: res.headers["x-cache-tier"] ?? null });
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`HEAD ${pathname}: no answer within 10 s`)));
    req.on("error", reject);
    req.end();
  });
}

/**
 * Waits until a HEAD of `pathname` says X-Cache: HIT from `tier`, asking only when the process has been quiet
 * (under 3% of a core) for 400 ms, or every 3 s regardless; at most `limitMs`. Resolves {heads, seconds}.
 */
async function untilFilled(pid, port, pathname, tier, limitMs = 240_000) {
  const t0 = performance.now();
  let heads = 0, quiet = 0, sinceHead = 0;
  let last = cpuNs(pid);
  while (performance.now() - t0 < limitMs) {
    await sleep(200);
    const now = cpuNs(pid);
    quiet = now - last < 6e6 ? quiet + 1 : 0;
    last = now;
    sinceHead += 200;
    if (quiet >= 2 || sinceHead >= 3000) {
      heads++;
      sinceHead = 0;
      const r = await head(port, pathname);
      last = cpuNs(pid); // the HEAD's own work is not the fill's
      if (r.status === 200 && r.cache === "HIT" && r.tier === tier) return { heads, seconds: (performance.now() - t0) / 1000 };
    }
  }
  throw new Error(`${pathname}: no X-Cache: HIT from ${tier} within ${limitMs / 1000} s`);
}

/** One GET with curl, body to /dev/null: {code, size, seconds, mbps, cache}. */
async function get(url, { auth, follow } = {}) {
  const args = ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total} %{speed_download} %header{x-cache}"];
  if (auth) args.push("-H", `Authorization: Bearer ${auth}`);
  if (follow) args.push("-L");
  args.push(url);
  const r = await runOk("curl", args, { timeoutMs: 300_000 });
  const [code, size, seconds, bps, cache] = r.stdout.trim().split(" ");
  return { code: Number(code), size: Number(size), seconds: Number(seconds), mbps: Number(bps) / MB, cache: cache || null };
}

/**
 * Measures both parts. `hub`/`images`: an upstream already running with the `medium` and `huge` images (pushed here
 * if missing); `calibration`: bench/blob-cpu.mjs's, taken here if missing. Resolves { fills, downloads, markdown }.
 */
export async function measureTiers({ workDir, hub, images, runs = 2, dist = DIST, calibration } = {}) {
  const t0 = performance.now();
  const cleanup = [];
  try {
    if (!hub) {
      log("starting registry, token server and CDN");
      hub = await startHub(workDir);
      cleanup.push(() => hub.stop());
    }
    if (!images?.medium || !images?.huge) {
      log("building and pushing the test images with a 30 MB and a 300 MB layer");
      const dir = path.join(workDir, "tiers-images");
      fs.mkdirSync(dir, { recursive: true });
      images = await buildAndPush(dir, `127.0.0.1:${hub.registryPort}`, { medium: true, huge: true });
    }
    if (!calibration) {
      log("calibrating the profile's estimate");
      calibration = await calibrate(workDir);
    }
    const tickUs = calibration.tickUs;
    const seedDist = path.join(workDir, "tiers-seed");
    fs.mkdirSync(seedDist, { recursive: true });
    fs.copyFileSync(path.join(ROOT, "bench/seed-worker.js"), path.join(seedDist, "entry.js"));
    fs.copyFileSync(path.join(ROOT, "html/index.html"), path.join(seedDist, "index.html"));
    const baseVars = { UPSTREAM_REGISTRY: hub.registry, UPSTREAM_AUTH: hub.auth };
    const token = async (repo) => {
      const r = await fetch(`${hub.auth}/token?service=${SERVICE}&scope=repository:${repo}:pull`);
      if (r.status !== 200) throw new Error(`token for ${repo}: ${r.status}`);
      return (await r.json()).token;
    };
    const layer = images.huge.manifest.layers[0];
    const blobPath = `/v2/${images.huge.repo}/blobs/${layer.digest}`;
    const layerMB = layer.size / MB;

    /** A Miniflare with its inspector on the worker's isolate, the profiler enabled. */
    async function worker(vars, { r2 = false, seed = false } = {}) {
      const inspectorPort = await freePort();
      const persistDir = fs.mkdtempSync(path.join(workDir, "tiers-persist-"));
      const mf = await startMiniflare({ workDir, vars: { ...baseVars, ...vars }, dist: seed ? seedDist : dist, inspectorPort,
        persistDir, ...(r2 ? { r2Buckets: ["CONTENT_BUCKET"] } : {}) });
      const inspector = await Inspector.open(inspectorPort);
      await inspector.send("Profiler.enable");
      return {
        mf, inspector,
        async stop() {
          inspector.close();
          await mf.stop();
          fs.rmSync(persistDir, { recursive: true, force: true });
          fs.rmSync(mf.cacheDir, { recursive: true, force: true });
        },
      };
    }
    /** Runs `work` measured: process CPU (ms) and, with `profile`, the isolate's time from a profile around it. */
    async function measured(w, profile, work) {
      if (profile) await w.inspector.start(SAMPLING_US);
      const before = cpuNs(w.mf.pid);
      let out, profiled = null;
      try {
        out = await work();
      } finally {
        if (profile) profiled = jsTime(trace(await w.inspector.stop()), tickUs);
      }
      return { ...out, cpuMs: (cpuNs(w.mf.pid) - before) / 1e6, ...(profiled ?? {}) };
    }

    // ---- 1. fills: each measurement a fresh Miniflare (empty bucket, empty cache), warmed by library/hello's blobs
    const fillSamples = Object.fromEntries(FILLS.map((f) => [f.key, []]));
    const helloBlobs = [images.hello.manifest.config, ...images.hello.manifest.layers].map((b) => `/v2/${images.hello.repo}/blobs/${b.digest}`);
    // the seed passes the client's token on (tokens last 300 s: one per use)
    const seedToken = { hello: () => token(images.hello.repo), huge: () => token(images.huge.repo) };
    // the 300 MB file into the page cache
    await get(`${hub.registry}${blobPath}`, { auth: await seedToken.huge(), follow: true });
    for (let i = 0; i < runs; i++) {
      for (const fill of FILLS) {
        for (const profile of [false, true]) {
          log(`fill ${fill.key}, run ${i + 1}/${runs}${profile ? ", profiled" : ""} (${((performance.now() - t0) / 1000).toFixed(0)} s so far)`);
          const w = await worker(fill.vars, fill);
          try {
            // warm-up: the small blobs through the same paths (JIT, connections), their fills landed
            // (small blobs fit the edge cache: with a bucket they go there from R2 once stored)
            for (const p of helloBlobs) await get(w.mf.url + p, { auth: fill.seed ? await seedToken.hello() : undefined });
            if (!fill.seed) await untilFilled(w.mf.pid, w.mf.port, helloBlobs[helloBlobs.length - 1], "edge");
            const auth = fill.seed ? await seedToken.huge() : undefined;
            const r = await measured(w, profile, async () => {
              const g = await get(w.mf.url + blobPath, { auth });
              const done = fill.tier ? await untilFilled(w.mf.pid, w.mf.port, blobPath, fill.tier) : { heads: 0, seconds: 0 };
              return { ...g, heads: done.heads, fillSeconds: g.seconds + done.seconds };
            });
            if (r.code !== 200 || r.size !== layer.size || (!fill.seed && r.cache !== "MISS")) {
              throw new Error(`fill ${fill.key}: ${r.code} ${r.size} bytes X-Cache ${r.cache}; wanted 200 ${layer.size} MISS`);
            }
            if (process.env.BENCH_VERBOSE) log(fill.key, profile ? "profiled" : "plain", JSON.stringify(r));
            fillSamples[fill.key].push({ profile, ...r });
          } finally {
            await w.stop();
          }
        }
      }
    }
    const fills = FILLS.map((fill) => {
      const plain = fillSamples[fill.key].filter((x) => !x.profile);
      const prof = fillSamples[fill.key].filter((x) => x.profile);
      const cpuMs = median(plain.map((x) => x.cpuMs));
      return {
        key: fill.key, label: fill.label,
        cpuMs, cpuMsPerMB: cpuMs / layerMB,
        jsMs: median(prof.map((x) => x.jsMs)), isolateMs: median(prof.map((x) => x.isolateMs)),
        gcMs: median(prof.map((x) => x.gcMs)), rawJsMs: median(prof.map((x) => x.rawJsMs)),
        profiledCpuMs: median(prof.map((x) => x.cpuMs)),
        mbps: median(plain.map((x) => x.mbps)), fillSeconds: median(plain.map((x) => x.fillSeconds)),
        heads: Math.max(...fillSamples[fill.key].map((x) => x.heads)),
        cpuAll: plain.map((x) => x.cpuMs), jsAll: prof.map((x) => x.jsMs),
      };
    });

    // ---- 2. /download: one Miniflare whose edge cache takes nothing this large and has no bucket, so a blob GET of
    // the layer is a pass-through like the download's (no fill competing for the cores)
    log(`downloads (${((performance.now() - t0) / 1000).toFixed(0)} s so far)`);
    const w = await worker({ EDGE_CACHE_MAX_BYTES: "1000000" });
    cleanup.unshift(() => w.stop());
    const downloads = { tp: { download: [], blob: [], registry: [] }, js: {} };
    // a download costs a second or two: more runs than the fills, for figures of a few ms
    const dlRuns = Math.max(5, runs + 1);
    const sizes = [["hello", images.hello], ["medium", images.medium], ["huge", images.huge]];
    const downloadUrl = (image) => `${w.mf.url}/download/${image.repo.replace(/^library\//, "")}:${image.tag}`;
    const expectSize = {};
    try {
      // warm-up: every path once (JIT, connections, page cache); and each archive's length
      for (const [name, image] of sizes) expectSize[name] = (await get(downloadUrl(image))).size;
      await get(w.mf.url + blobPath);
      // MB/s swings on a shared machine: the three interleaved, 2 more runs than the profiles
      for (let i = 0; i < dlRuns + 2; i++) {
        const d = await measured(w, false, () => get(downloadUrl(images.huge)));
        const b = await measured(w, false, () => get(w.mf.url + blobPath));
        const r = await get(`${hub.registry}${blobPath}`, { auth: await seedToken.huge(), follow: true });
        if (d.code !== 200 || d.size !== expectSize.huge || b.code !== 200 || b.size !== layer.size || b.cache === "HIT" || r.size !== layer.size) {
          throw new Error(`downloads: ${JSON.stringify({ d, b, r })}`);
        }
        downloads.tp.download.push(d);
        downloads.tp.blob.push(b);
        downloads.tp.registry.push(r);
      }
      for (let i = 0; i < dlRuns; i++) {
        for (const [name, image] of [...sizes, ["blob", null]]) {
          const r = await measured(w, true, () => get(image ? downloadUrl(image) : w.mf.url + blobPath));
          if (r.code !== 200 || r.size !== (image ? expectSize[name] : layer.size)) throw new Error(`download ${name}: ${JSON.stringify(r)}`);
          if (process.env.BENCH_VERBOSE) log("profiled", name, JSON.stringify(r));
          (downloads.js[name] ??= []).push(r);
          await sleep(100);
        }
      }
    } finally {
      await w.stop();
      cleanup.shift();
    }
    const tp = Object.fromEntries(Object.entries(downloads.tp).map(([k, v]) => [k, { all: v.map((x) => x.mbps), mbps: median(v.map((x) => x.mbps)), cpuMs: v[0].cpuMs === undefined ? null : median(v.map((x) => x.cpuMs)) }]));
    const js = Object.fromEntries(Object.entries(downloads.js).map(([k, v]) => [k, {
      bytes: v[0].size, jsMs: median(v.map((x) => x.jsMs)), isolateMs: median(v.map((x) => x.isolateMs)), gcMs: median(v.map((x) => x.gcMs)),
      rawJsMs: median(v.map((x) => x.rawJsMs)), all: v.map((x) => x.jsMs),
    }]));
    const seconds = (performance.now() - t0) / 1000;
    const markdown = await report({ fills, tp, js, layer, runs, dlRuns, seconds, calibration });
    return { fills, downloads: { tp, js }, markdown, seconds };
  } finally {
    for (const stop of cleanup) await stop().catch(() => {});
  }
}

async function report({ fills, tp, js, layer, runs, dlRuns, seconds, calibration }) {
  const f = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? "" : x.toFixed(d));
  const ok = (b) => (b ? "met" : "**missed**");
  const version = (await run(WORKERD, ["--version"])).stdout.trim();
  const edge = fills.find((x) => x.key === "edge");
  const seed = fills.find((x) => x.key === "seed");
  const lines = [];
  lines.push(`## The R2 tier's fill and /download

Miniflare (${version}; the Cache API and a local R2 on disk), workerd's inspector open; the upstream of the tests.
The layer: library/huge's, ${layer.size.toLocaleString("en")} bytes. \`bench/tiers.mjs\`; medians of ${runs} runs, ${f(seconds)} s in all.

**Fill of the layer.** An anonymous GET through the mirror (a miss), measured until the fill is done: a HEAD says
\`X-Cache: HIT\` from the tier filled (\`X-Cache-Tier: r2\` or \`edge\`), asked only once the process has gone quiet.
Each measurement is a fresh Miniflare (an empty bucket and cache), warmed by library/hello's blobs. The R2 rows set
\`EDGE_CACHE_MAX_BYTES=1000000\` (the bucket alone is filled) but for "then R2 → edge", which keeps the defaults (a
300 MB layer fits the edge cache's 512 MB: the bucket is filled, then the edge cache from the bucket). The seed's
worker makes no fill: its row is the plain GET. **Process CPU** is the whole workerd: Miniflare's R2 simulator is
another isolate of the same process (it hashes what it stores in JavaScript), and its cache and entry workers too; it
is not what Cloudflare bills. **JS ms** is the worker's own isolate (\`core:user:\`) in a V8 CPU profile
(${SAMPLING_US} µs asked, the sampler ticked every ${calibration.tickUs} µs; samples outside (idle)/(program)/(root),
each counted for at most one tick), taken on a fill of its own; **isolate ms** counts (program) too.

| fill | process CPU ms | CPU ms/MB | × edge fill | JS ms | of which GC | JS ms/MB | isolate ms | isolate ms/MB | Δ sum | client MB/s | fill done after (s) | HEADs |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
  const perMB = layer.size / MB;
  for (const r of fills) {
    lines.push(`| ${r.label} | ${f(r.cpuMs)} | ${f(r.cpuMsPerMB, 2)} | ${f(r.cpuMs / edge.cpuMs, 2)} | ${f(r.jsMs, 1)} | ${f(r.gcMs, 1)} | ${f(r.jsMs / perMB, 3)} | ${f(r.isolateMs, 1)} | ${f(r.isolateMs / perMB, 3)} | ${f(r.rawJsMs, 1)} | ${f(r.mbps)} | ${f(r.fillSeconds, 1)} | ${r.heads} |`);
  }
  const small = js.hello, huge = js.huge;
  const base = Math.max(small.jsMs, 0.1);
  const tpRatio = tp.download.mbps / tp.blob.mbps;
  const jsRatio = huge.jsMs / base;
  lines.push(`
Process CPU of each run (ms): ${fills.map((r) => `${r.key} ${r.cpuAll.map((x) => f(x)).join(", ")}`).join("; ")}. JS ms of each
profiled run: ${fills.map((r) => `${r.key} ${r.jsAll.map((x) => f(x, 1)).join(", ")}`).join("; ")}. The seed's GET:
${f(seed.cpuMsPerMB, 2)} ms/MB of process CPU.

**GET /download/<image>.** One Miniflare with \`EDGE_CACHE_MAX_BYTES=1000000\` and no bucket, so the plain blob GET of the
layer is a pass-through as the download's layer is (no fill beside it). MB/s by curl (body to /dev/null), medians of
${dlRuns + 2} interleaved runs; the registry's own figure is curl -L with a token, straight to it.

| measure | /download/huge:1 | blob GET of its layer | registry directly | ratio | target |
|---|---:|---:|---:|---|---|
| MB/s | ${f(tp.download.mbps)} | ${f(tp.blob.mbps)} | ${f(tp.registry.mbps)} | download/blob ${f(tpRatio, 2)} | ≥ 0.9: ${ok(tpRatio >= 0.9)} |
| MB/s of each run | ${tp.download.all.map((x) => f(x)).join(", ")} | ${tp.blob.all.map((x) => f(x)).join(", ")} | ${tp.registry.all.map((x) => f(x)).join(", ")} | | |
| process CPU ms (CPU ms/MB) | ${f(tp.download.cpuMs)} (${f(tp.download.cpuMs / perMB, 2)}) | ${f(tp.blob.cpuMs)} (${f(tp.blob.cpuMs / perMB, 2)}) | | download/blob ${f(tp.download.cpuMs / tp.blob.cpuMs, 2)} | |

| the isolate per request (profiled, medians of ${dlRuns}) | bytes | JS ms | isolate ms | of which GC | Δ sum |
|---|---:|---:|---:|---:|---:|`);
  const names = { hello: "/download/hello:1", medium: "/download/medium:1", huge: "/download/huge:1", blob: "blob GET of huge's layer" };
  for (const k of ["hello", "medium", "huge", "blob"]) {
    const r = js[k];
    lines.push(`| ${names[k]} | ${r.bytes.toLocaleString("en")} | ${f(r.jsMs, 1)} | ${f(r.isolateMs, 1)} | ${f(r.gcMs, 1)} | ${f(r.rawJsMs, 1)} |`);
  }
  lines.push(`
JS ms of each profiled download: ${["hello", "medium", "huge", "blob"].map((k) => `${k} ${js[k].all.map((x) => f(x, 1)).join(", ")}`).join("; ")}.
Target: the 300 MB download's JS time within 1.2× the small one's (${f(huge.jsMs, 1)} / ${f(small.jsMs, 1)} ms = ${f(jsRatio, 2)}; under 0.1 ms taken
as 0.1): ${ok(jsRatio <= 1.2)}${jsRatio > 1.2 && huge.jsMs - small.jsMs < 2 ? ` (a difference of ${f(huge.jsMs - small.jsMs, 1)} ms, within this profile's noise)` : ""}.
`);
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-tiers-"));
  try {
    if (process.env.BENCH_BUILD === "1") {
      const dry = await buildBundle(DIST);
      if (dry.code !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${dry.stdout}\n${dry.stderr}`);
    }
    if (!fs.existsSync(path.join(DIST, "entry.js"))) throw new Error(`no bundle in ${DIST}: run scripts/bench, or set BENCH_BUILD=1`);
    const { markdown } = await measureTiers({ workDir, runs: Number(process.env.BENCH_TIER_RUNS ?? 2) });
    console.log(markdown);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
