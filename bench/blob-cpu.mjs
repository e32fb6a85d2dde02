// "CPU per blob": what one blob costs the Worker, per path (cache hit, cache fill, anonymous pass-through,
// logged-in), for a ~400-byte, a ~30 MB and a ~300 MB blob, hubmirror against the seed's worker
// (bench/seed-worker.js: the fetch body handed on as it is), in one run on the same bytes.
//
// Both run in Miniflare (what `wrangler dev` runs: workerd plus the Cache API, kept on disk), each variant in
// a Miniflare of its own (its own workerd process), with workerd's inspector open. Per request:
//  - process CPU: utime+stime of that workerd process (schedstat) from before the GET to the end of the
//    request (for a fill: until a HEAD says X-Cache: HIT), per MB of blob;
//  - the isolate's time: a V8 CPU profile (100 µs sampling) of the worker's isolate (Miniflare names it
//    `core:user:` in workerd's /json/list), each sample counted for its delta but at most one sampler tick
//    (see jsTime, and calibrate for the tick and a check against process CPU); taken on a second request of
//    its own, because the sampler's signals cost the process CPU;
//  - throughput: curl's wall time of the GET with the body read to its end.
// Each figure is the median of BENCH_RUNS (3) runs. A cache fill is a GET under a Host not used before:
// the mirror keys its cache entries by the request's origin, so each fill stores a new entry in the same,
// warm isolate.
//
//   node bench/blob-cpu.mjs      (after `mvn -q -B -DskipTests package` and buildBundle(DIST), i.e. after
//                                 scripts/bench; BENCH_BUILD=1 runs buildBundle first; BENCH_DIST: another
//                                 bundle directory). About 2.5 minutes; ~4 GB written to $TMPDIR (cache fills).
//   BENCH_RUNS (3), BENCH_BLOB_HUGE=0 (leave out the 300 MB blob: a quick run), BENCH_VERBOSE=1 (each request)
// Or from another script: measureBlobCpu({ workDir, hub, images, runs }) resolves { rows, targets, markdown, images, … }.
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
import { Inspector } from "./inspector.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const MB = 1e6;
/** The Free plan's CPU time per request (ms), and the layer size the verdict is about (MB). */
const FREE_MS = 10;
const VERDICT_MB = 500;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (...a) => console.error("blob-cpu:", ...a);

/** The workers compared: the seed, hubmirror as configured by default, and hubmirror with the blob knobs. */
function variants(vars, seedDist) {
  return {
    seed: { label: "seed", dist: seedDist, vars },
    java: { label: "hubmirror", vars },
    rate0: { label: "hubmirror `BLOB_MIN_RATE=0`", vars: { ...vars, BLOB_MIN_RATE: "0" } },
    digest: { label: "hubmirror `VERIFY_BLOBS=digest`", vars: { ...vars, VERIFY_BLOBS: "digest" } },
  };
}

/** The rows: a path through one variant. The seed has no cache: each of its requests is a pass-through. */
const ROWS = [
  { path: "seed", variant: "seed", label: "any (pass-through)" },
  { path: "hit", variant: "java", label: "hit" },
  { path: "fill", variant: "java", label: "fill" },
  { path: "fill", variant: "digest", label: "fill" },
  { path: "pass", variant: "java", label: "anonymous pass-through" },
  { path: "pass", variant: "rate0", label: "anonymous pass-through" },
  { path: "logged", variant: "java", label: "logged-in" },
  { path: "logged", variant: "rate0", label: "logged-in" },
];

/** The profiler's sampling interval (µs). */
export const SAMPLING_US = 100;

// a sample's class: not the isolate's time, JavaScript (GC included), (program)
const OUT = 0, JS = 1, PROGRAM = 2;

/** A CPU profile reduced to what jsTime needs: each sample's class, its time delta (µs), and GC's samples. */
export function trace(profile) {
  const names = new Map(profile.nodes.map((n) => [n.id, n.callFrame.functionName]));
  const kinds = new Uint8Array(profile.samples.length);
  const gc = new Uint8Array(profile.samples.length);
  profile.samples.forEach((id, i) => {
    const name = names.get(id);
    kinds[i] = name === "(idle)" || name === "(root)" ? OUT : name === "(program)" ? PROGRAM : JS;
    gc[i] = name === "(garbage collector)" ? 1 : 0;
  });
  return { kinds, gc, deltas: Int32Array.from(profile.timeDeltas, (d) => Math.max(0, d)) };
}

/**
 * The isolate's time in a trace (ms), each sample counted for its time delta but at most `tickUs`.
 * V8 takes a sample only while the isolate is entered: the delta of the first sample after a pause also spans
 * the time the thread spent elsewhere (other isolates, I/O, waiting), and the plain sum of deltas (`rawJsMs`)
 * can exceed the whole process's CPU. Counting each sample for at most one tick of the sampler (measured per run,
 * see calibrate) makes a sample stand for the time it samples. `jsMs`: samples outside (idle)/(program)/(root),
 * GC included. `isolateMs`: with (program) as well: workerd's work while the isolate is entered, and
 * JavaScript whose stack V8 did not walk (in this workerd an optimized hot loop lands wholly in (program)).
 */
export function jsTime({ kinds, gc, deltas }, tickUs) {
  let raw = 0, js = 0, isolate = 0, gcUs = 0;
  for (let i = 0; i < kinds.length; i++) {
    if (kinds[i] === OUT) continue;
    const capped = Math.min(deltas[i], tickUs);
    isolate += capped;
    if (kinds[i] === JS) {
      raw += deltas[i];
      js += capped;
    }
    if (gc[i]) gcUs += capped;
  }
  return { rawJsMs: raw / 1000, jsMs: js / 1000, isolateMs: isolate / 1000, gcMs: gcUs / 1000, samples: kinds.length };
}

// The calibration worker: a JavaScript loop of n turns, nothing else.
const BUSY_WORKER = `export default {
  async fetch(request) {
    const n = Number(new URL(request.url).searchParams.get("n"));
    let x = 0;
    for (let i = 0; i < n; i++) x = (x * 31 + i) % 1000003;
    return new Response(String(x));
  },
};
`;

/**
 * The sampler's real tick under this run's load, and a check of the estimate: a worker that only loops in
 * JavaScript (~50 ms), profiled; the tick is the median delta of its samples (the isolate is entered all along),
 * and its isolate time should match the process CPU it costs beyond an empty request.
 */
export async function calibrate(workDir) {
  const dist = path.join(workDir, "blob-cpu-busy");
  fs.mkdirSync(dist, { recursive: true });
  fs.writeFileSync(path.join(dist, "entry.js"), BUSY_WORKER);
  const inspectorPort = await freePort();
  const mf = await startMiniflare({ workDir, vars: {}, dist, inspectorPort });
  const inspector = await Inspector.open(inspectorPort);
  try {
    await inspector.send("Profiler.enable");
    const cpu = async (n) => {
      const before = cpuNs(mf.pid);
      await runOk("curl", ["-sS", "-o", "/dev/null", `${mf.url}/?n=${n}`]);
      return (cpuNs(mf.pid) - before) / 1e6;
    };
    const n = 1e7;
    for (let i = 0; i < 3; i++) await cpu(n); // JIT
    const empty = median([await cpu(0), await cpu(0), await cpu(0)]);
    const busy = median([await cpu(n), await cpu(n), await cpu(n)]) - empty;
    const ticks = [], traces = [];
    for (let i = 0; i < 3; i++) {
      await inspector.start(SAMPLING_US);
      await cpu(n);
      const t = trace(await inspector.stop());
      traces.push(t);
      const inside = [...t.deltas].filter((_, k) => t.kinds[k] !== OUT);
      if (inside.length >= 20) ticks.push(median(inside));
      await sleep(100);
    }
    // within reason: 1×–5× the interval asked for
    const tickUs = Math.min(5 * SAMPLING_US, Math.max(SAMPLING_US, ticks.length ? median(ticks) : 2 * SAMPLING_US));
    const estimate = median(traces.map((t) => jsTime(t, tickUs).isolateMs));
    return { tickUs, busyCpuMs: busy, busyIsolateMs: estimate, busyJsMs: median(traces.map((t) => jsTime(t, tickUs).jsMs)) };
  } finally {
    inspector.close();
    await mf.stop();
  }
}

/** A HEAD by node:http (which, unlike fetch, sends the Host it is given): {status, cache}. */
function head(port, pathname, host) {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path: pathname, method: "HEAD", agent: false, headers: host ? { host } : {} }, (res) => {
      res.resume();
      resolve({ status: res.statusCode, cache: res.headers["x-cache"] ?? null });
    });
    req.setTimeout(10_000, () => req.destroy(new Error(`HEAD ${pathname}: no answer within 10 s`)));
    req.on("error", reject);
    req.end();
  });
}

/** Polls HEAD until the mirror says X-Cache: HIT (at most ~60 s); resolves the number of HEADs sent. */
async function untilHit(port, pathname, host) {
  const deadline = Date.now() + 60_000;
  for (let i = 1; i <= 3000; i++) {
    const r = await head(port, pathname, host);
    if (r.status === 200 && r.cache === "HIT") return i;
    if (Date.now() > deadline) break;
    await sleep(20);
  }
  throw new Error(`${host ?? "default host"} ${pathname}: no X-Cache: HIT within 60 s`);
}

/** One GET with curl, body to /dev/null: {code, size, seconds, cache}. */
async function get(port, pathname, { host, auth, range }) {
  const args = ["-sS", "-o", "/dev/null", "-w", "%{http_code} %{size_download} %{time_total} %header{x-cache}"];
  if (host) args.push("-H", `Host: ${host}`);
  if (auth) args.push("-H", `Authorization: Bearer ${auth}`);
  if (range) args.push("-H", `Range: ${range}`);
  args.push(`http://127.0.0.1:${port}${pathname}`);
  const r = await runOk("curl", args, { timeoutMs: 300_000 });
  const [code, size, seconds, cache] = r.stdout.trim().split(" ");
  return { code: Number(code), size: Number(size), seconds: Number(seconds), cache: cache || null };
}

/**
 * Measures every row × blob size. `hub`/`images`: an upstream already running (its images need not include
 * the 30/300 MB ones: they are pushed here if missing); without them, this starts its own.
 * Resolves { rows, targets, markdown }.
 */
export async function measureBlobCpu({ workDir, hub, images, runs = 3, dist = DIST, huge = true } = {}) {
  const t0 = performance.now();
  const cleanup = [];
  try {
    if (!hub) {
      log("starting registry, token server and CDN");
      hub = await startHub(workDir);
      cleanup.push(() => hub.stop());
    }
    if (!images?.medium || (huge && !images?.huge)) {
      log(`building and pushing the test images with a 30 MB${huge ? " and a 300 MB" : ""} layer`);
      const dir = path.join(workDir, "blob-cpu-images");
      fs.mkdirSync(dir, { recursive: true });
      images = await buildAndPush(dir, `127.0.0.1:${hub.registryPort}`, { medium: true, huge });
    }
    const layer = (image) => image.manifest.layers[0];
    const blobs = [
      { name: "small", repo: images.hello.repo, ...images.hello.manifest.config },
      { name: "30 MB", repo: images.medium.repo, ...layer(images.medium) },
      ...(huge ? [{ name: "300 MB", repo: images.huge.repo, ...layer(images.huge) }] : []),
    ];
    const smallBlob = blobs[0];
    const largest = blobs[blobs.length - 1];

    // the seed's script as a bundle directory of its own: entry.js and the page it imports
    const seedDist = path.join(workDir, "blob-cpu-seed");
    fs.mkdirSync(seedDist, { recursive: true });
    fs.copyFileSync(path.join(ROOT, "bench/seed-worker.js"), path.join(seedDist, "entry.js"));
    fs.copyFileSync(path.join(ROOT, "html/index.html"), path.join(seedDist, "index.html"));

    const vars = { UPSTREAM_REGISTRY: hub.registry, UPSTREAM_AUTH: hub.auth };
    const workers = variants(vars, seedDist);
    for (const [key, w] of Object.entries(workers)) {
      const inspectorPort = await freePort();
      const mf = await startMiniflare({ workDir, vars: w.vars, dist: w.dist ?? dist, inspectorPort });
      cleanup.unshift(() => mf.stop());
      w.mf = mf;
      w.inspector = await Inspector.open(inspectorPort);
      cleanup.unshift(async () => w.inspector.close());
      await w.inspector.send("Profiler.enable");
      log(`${key}: Miniflare on ${mf.port}, workerd pid ${mf.pid}, inspector on ${inspectorPort}`);
    }

    const token = async (repo) => {
      const r = await fetch(`${hub.auth}/token?service=${SERVICE}&scope=repository:${repo}:pull`);
      if (r.status !== 200) throw new Error(`token for ${repo}: ${r.status}`);
      return (await r.json()).token;
    };
    let fresh = 0;
    const stamp = Date.now().toString(36);
    // a Host not used before is a cache key not used before: the mirror keys its entries by the request's origin
    const freshHost = (kind) => `${kind}-${stamp}-${++fresh}.bench.test`;
    /** What a row's request carries, and what it must answer (X-Cache: `cache` if set; never HIT on a miss). */
    async function shape(row, blob) {
      switch (row.path) {
        case "seed": return { auth: await token(blob.repo), status: 200 };
        case "hit": return { status: 200, cache: "HIT" };
        case "fill": return { host: freshHost("fill"), status: 200, cache: "MISS", fill: true };
        // a range is never stored, and no entry answers it under a Host nothing was filled under
        case "pass": return { host: freshHost("pass"), range: "bytes=0-", status: 206, miss: true };
        case "logged": return { auth: `hubmirror~docker.io~${await token(blob.repo)}`, status: 200, miss: true };
      }
      throw new Error(row.path);
    }
    /** One request: process CPU (ms), wall seconds, and with `profile` the isolate's JS time. */
    async function once(row, blob, profile) {
      const w = workers[row.variant];
      const s = await shape(row, blob);
      const pathname = `/v2/${blob.repo}/blobs/${blob.digest}`;
      if (profile) await w.inspector.start(SAMPLING_US);
      const before = cpuNs(w.mf.pid);
      let r, heads = 0, js = null;
      try {
        r = await get(w.mf.port, pathname, s);
        if (s.fill && r.code === 200) heads = await untilHit(w.mf.port, pathname, s.host);
      } finally {
        if (profile) js = trace(await w.inspector.stop());
      }
      const cpuMs = (cpuNs(w.mf.pid) - before) / 1e6;
      if (r.code !== s.status || r.size !== blob.size || (s.cache && r.cache !== s.cache) || (s.miss && r.cache === "HIT")) {
        throw new Error(`${row.variant} ${row.path} ${blob.name}: ${r.code} ${r.size} bytes X-Cache ${r.cache}; wanted ${s.status} ${blob.size} bytes X-Cache ${s.cache ?? "not HIT"}`);
      }
      return { cpuMs, seconds: r.seconds, heads, trace: js };
    }

    // the hit path's entries: filled by a first anonymous GET, landed when a HEAD says HIT
    log("filling the cache for the hit path");
    for (const blob of blobs) {
      const w = workers.java;
      const pathname = `/v2/${blob.repo}/blobs/${blob.digest}`;
      const r = await get(w.mf.port, pathname, {});
      if (r.code !== 200 || r.size !== blob.size) throw new Error(`filling ${blob.name}: ${JSON.stringify(r)}`);
      await untilHit(w.mf.port, pathname, null);
    }
    // warm-up: every row once on the small and the 30 MB blob (JIT, connections, page cache)
    log("warm-up");
    for (const row of ROWS) for (const blob of blobs.slice(0, 2)) await once(row, blob, false);
    if (huge) for (const row of ROWS) await once(row, largest, false); // the 300 MB file into the page cache

    // the sampler's tick under this load, and a check of the estimate on a worker that only computes
    log("calibrating the profile's estimate");
    const calibration = await calibrate(workDir);
    const tickUs = calibration.tickUs;
    log(`sampler tick ${tickUs} µs; a busy loop of ${calibration.busyCpuMs.toFixed(1)} ms process CPU is estimated at ${calibration.busyIsolateMs.toFixed(1)} ms`);

    // runs × sizes × rows, rows interleaved so that drift on a shared machine hits all alike; each cell a
    // plain request (CPU, MB/s) and a profiled one (JS time; and the profiler's own cost in process CPU)
    const samples = new Map();
    const cell = (row, blob) => `${row.variant}|${row.path}|${blob.name}`;
    for (let i = 0; i < runs; i++) {
      log(`run ${i + 1}/${runs} (${((performance.now() - t0) / 1000).toFixed(0)} s so far)`);
      for (const blob of blobs) {
        for (const row of ROWS) {
          const plain = await once(row, blob, false);
          await sleep(100);
          const profiled = await once(row, blob, true);
          await sleep(100);
          Object.assign(profiled, jsTime(profiled.trace, tickUs));
          delete profiled.trace;
          const k = cell(row, blob);
          if (!samples.has(k)) samples.set(k, []);
          samples.get(k).push({ plain, profiled });
          if (process.env.BENCH_VERBOSE) log(k, JSON.stringify({ plain, profiled }, (_, v) => (typeof v === "number" ? Math.round(v * 100) / 100 : v)));
        }
      }
    }

    // ---- per cell: medians
    const rows = [];
    for (const row of ROWS) {
      for (const blob of blobs) {
        const xs = samples.get(cell(row, blob));
        const cpuMs = median(xs.map((x) => x.plain.cpuMs));
        const seconds = median(xs.map((x) => x.plain.seconds));
        rows.push({
          path: row.path, variant: row.variant, implementation: workers[row.variant].label, pathLabel: row.label,
          blob: blob.name, bytes: blob.size,
          cpuMs, cpuMsPerMB: cpuMs / (blob.size / MB),
          jsMs: median(xs.map((x) => x.profiled.jsMs)), gcMs: median(xs.map((x) => x.profiled.gcMs)),
          isolateMs: median(xs.map((x) => x.profiled.isolateMs)), rawJsMs: median(xs.map((x) => x.profiled.rawJsMs)),
          mbps: blob.size / MB / seconds, seconds,
          profiledCpuMs: median(xs.map((x) => x.profiled.cpuMs)),
          heads: Math.max(...xs.map((x) => x.plain.heads)),
          runs: xs,
        });
      }
    }
    const find = (variant, path, blob) => rows.find((r) => r.variant === variant && r.path === path && r.blob === blob);
    for (const r of rows) {
      const seed = find("seed", "seed", r.blob);
      r.cpuVsSeed = r.cpuMsPerMB / seed.cpuMsPerMB;
      r.mbpsVsSeed = r.mbps / seed.mbps;
    }

    // ---- targets per row, on the isolate's time (JS and (program)); the same on JS alone for comparison
    const big = blobs.slice(1).map((b) => b.name);
    const targets = ROWS.map((row) => {
      const small = find(row.variant, row.path, smallBlob.name);
      const top = find(row.variant, row.path, largest.name);
      const span = (top.bytes - small.bytes) / MB;
      const extrapolate = (key) => small[key] + (Math.max(0, top[key] - small[key]) / span) * VERDICT_MB;
      const growth = top.isolateMs - small.isolateMs;
      const cpuChecked = row.path === "hit" || row.path === "pass";
      return {
        path: row.path, variant: row.variant, implementation: workers[row.variant].label, pathLabel: row.label,
        growthMs: growth, growthOk: growth <= 10, jsGrowthMs: top.jsMs - small.jsMs,
        cpuRatios: big.map((b) => find(row.variant, row.path, b).cpuVsSeed),
        cpuOk: cpuChecked ? big.every((b) => find(row.variant, row.path, b).cpuVsSeed <= 1.1) : null,
        mbpsRatios: big.map((b) => find(row.variant, row.path, b).mbpsVsSeed),
        mbpsOk: big.every((b) => find(row.variant, row.path, b).mbpsVsSeed >= 0.9),
        perMB: Math.max(0, growth) / span,
        at500Ms: extrapolate("isolateMs"), fits500: extrapolate("isolateMs") <= FREE_MS,
        jsAt500Ms: extrapolate("jsMs"),
      };
    });
    const profilerOverhead = median(rows.filter((r) => r.blob === largest.name).map((r) => r.profiledCpuMs / r.cpuMs));
    const seconds = (performance.now() - t0) / 1000;
    const markdown = await report({ rows, targets, blobs, runs, profilerOverhead, seconds, calibration });
    return { rows, targets, markdown, profilerOverhead, seconds, calibration, images };
  } finally {
    for (const stop of cleanup) await stop().catch(() => {});
  }
}

async function report({ rows, targets, blobs, runs, profilerOverhead, seconds, calibration }) {
  const f = (x, d = 0) => (x === null || x === undefined || Number.isNaN(x) ? "" : x.toFixed(d));
  const ok = (b) => (b === null ? "–" : b ? "met" : "**missed**");
  const largest = blobs[blobs.length - 1].name;
  const big = blobs.slice(1).map((b) => b.name);
  const version = (await run(WORKERD, ["--version"])).stdout.trim();
  const sizes = blobs.map((b) => `${b.name} ${b.size.toLocaleString("en")} bytes`).join(", ");
  const c = calibration;
  const lines = [];
  lines.push(`## CPU per blob

Miniflare (${version}; the Cache API on disk), one Miniflare (one workerd process) per worker, its inspector open;
the upstream of the tests (registry with token auth, blobs by 307 from a CDN). Blobs: ${sizes}.
Paths: **hit** (anonymous GET of a cached blob), **fill** (anonymous GET that misses and stores, measured until a
HEAD says \`X-Cache: HIT\`: the \`waitUntil\` work and those HEADs are in), **anonymous pass-through**
(\`Range: bytes=0-\`: 206, never stored), **logged-in** (the client's own upstream token; hubmirror gets it as
\`hubmirror~docker.io~<token>\`). The seed has no cache: each of its requests is a pass-through with the client's token.

- **Process CPU**: utime+stime of the worker's workerd, Miniflare's entry, outbound and cache workers included (a
  fill's figure is mostly Miniflare's cache storing the bytes: compare fills with each other).
- **Isolate ms**: the worker's isolate in a V8 CPU profile (${SAMPLING_US} µs asked; the sampler ticked every
  ${c.tickUs} µs under this load), taken on a separate request of the same cell (profiling cost
  ${f((profilerOverhead - 1) * 100)}% more process CPU on the ${largest} blob). V8 samples only while the isolate
  is entered, so each sample is counted for its time delta but at most one tick: the delta of the first sample
  after a pause spans the time the thread spent elsewhere. The plain sum of the JS samples' deltas (**Δ sum**)
  exceeds the whole process's CPU on large blobs. Isolate ms counts every sample but (idle)/(root); **JS ms** leaves
  out (program) too, GC in, but in this workerd JavaScript that V8 optimized lands in (program). Check: a worker
  that only loops in JavaScript cost ${f(c.busyCpuMs, 1)} ms of process CPU beyond an empty request; isolate ms
  ${f(c.busyIsolateMs, 1)}, JS ms ${f(c.busyJsMs, 1)}.
- **MB/s**: curl, body read whole. Medians of ${runs} runs; ${f(seconds)} s in all.

| path | worker | blob | process CPU ms | CPU ms/MB | × seed | isolate ms | JS ms | of which GC | Δ sum | MB/s | × seed |
|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
  for (const r of rows) {
    const small = r.blob === blobs[0].name;
    const vsSeed = small || r.variant === "seed";
    lines.push(`| ${r.pathLabel} | ${r.implementation} | ${r.blob} | ${f(r.cpuMs, 1)} | ${small ? "" : f(r.cpuMsPerMB, 2)} | ${vsSeed ? "" : f(r.cpuVsSeed, 2)} | ${f(r.isolateMs, 1)} | ${f(r.jsMs, 1)} | ${f(r.gcMs, 1)} | ${f(r.rawJsMs, 1)} | ${small ? "" : f(r.mbps)} | ${vsSeed ? "" : f(r.mbpsVsSeed, 2)} |`);
  }
  lines.push(`
Targets: isolate time of the ${largest} blob at most 10 ms above the small blob's; process CPU per MB within 1.1×
the seed's (hit and pass-through; ${big.join(" / ")}); MB/s at least 0.9× the seed's (${big.join(" / ")}). A
${VERDICT_MB} MB layer: the small blob's isolate time plus its growth per MB (small → ${largest}; none when negative)
times ${VERDICT_MB}, against the Free plan's ${FREE_MS} ms.

| path | worker | isolate ${largest} − small (ms) | ≤ 10 ms | CPU/MB × seed | ≤ 1.1× | MB/s × seed | ≥ 0.9× | isolate ms/MB | at ${VERDICT_MB} MB (ms) | JS alone at ${VERDICT_MB} MB |
|---|---|---:|---|---:|---|---:|---|---:|---:|---:|`);
  for (const t of targets) {
    const seed = t.variant === "seed";
    lines.push(`| ${t.pathLabel} | ${t.implementation} | ${f(t.growthMs, 1)} | ${ok(t.growthOk)} | ${seed ? "1" : t.cpuRatios.map((x) => f(x, 2)).join(" / ")} | ${seed ? "–" : ok(t.cpuOk)} | ${seed ? "1" : t.mbpsRatios.map((x) => f(x, 2)).join(" / ")} | ${seed ? "–" : ok(t.mbpsOk)} | ${f(t.perMB, 3)} | ${f(t.at500Ms, 1)} | ${f(t.jsAt500Ms, 1)} |`);
  }
  lines.push("");
  for (const t of targets) {
    lines.push(`- ${t.pathLabel}, ${t.implementation}: a ${VERDICT_MB} MB layer ${t.fits500 ? "fits" : "does not fit"} the Free plan's ${FREE_MS} ms (${f(t.at500Ms, 1)} ms).`);
  }
  return lines.join("\n") + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-blob-cpu-"));
  try {
    const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : DIST;
    if (process.env.BENCH_BUILD === "1" && !process.env.BENCH_DIST) {
      const dry = await buildBundle(DIST);
      if (dry.code !== 0) throw new Error(`wrangler deploy --dry-run failed:\n${dry.stdout}\n${dry.stderr}`);
    }
    if (!fs.existsSync(path.join(dist, "entry.js"))) {
      throw new Error(`no bundle in ${dist}: run scripts/bench (or mvn -q -B -DskipTests package and buildBundle), or set BENCH_BUILD=1`);
    }
    const { markdown } = await measureBlobCpu({
      workDir, dist,
      runs: Number(process.env.BENCH_RUNS ?? 3),
      huge: process.env.BENCH_BLOB_HUGE !== "0",
    });
    console.log(markdown);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
