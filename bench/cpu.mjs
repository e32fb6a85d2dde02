// The handlers' own CPU time: bench/cpu-harness.js calls each worker's fetch many times in one isolate
// against a stub upstream, in one request that never waits; the CPU time workerd spends on it, less
// that of an empty run, divided by the count, is the handler's CPU time per request. Run alone for quick iterations: node bench/cpu.mjs (after scripts/bench or
// wrangler deploy --dry-run has written target/dist).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { canConnect, freePort, sleep, startServer } from "../worker-src/test/runtime/lib/proc.mjs";
import { WORKERD, cpuNs, distModules, writeMultiConfig } from "../worker-src/test/runtime/lib/workerd.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Runs alternate between fast ones and ones that carry a major GC; the mean charges each request its
// share of the collector, the median would hide it.
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** The JS competitor's modules: its script and the same page template (text module index.html). */
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
 * Mean µs per request for {java,java0,js}-{home,manifest,hit} (hit: a cached manifest, stub cache); java0 is the Java worker with
 * UPSTREAM_TIMEOUT_MS=0. At most 9000 iterations: each proxied call arms
 * a timeout, and workerd allows 10000 active timeouts per request (here all calls share one).
 */
export async function measureCpu({ workDir, runs = 3, iterations = 8000, dist }) {
  iterations = Math.min(iterations, 9000);
  const ports = { java: await freePort(), java0: await freePort(), js: await freePort() };
  const config = path.join(workDir, "cpu.capnp");
  const harness = { name: "cpu-harness.js", file: path.join(ROOT, "bench/cpu-harness.js"), kind: "esModule" };
  // Every proxied call arms a timeout timer, as in production; but thousands of calls in one request
  // would leave thousands of 30 s timers pending, which slows everything in the isolate (JS included)
  // far beyond what one request a time ever sees. 1 ms timers expire in the pause between runs.
  const vars = { UPSTREAM_REGISTRY: "https://registry.invalid", UPSTREAM_AUTH: "https://auth.invalid", UPSTREAM_TIMEOUT_MS: "1" };
  writeMultiConfig(config, [
    { name: "java", port: ports.java, vars, modules: [harness, ...distModules(dist)] },
    // the same, with the upstream timeout off: the seed's JavaScript has none, so this is like for like
    { name: "java0", port: ports.java0, vars: { ...vars, UPSTREAM_TIMEOUT_MS: "0" }, modules: [harness, ...distModules(dist)] },
    { name: "js", port: ports.js, vars, modules: [harness, ...seedModules(workDir)] },
  ]);
  const workerd = await startServer("workerd", WORKERD, ["serve", config], ports.java);
  try {
    while (!(await canConnect(ports.js))) await sleep(20);
    async function time(impl, kind, n) {
      await sleep(300);
      const t0 = cpuNs(workerd.pid);
      const r = await fetch(`http://127.0.0.1:${ports[impl]}/?impl=${impl === "js" ? "js" : "java"}&kind=${kind}&n=${n}`);
      const status = await r.text();
      const ms = (cpuNs(workerd.pid) - t0) / 1e6;
      if (r.status !== 200 || (n > 0 && status !== "200")) throw new Error(`cpu harness ${impl} ${kind}: ${r.status} ${status}`);
      return ms;
    }
    const result = {};
    for (const kind of ["home", "manifest", "hit"]) {
      const impls = ["java", "java0", "js"];
      for (const impl of impls) await time(impl, kind, Math.min(5000, iterations)); // JIT warm-up
      const overhead = {};
      for (const impl of impls) overhead[impl] = median([await time(impl, kind, 0), await time(impl, kind, 0), await time(impl, kind, 0)]);
      // alternate the two, so that drift on a shared machine hits both alike
      const samples = { java: [], java0: [], js: [] };
      for (let i = 0; i < runs; i++) {
        for (const impl of impls) samples[impl].push(((await time(impl, kind, iterations)) - overhead[impl]) * 1000 / iterations);
      }
      if (process.env.BENCH_VERBOSE) console.error(kind, JSON.stringify(samples, (k, v) => (typeof v === "number" ? Math.round(v * 10) / 10 : v)));
      for (const impl of impls) result[`${impl}-${kind}`] = mean(samples[impl]);
    }
    return result;
  } finally {
    await workerd.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-cpu-"));
  try {
    // BENCH_DIST: another build's bundle (e.g. an older commit's), to compare before and after a change
    const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : undefined;
    const r = await measureCpu({ workDir, runs: Number(process.env.BENCH_RUNS ?? 3), iterations: Number(process.env.BENCH_CPU_ITERATIONS ?? 8000), dist });
    for (const kind of ["home", "manifest", "hit"]) {
      const [a, a0, b] = [r[`java-${kind}`], r[`java0-${kind}`], r[`js-${kind}`]];
      console.log(`${kind}: java ${a.toFixed(1)} µs (timeout off: ${a0.toFixed(1)}), js ${b.toFixed(1)} µs, ratio ${(a / b).toFixed(2)} (timeout off: ${(a0 / b).toFixed(2)})`);
    }
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}
