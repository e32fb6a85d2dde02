// The handlers' own CPU time, per request kind: bench/cpu-harness.js calls each worker's fetch inside one
// isolate against stub upstreams (no I/O), in requests that never wait; workerd's CPU time is read from
// outside (cpuNs: schedstat of every workerd thread), because inside workerd Date.now() and
// performance.now() stand still while JavaScript runs (a Spectre mitigation): no per-call clock exists.
//
// How each figure is made (per kind and worker, each worker in an isolate of its own):
// - mean: `runs` requests of `iterations` calls each, after a JIT warm-up; (CPU of the request − CPU of an
//   empty request (n=0), median of three) / iterations, averaged over the runs. Every other run carries a
//   major GC: the mean charges each call its share of the collector, which a median would hide.
// - p50, p99: `batches` requests of `batch` calls each (k), sent back to back, each followed by an empty
//   request. A batch's per-call figure is (its CPU − the empty requests' median CPU) / k; p50 and p99 are
//   taken over the batches. They are percentiles of k-call means, not of single calls: an outlier call (a
//   GC) is spread over its batch. A single request per sample (k = 1) is not better: the empty request's
//   own CPU (~0.2 ms back to back, up to ~1 ms after an idle gap; its spread is several times a handler's)
//   would swamp the handler.
// - p99 ≤ (single): an upper bound on the p99 of single calls, from requests of one call each (k = 1, sent
//   between the batches): such a request's CPU is the call's plus the empty request's, which is never below
//   the smallest empty request seen, so at most 1 % of calls exceed (99th percentile of single requests −
//   smallest empty request). It carries the machine's noise (the empty request's own p99 is 0.5–3 ms on
//   this shared 2-core VM), but it cannot hide a slow call: it is what to hold against the Workers Free
//   plan's 10 ms of CPU per request.
// The stubs' work and building each Request are counted with the handler's (the same for every worker of
// a kind); the mirror writes its JSON log line on every call. Every figure is of a warm isolate: what a
// fresh isolate's first request costs, and what workerd's HTTP and stream work adds with real sockets, is
// bench/profile-small.mjs's to measure.
//
// Run alone: node bench/cpu.mjs (after scripts/bench or wrangler deploy --dry-run has written target/dist).
// BENCH_CPU_KINDS=ping,home (a subset), BENCH_RUNS, BENCH_CPU_ITERATIONS (at most 9000), BENCH_CPU_BATCHES
// (200), BENCH_CPU_BATCH (k, 10), BENCH_DIST (another build's bundle, to compare before and after a change).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { canConnect, freePort, sleep, startServer } from "../worker-src/test/runtime/lib/proc.mjs";
import { WORKERD, cpuNs, distModules, writeMultiConfig } from "../worker-src/test/runtime/lib/workerd.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** The p-quantile (0..1) by the nearest-rank rule. */
const quantile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
};

/**
 * The request kinds: what the Java worker answers (status, X-Cache), and which JS worker does the same job
 * (seed: bench/seed-worker.js, a plain proxy; cache: bench/cache-worker.js, with a digest-keyed cache), if any.
 */
export const KINDS = [
  { kind: "ping", label: "ping `GET /v2/` (anonymous: upstream 401, challenge rewritten)", java: { status: 401 }, js: "seed", jsStatus: 401 },
  { kind: "token", label: "token `GET /token` anonymous (the mirror's own grant)", java: { status: 200 } },
  { kind: "token-basic", label: "token `GET /token` with Basic (upstream token, wrapped)", java: { status: 200 } },
  { kind: "tag-hit", label: "manifest by tag, cache hit (tag entry + manifest)", java: { status: 200, cache: "HIT" } },
  { kind: "tag-miss", label: "manifest by tag, cache miss (HEAD, GET by digest, verify, store; seed: proxied)", java: { status: 200, cache: "MISS" }, js: "seed" },
  { kind: "hit", label: "manifest by digest, cache hit", java: { status: 200, cache: "HIT" }, js: "cache" },
  { kind: "digest-miss", label: "manifest by digest, cache miss (GET, verify, store)", java: { status: 200, cache: "MISS" }, js: "cache" },
  { kind: "manifest", label: "manifest by tag, logged in (proxied, verified)", java: { status: 200, cache: "BYPASS" }, js: "seed" },
  { kind: "blob-head", label: "blob `HEAD`, cache miss (307 to the CDN followed)", java: { status: 200, cache: "MISS" }, js: "seed" },
  { kind: "blob", label: "blob `GET` of 400 bytes, cache miss (307 followed, deadline pipe, second-download fill started)", java: { status: 200, cache: "MISS" }, js: "seed" },
  { kind: "home", label: "home page", java: { status: 200 }, js: "seed" },
  { kind: "healthz", label: "`/healthz` (9 upstreams' `/v2/` + a quota HEAD)", java: { status: 200 } },
  { kind: "search", label: "`/v1/search` (25 results filtered)", java: { status: 200 } },
];

/** The JS competitor's modules: its scripts and the same page template (text module index.html). */
export function seedModules(workDir) {
  const html = path.join(workDir, "index.html");
  fs.copyFileSync(path.join(ROOT, "html/index.html"), html);
  return [
    { name: "seed-worker.js", file: path.join(ROOT, "bench/seed-worker.js"), kind: "esModule" },
    { name: "cache-worker.js", file: path.join(ROOT, "bench/cache-worker.js"), kind: "esModule" },
    { name: "index.html", file: html, kind: "text" },
  ];
}

/**
 * Handler CPU per request. Resolves an object with the mean µs per call under `${impl}-${kind}` (impl: java;
 * java0, the Java worker with UPSTREAM_TIMEOUT_MS=0, for `java0Kinds`; js, the JS worker of that kind), and
 * `distribution[`${impl}-${kind}`]` = {p50, p99, p99bound, single, empty} in µs when `batches` > 0.
 * At most 9000 iterations: each proxied call arms a timeout, and workerd allows 10000 active timeouts per
 * request (here all calls share one).
 */
export async function measureCpu({ workDir, runs = 3, iterations = 8000, dist, kinds = ["home", "manifest", "hit"], batches = 0, batch = 10, java0Kinds = ["manifest"], log = () => {} }) {
  iterations = Math.min(iterations, 9000);
  const ports = { java: await freePort(), java0: await freePort(), seed: await freePort(), cache: await freePort() };
  const config = path.join(workDir, "cpu.capnp");
  const harness = { name: "cpu-harness.js", file: path.join(ROOT, "bench/cpu-harness.js"), kind: "esModule" };
  // Every proxied call arms a timeout timer, as in production; but thousands of calls in one request
  // would leave thousands of 30 s timers pending, which slows everything in the isolate (JS included)
  // far beyond what one request a time ever sees. 1 ms timers expire in the pause between runs.
  const vars = { UPSTREAM_REGISTRY: "https://registry.invalid", UPSTREAM_AUTH: "https://auth.invalid/token", UPSTREAM_TIMEOUT_MS: "1" };
  const js = seedModules(workDir);
  writeMultiConfig(config, [
    { name: "java", port: ports.java, vars, modules: [harness, ...distModules(dist)] },
    // the same, with the upstream timeout off: the seed's JavaScript has none, so this is like for like
    { name: "java0", port: ports.java0, vars: { ...vars, UPSTREAM_TIMEOUT_MS: "0" }, modules: [harness, ...distModules(dist)] },
    { name: "seed", port: ports.seed, vars, modules: [harness, ...js] },
    { name: "cache", port: ports.cache, vars, modules: [harness, ...js] },
  ]);
  const workerd = await startServer("workerd", WORKERD, ["serve", config], ports.java);
  try {
    for (const p of Object.values(ports)) {
      for (let i = 0; !(await canConnect(p)); i++) {
        if (i === 250) throw new Error(`workerd does not listen on ${p} after 5 s:\n${workerd.log()}`);
        await sleep(20);
      }
    }
    /** One harness request of n calls; resolves [workerd's CPU ms, the last call's {status, cache}]. */
    async function request(worker, kind, n) {
      const t0 = cpuNs(workerd.pid);
      const r = await fetch(`http://127.0.0.1:${ports[worker]}/?impl=${worker === "java0" ? "java" : worker}&kind=${kind}&n=${n}`);
      const body = await r.text();
      const ms = (cpuNs(workerd.pid) - t0) / 1e6;
      if (r.status !== 200) throw new Error(`cpu harness ${worker} ${kind}: ${r.status} ${body}`);
      return [ms, JSON.parse(body)];
    }
    async function time(worker, kind, n) {
      await sleep(300);
      return (await request(worker, kind, n))[0];
    }
    const result = { distribution: {} };
    for (const kind of kinds) {
      const spec = KINDS.find((k) => k.kind === kind);
      if (!spec) throw new Error(`no such kind: ${kind}`);
      const workers = ["java", ...(java0Kinds.includes(kind) ? ["java0"] : []), ...(spec.js ? [spec.js] : [])];
      const key = (w) => `${w === "seed" || w === "cache" ? "js" : w}-${kind}`;
      for (const w of workers) {
        // the answer is the one this kind is about (a hit is a hit), then a JIT warm-up
        const [, last] = await request(w, kind, 1);
        const want = w.startsWith("java") ? spec.java : { status: spec.jsStatus ?? 200 };
        if (last.status !== want.status || (want.cache && last.cache !== want.cache)) {
          throw new Error(`cpu harness ${w} ${kind}: answered ${JSON.stringify(last)}, expected ${JSON.stringify(want)}`);
        }
        await time(w, kind, Math.min(5000, iterations));
      }
      const overhead = {};
      for (const w of workers) overhead[w] = median([await time(w, kind, 0), await time(w, kind, 0), await time(w, kind, 0)]);
      // alternate the workers, so that drift on a shared machine hits all alike
      const samples = Object.fromEntries(workers.map((w) => [w, []]));
      for (let i = 0; i < runs; i++) {
        for (const w of workers) samples[w].push(((await time(w, kind, iterations)) - overhead[w]) * 1000 / iterations);
      }
      for (const w of workers) result[key(w)] = mean(samples[w]);
      if (batches > 0) {
        for (const w of workers) {
          await sleep(300);
          await request(w, kind, 200); // back to speed after the pause
          const full = [];
          const single = [];
          const empty = [];
          for (let i = 0; i < batches; i++) {
            full.push((await request(w, kind, batch))[0] * 1000);
            empty.push((await request(w, kind, 0))[0] * 1000);
            single.push((await request(w, kind, 1))[0] * 1000);
          }
          const e50 = median(empty);
          const perCall = full.map((x) => (x - e50) / batch);
          result.distribution[key(w)] = {
            p50: quantile(perCall, 0.5),
            p99: quantile(perCall, 0.99),
            p99bound: quantile(single, 0.99) - Math.min(...empty),
            single: { p50: median(single) - e50, p99: quantile(single, 0.99) },
            empty: { min: Math.min(...empty), p50: e50, p99: quantile(empty, 0.99) },
          };
        }
      }
      log(kind, JSON.stringify({ samples, distribution: Object.fromEntries(workers.map((w) => [w, result.distribution[key(w)]])) }, (k, v) => (typeof v === "number" ? Math.round(v * 10) / 10 : v)));
    }
    return result;
  } finally {
    await workerd.stop();
  }
}

/** The results as a Markdown table (µs): every kind measured, the Java worker against the JS one. */
export function cpuTable(r, kinds, batch) {
  const f = (x) => (x === undefined ? "—" : x.toFixed(0));
  const row = (label, j, s) => {
    const dj = r.distribution[j] ?? {};
    const ds = r.distribution[s] ?? {};
    const ratio = r[s] !== undefined ? (r[j] / r[s]).toFixed(2) : "—";
    return `| ${label} | ${f(r[j])} | ${f(dj.p50)} | ${f(dj.p99)} | ${f(dj.p99bound)} | ${f(r[s])} | ${f(ds.p50)} | ${f(ds.p99)} | ${f(ds.p99bound)} | ${ratio} |`;
  };
  const lines = [
    `| request kind | Java mean | p50 | p99 | p99 ≤ | JS mean | p50 | p99 | p99 ≤ | mean a/b |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---|`,
  ];
  for (const kind of kinds) {
    const spec = KINDS.find((k) => k.kind === kind);
    lines.push(row(`${spec.label}${spec.js === "cache" ? " [JS: cache-worker]" : ""}`, `java-${kind}`, `js-${kind}`));
    if (r[`java0-${kind}`] !== undefined) lines.push(row(`the same, \`UPSTREAM_TIMEOUT_MS=0\``, `java0-${kind}`, `js-${kind}`));
  }
  lines.push("", `µs of workerd CPU per call. mean: runs of thousands of calls; p50/p99: over batches of ${batch} calls (per-call means); p99 ≤: upper bound on single calls (requests of one call, less the smallest empty request).`);
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-cpu-"));
  try {
    const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : undefined;
    const kinds = process.env.BENCH_CPU_KINDS ? process.env.BENCH_CPU_KINDS.split(",") : KINDS.map((k) => k.kind);
    const batch = Number(process.env.BENCH_CPU_BATCH ?? 10);
    const r = await measureCpu({
      workDir, dist, kinds, batch,
      runs: Number(process.env.BENCH_RUNS ?? 3),
      iterations: Number(process.env.BENCH_CPU_ITERATIONS ?? 4000),
      batches: Number(process.env.BENCH_CPU_BATCHES ?? 200),
      log: process.env.BENCH_VERBOSE ? (...a) => console.error(...a) : () => {},
    });
    console.log(cpuTable(r, kinds, batch));
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
