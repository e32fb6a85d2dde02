// How much CPU one small request really costs, and how much of what a V8 CPU profile shows is the
// profiler's own. The request: an anonymous GET of a ~360-byte blob (an image config) through the mirror,
// against the tests' Docker-Hub-like upstream (a real distribution registry with token auth, a token server,
// a CDN behind a 307: worker-src/test/runtime/lib/hub.mjs), next to the same GET through bench/seed-worker.js.
//
// Method. Each repeat starts workerd afresh once per mode: with the inspector (-i) and a V8 CPU profile around
// every request (Profiler.enable, setSamplingInterval {interval}, start, one request, stop at its answer), at
// each interval asked for, and once with neither. For every request it reads, from /proc, the CPU time and the
// run-queue wait of each workerd thread (schedstat: ns on a CPU, ns runnable but waiting for one). workerd runs
// every isolate on its main thread, so that thread's CPU time bounds the JavaScript (it also does the HTTP and
// stream work around it): a profile that shows more JavaScript than that thread spent on a CPU at all is
// counting something else. A profile's JavaScript is read two ways: as usual (each sample outside (idle),
// (program), (root) stands for the time until the next sample, as DevTools reads it; GC included), and as
// the count of those samples times the interval asked for, which no wait between two samples can inflate.
// (V8 takes no samples while workerd has the isolate unlocked, i.e. while a request waits for I/O: a 200 ms
// profile of an idle isolate holds one sample. So the sample before each wait stands for the whole wait.)
//
// The isolates of one workerd (one process, one main thread), each asked in its own order:
//   warmup     bench/seed-worker.js, asked first: the process's own first-request costs (workerd's HTTP
//              client, sockets) land here, not on the isolates measured
//   java       the mirror in bare workerd, which has no Cache API: every lookup and store fails and the
//              mirror logs each (2 lines per request besides its own); requests 1..N of one blob (the first:
//              module code compiled, Java classes initialised, the upstream's challenge learnt, a token fetched)
//   javacache  the same with an empty Cache API behind it (a service here that misses every lookup and takes
//              every store, like Miniflare's no-op cache): as deployed with nothing cached yet; after its N
//              requests, warm, the blob of a repository not pulled before (a token fetch on warm code) and the
//              same again (the token cached)
//   javanolog  the same, with the request's console.log line built but not written (the bundle patched here)
//   javasmallbuf  the same, with BodyGuard's read buffer at 64 KiB instead of 1 MiB (the bundle patched here)
//   javawarm   the same, warmed by logged-in GETs of the blob (the client's own token: the same path
//              without MirrorIdentity, CachedPull and the mirror's token), then anonymous GETs: cold code vs token
//   javapipe   the same, logged in, with the blob guard off (UPSTREAM_IDLE_TIMEOUT_MS=0: workerd pipes the body
//              natively, as the seed does): what BodyGuard costs on a small blob
//   seed       bench/seed-worker.js, with an upstream token the client fetched itself
//   javareadable  with PROFILE_READABLE=1: javacache's requests through an unminified build, for the names
//
// A last mode runs without the inspector and with V8's --no-lazy (every function compiled when the module loads,
// not when first called), to tell compilation from the rest of a first request.
//
// Run: node bench/profile-small.mjs (after scripts/bench, scripts/test or `wrangler deploy --dry-run` wrote
// target/dist; Node 20 or 22). PROFILE_REPEATS (3), PROFILE_REQUESTS (10),
// PROFILE_INTERVALS (µs, "100,1000"), PROFILE_DIST (another bundle), PROFILE_READABLE=1 (also build the Java
// unminified and profile it, for Java names in the function list: runs Maven twice, the second time to put
// the minified build back), PROFILE_VERBOSE=1 (every request's figures on stderr), PROFILE_SAVE=file.json
// (keep the measurements), PROFILE_REPORT=file.json (print the tables of kept measurements, measure nothing).
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { startHub, SERVICE } from "../worker-src/test/runtime/lib/hub.mjs";
import { pushLabelled } from "../worker-src/test/runtime/lib/images.mjs";
import { canConnect, freePort, runOk, sleep, startServer } from "../worker-src/test/runtime/lib/proc.mjs";
import { DIST, WORKERD, distModules, writeMultiConfig } from "../worker-src/test/runtime/lib/workerd.mjs";
import { seedModules } from "./cpu.mjs";
import { Inspector } from "./inspector.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const REPEATS = Number(process.env.PROFILE_REPEATS ?? 3);
const REQUESTS = Math.max(3, Number(process.env.PROFILE_REQUESTS ?? 10));
const INTERVALS = (process.env.PROFILE_INTERVALS ?? "100,1000").split(",").map(Number);
const VERBOSE = !!process.env.PROFILE_VERBOSE;
/** After each answer, how long workerd gets to finish the request's trailing work before its CPU is read. */
const SETTLE_MS = 30;
/** Repositories pulled for the first time on a warm isolate (each costs the mirror a token fetch). */
const NEW_REPOS = 4;

const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : NaN);
const log = (...a) => console.error("profile:", ...a);

// ---- /proc: CPU time and run-queue wait of each thread of a process

export function threads(pid) {
  const out = new Map();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const [cpu, wait] = fs.readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ").map(Number);
      const comm = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
      out.set(tid, { cpu, wait, comm });
    } catch {
      // a thread that ended meanwhile
    }
  }
  return out;
}

/** ms of CPU and of run-queue wait between two snapshots: the main thread (tid = pid), and all others by name. */
export function threadDelta(pid, a, b) {
  const d = { main: 0, mainWait: 0, others: 0, byName: {} };
  for (const [tid, t] of b) {
    const cpu = (t.cpu - (a.get(tid)?.cpu ?? 0)) / 1e6;
    const wait = (t.wait - (a.get(tid)?.wait ?? 0)) / 1e6;
    if (tid === String(pid)) {
      d.main = cpu;
      d.mainWait = wait;
    } else {
      d.others += cpu;
      if (cpu > 0) d.byName[t.comm] = (d.byName[t.comm] ?? 0) + cpu;
    }
  }
  return d;
}

const OUTSIDE_JS = new Set(["(idle)", "(program)", "(root)"]);

/**
 * A profile in figures (ms): js (samples outside (idle)/(program)/(root), GC included, each standing for the
 * time until the next sample), gc; the sample counts; the longest time one JS sample stood for; and per
 * function its self samples.
 */
export function analyze(profile, interval = 100) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const out = { js: 0, jsBefore: 0, gc: 0, samples: 0, jsSamples: 0, idleSamples: 0, longest: 0, wall: (profile.endTime - profile.startTime) / 1000, self: {} };
  let t = profile.startTime;
  const times = profile.timeDeltas.map((d) => (t += d));
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = ((i + 1 < times.length ? times[i + 1] : profile.endTime) - times[i]) / 1000;
    const frame = nodes.get(profile.samples[i]).callFrame;
    const name = frame.functionName;
    out.samples++;
    if (name === "(idle)") out.idleSamples++;
    if (OUTSIDE_JS.has(name)) continue;
    out.js += ms;
    out.jsBefore += profile.timeDeltas[i] / 1000;
    out.jsSamples++;
    out.longest = Math.max(out.longest, ms);
    if (name === "(garbage collector)") out.gc += ms;
    const where = (fr) => `${fr.functionName || "(anonymous)"} ${fr.url ? `${path.basename(fr.url)}:${fr.lineNumber + 1}:${fr.columnNumber + 1}` : "(native)"}`;
    const caller = parent.get(profile.samples[i]);
    const key = `${where(frame)}${caller && !OUTSIDE_JS.has(caller.callFrame.functionName) ? `, called by ${where(caller.callFrame)}` : ""}`;
    out.self[key] = (out.self[key] ?? 0) + 1;
  }
  // what the JS samples stand for at the interval asked for: no wait between samples can inflate it (it
  // undercounts when the sampler falls behind)
  out.jsCounted = (out.jsSamples * interval) / 1000;
  return out;
}

// ---- the bundles, the upstream, an empty cache

/** A copy of the bundle in `dir` with each [needle, replacement] made once (each needle must occur exactly once). */
function patchedBundle(dist, dir, patches) {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of fs.readdirSync(dist)) fs.copyFileSync(path.join(dist, f), path.join(dir, f));
  const entry = path.join(dir, "entry.js");
  let code = fs.readFileSync(entry, "utf8");
  for (const [needle, replacement] of patches) {
    if (code.split(needle).length !== 2) throw new Error(`${needle} is not in ${entry} exactly once`);
    code = code.replace(needle, replacement);
  }
  fs.writeFileSync(entry, code);
  return dir;
}

/** The bundle with the request's log line built but not written: console.log( → ( at that one place. */
export function noLogBundle(dist, dir) {
  return patchedBundle(dist, dir, [["console.log(JSON.stringify({time:", "(JSON.stringify({time:"]]);
}

/**
 * The bundle with BodyGuard's read buffer at 64 KiB instead of 1 MiB (and its reads at 32 KiB instead of 512
 * KiB): an experiment, for what allocating the buffer costs a small blob.
 */
function smallBufferBundle(dist, dir) {
  return patchedBundle(dist, dir, [["new Uint8Array(1<<20)", "new Uint8Array(1<<16)"], ["readAtLeast(1<<19,", "readAtLeast(1<<15,"]]);
}

/** The Java build unminified (readable names), as modules for workerd; Maven runs again to restore target/worker. */
async function readableModules(dir) {
  fs.mkdirSync(dir, { recursive: true });
  const mvn = (args) => runOk("mvn", ["-q", "-B", "-o", "-DskipTests", ...args, "package"], { cwd: ROOT, timeoutMs: 600_000 });
  try {
    await mvn(["-Dteavm.minifying=false"]);
    fs.copyFileSync(path.join(ROOT, "target/worker/hubmirror.js"), path.join(dir, "hubmirror.js"));
  } finally {
    await mvn([]);
  }
  const entry = fs.readFileSync(path.join(ROOT, "worker-src/main/js/entry.js"), "utf8")
    .replace("../../../target/worker/hubmirror.js", "./hubmirror.js")
    .replace("../../../html/index.html", "./index.html")
    .replace("../../../html/index.txt", "./index.txt");
  fs.writeFileSync(path.join(dir, "entry.js"), entry);
  for (const f of ["index.html", "index.txt"]) fs.copyFileSync(path.join(ROOT, "html", f), path.join(dir, f));
  return ["entry.js", "hubmirror.js", "index.html", "index.txt"].map((f) => ({ name: f, file: path.join(dir, f), kind: f.endsWith(".js") ? "esModule" : "text" }));
}

export async function upstreamToken(hub, repo) {
  const r = await fetch(`${hub.realm}?service=${SERVICE}&scope=repository:${repo}:pull`);
  if (r.status !== 200) throw new Error(`token for ${repo}: ${r.status}`);
  return (await r.json()).token;
}

/** A Cache API service that holds nothing: every lookup misses, every store is read and dropped (as Miniflare's no-op cache). */
async function startEmptyCache() {
  const port = await freePort();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      if (req.method === "GET") res.writeHead(504, { "cf-cache-status": "MISS" }).end();
      else if (req.method === "PUT") res.writeHead(204).end();
      else res.writeHead(404).end();
    });
  });
  await new Promise((r) => server.listen(port, "127.0.0.1", r));
  return { port, stop: () => new Promise((r) => (server.closeAllConnections(), server.close(r))) };
}

// ---- one workerd with every isolate, with or without the inspector

/** services: [{name, vars, modules, cache}]; with `cache`, the Cache API goes to the empty cache on cachePort. */
export async function startWorkerd(workDir, services, { inspect, interval = 100, cachePort, v8Flags = [] }) {
  const ports = {};
  for (const s of services) ports[s.name] = await freePort();
  const config = path.join(workDir, `profile-${ports[services[0].name]}.capnp`);
  writeMultiConfig(config, services.map((s) => ({ ...s, port: ports[s.name] })));
  let text = fs.readFileSync(config, "utf8");
  if (services.some((s) => s.cache)) {
    for (const s of services.filter((x) => x.cache)) {
      text = text.replace(`(name = ${JSON.stringify(s.name)}, worker = (`, `(name = ${JSON.stringify(s.name)}, worker = (\n      cacheApiOutbound = "emptycache",`);
    }
    text = text.replace(`(name = "internet",`, `(name = "emptycache", external = (address = "127.0.0.1:${cachePort}", http = ())),\n    (name = "internet",`);
  }
  if (v8Flags.length) text = text.replace("const config :Workerd.Config = (", `const config :Workerd.Config = (\n  v8Flags = [ ${v8Flags.map((x) => JSON.stringify(x)).join(", ")} ],`);
  fs.writeFileSync(config, text);
  const inspectorPort = inspect ? await freePort() : null;
  const args = ["serve", ...(inspect ? ["-i", `127.0.0.1:${inspectorPort}`] : []), config];
  const server = await startServer("workerd", WORKERD, args, ports[services[0].name]);
  const sessions = {};
  try {
    await connect();
  } catch (e) {
    for (const session of Object.values(sessions)) session.close();
    await server.stop();
    throw e;
  }
  return { server, ports, sessions };

  async function connect() {
    for (const p of Object.values(ports)) {
      for (let i = 0; !(await canConnect(p)); i++) {
        if (i === 250) throw new Error(`workerd does not listen on ${p} after 5 s:\n${server.log()}`);
        await sleep(20);
      }
    }
    if (!inspect) return;
    // the isolates register with the inspector one by one after the sockets listen
    let list = [];
    for (let i = 0; i < 100 && !services.every((s) => list.some((t) => t.id === s.name)); i++) {
      if (i) await sleep(50);
      list = await fetch(`http://127.0.0.1:${inspectorPort}/json/list`).then((r) => r.json(), () => []);
    }
    for (const s of services) {
      const target = list.find((t) => t.id === s.name);
      if (!target) throw new Error(`no inspector target for ${s.name} in ${JSON.stringify(list)}`);
      const session = await Inspector.connect(target.webSocketDebuggerUrl.replace("localhost", "127.0.0.1"), { timeoutMs: 20_000 });
      await session.send("Profiler.enable");
      await session.send("Profiler.setSamplingInterval", { interval });
      session.interval = interval;
      sessions[s.name] = session;
    }
  }
}

/**
 * One request, measured: workerd's threads from the request to its answer (body read) and to SETTLE_MS after
 * it (trailing work), the request's wall time, workerd's output lines it caused, and with a session, the
 * profile from just before the request to its answer (stopped then, as one would by hand).
 */
export async function measured(w, service, url, headers, expectLength) {
  const session = w.sessions[service];
  if (session) await session.send("Profiler.start");
  const lines0 = w.server.log().split("\n").length;
  const a = threads(w.server.pid);
  const t0 = performance.now();
  const r = await fetch(`http://127.0.0.1:${w.ports[service]}${url}`, { headers });
  const body = Buffer.from(await r.arrayBuffer());
  const wall = performance.now() - t0;
  const b = threads(w.server.pid);
  const profile = session ? analyze((await session.send("Profiler.stop")).profile, session.interval) : null;
  await sleep(SETTLE_MS);
  const c = threads(w.server.pid);
  if (r.status !== 200 || body.length !== expectLength) {
    throw new Error(`${service} ${url}: ${r.status}, ${body.length} bytes (expected ${expectLength}): ${body.toString().slice(0, 300)}\n${w.server.log().slice(-2000)}`);
  }
  const answered = threadDelta(w.server.pid, a, b);
  const settled = threadDelta(w.server.pid, a, c);
  return {
    main: answered.main, mainWait: answered.mainWait, others: answered.others,
    // with the trailing work; with a profile, also what stopping it cost
    mainSettled: settled.main, othersSettled: settled.others,
    wall, lines: w.server.log().split("\n").length - lines0, cache: r.headers.get("x-cache"), profile,
  };
}

async function main() {
  if (process.env.PROFILE_REPORT) {
    const saved = JSON.parse(fs.readFileSync(process.env.PROFILE_REPORT, "utf8"));
    report(saved.results, saved.info);
    return;
  }
  const dist = process.env.PROFILE_DIST ? path.resolve(process.env.PROFILE_DIST) : DIST;
  if (!fs.existsSync(path.join(dist, "entry.js"))) throw new Error(`no bundle in ${dist}: run scripts/bench or wrangler deploy --dry-run first`);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-profile-"));
  const cleanup = [];
  try {
    const readable = process.env.PROFILE_READABLE ? await readableModules(path.join(workDir, "readable")) : null;
    log(`starting the registry, token server and CDN; pushing ${NEW_REPOS + 1} small images`);
    const hub = await startHub(workDir);
    cleanup.push(() => hub.stop());
    const cache = await startEmptyCache();
    cleanup.push(() => cache.stop());
    const images = [];
    for (let i = 0; i <= NEW_REPOS; i++) images.push(await pushLabelled(workDir, `127.0.0.1:${hub.registryPort}`, `library/small${i}`, "1", `small${i}`));
    const blob = (i) => ({ url: `/v2/${images[i].repo}/blobs/${images[i].manifest.config.digest}`, size: images[i].manifest.config.size });
    const size = images[0].manifest.config.size;
    const seedToken = await upstreamToken(hub, images[0].repo);
    const vars = { UPSTREAM_REGISTRY: hub.registry, UPSTREAM_AUTH: hub.realm };
    const seed = seedModules(workDir);
    const services = [
      { name: "warmup", vars, modules: seed },
      { name: "java", vars, modules: distModules(dist) },
      { name: "javacache", vars, modules: distModules(dist), cache: true },
      { name: "javanolog", vars, modules: distModules(noLogBundle(dist, path.join(workDir, "nolog"))), cache: true },
      { name: "javawarm", vars, modules: distModules(dist), cache: true },
      { name: "javasmallbuf", vars, modules: distModules(smallBufferBundle(dist, path.join(workDir, "smallbuf"))), cache: true },
      // logged in, and the blob guard off (UPSTREAM_IDLE_TIMEOUT_MS=0): workerd pipes the body natively
      { name: "javapipe", vars: { ...vars, UPSTREAM_IDLE_TIMEOUT_MS: "0" }, modules: distModules(dist), cache: true },
      { name: "seed", vars, modules: seed },
      ...(readable ? [{ name: "javareadable", vars, modules: readable, cache: true }] : []),
    ];
    const anonymous = { authorization: "Bearer hubmirror-anonymous" };
    const loggedIn = { authorization: `Bearer hubmirror~docker.io~${seedToken}` };
    const seedAuth = { authorization: `Bearer ${seedToken}` };
    // the last: V8 compiling every function when the module loads (--no-lazy), not when first called
    const modes = [...INTERVALS.map((interval) => ({ inspect: true, interval })), { inspect: false }, { inspect: false, v8Flags: ["--no-lazy"] }];
    const results = [];
    for (let rep = 0; rep < REPEATS; rep++) {
      for (const mode of modes) {
        log(`repeat ${rep + 1}/${REPEATS}: ${mode.inspect ? `profiled at ${mode.interval} µs` : `not profiled${mode.v8Flags ? ", V8 --no-lazy" : ""}`}`);
        const w = await startWorkerd(workDir, services, { ...mode, cachePort: cache.port });
        try {
          const run = { mode: mode.inspect ? `p${mode.interval}` : mode.v8Flags ? "eager" : "plain", lists: {} };
          const add = (list, m) => (run.lists[list] ??= []).push(m);
          const get = (service, b, headers) => measured(w, service, b.url, headers, b.size);
          for (let i = 0; i < 3; i++) await get("warmup", blob(0), seedAuth);
          // each isolate's n-th request next to the others' n-th, so that all see the same machine
          for (let i = 0; i < REQUESTS; i++) {
            add("java", await get("java", blob(0), anonymous));
            add("javacache", await get("javacache", blob(0), anonymous));
            add("javanolog", await get("javanolog", blob(0), anonymous));
            add("javasmallbuf", await get("javasmallbuf", blob(0), anonymous));
            add("seed", await get("seed", blob(0), seedAuth));
            if (readable) add("javareadable", await get("javareadable", blob(0), anonymous));
          }
          // cold code vs the token: logged-in GETs first (no token of the mirror's, no cache), then anonymous ones
          for (let i = 0; i < REQUESTS; i++) {
            add("warmLogged", await get("javawarm", blob(0), loggedIn));
            add("pipeLogged", await get("javapipe", blob(0), loggedIn));
          }
          for (let i = 0; i < 3; i++) add("warmAnon", await get("javawarm", blob(0), anonymous));
          // on warm code: a repository not pulled before (a token fetch), then the same again (the token cached)
          for (let i = 1; i <= NEW_REPOS; i++) {
            add("newRepo", await get("javacache", blob(i), anonymous));
            add("sameRepo", await get("javacache", blob(i), anonymous));
          }
          results.push(run);
          if (VERBOSE) {
            for (const [list, ms] of Object.entries(run.lists)) {
              log(run.mode, list, ms.map((m) => `${m.main.toFixed(2)}${m.profile ? `/js ${m.profile.js.toFixed(1)}` : ""}`).join(" "));
            }
          }
        } finally {
          for (const s of Object.values(w.sessions)) s.close();
          await w.server.stop();
        }
      }
    }
    const info = { size, readable: !!readable, requests: REQUESTS, intervals: INTERVALS };
    if (process.env.PROFILE_SAVE) fs.writeFileSync(process.env.PROFILE_SAVE, JSON.stringify({ results, info }));
    report(results, info);
  } finally {
    for (const f of cleanup) await f().catch(() => {});
    fs.rmSync(workDir, { recursive: true, force: true });
  }
}

function report(results, { size, readable, requests = REQUESTS, intervals = INTERVALS }) {
  const f = (x, d = 2) => (Number.isFinite(x) ? x.toFixed(d) : "—");
  const of = (mode, list) => results.filter((r) => r.mode === mode).map((r) => r.lists[list] ?? []);
  /** The median over repeats of a figure of request i (0-based) of a list; or over requests from.. of all repeats. */
  const at = (mode, list, i, pick) => median(of(mode, list).map((ms) => ms[i]).filter(Boolean).map(pick));
  const warm = (mode, list, pick, from = 1) => median(of(mode, list).flatMap((ms) => ms.slice(from)).map(pick));
  const main = (m) => m.main;
  const settled = (m) => m.mainSettled;
  const workers = [
    ["java", "mirror, anonymous, bare workerd (no Cache API: +2 error lines)"],
    ["javacache", "mirror, anonymous, empty Cache API"],
    ["javanolog", "mirror, anonymous, empty Cache API, log line not written"],
    ["javasmallbuf", "mirror, anonymous, empty Cache API, BodyGuard's buffer 64 KiB (not 1 MiB)"],
    ["warmLogged", "mirror, logged in (no token or cache of the mirror's; BodyGuard)"],
    ["pipeLogged", "mirror, logged in, guard off (`UPSTREAM_IDLE_TIMEOUT_MS=0`: native pipe)"],
    ["seed", "seed"],
    ...(readable ? [["javareadable", "mirror, unminified, anonymous, empty Cache API"]] : []),
  ];
  const profiled = [...new Set(results.map((r) => r.mode))].filter((m) => /^p\d/.test(m));
  const runs = results.filter((r) => r.mode === "plain").length;

  console.log(`\n## workerd's CPU for one GET of a ${size}-byte blob, per request of a fresh isolate (not profiled; ms; medians of ${runs} workerd starts)\n`);
  console.log("The main thread runs every isolate: its CPU time, from the request to 30 ms after the answer (trailing work included), is all the JavaScript there is plus workerd's own HTTP and stream work for the request. Other threads: V8's background compiler and GC helpers.\n");
  const idx = [0, 1, 2, requests - 1].filter((v, i, a) => a.indexOf(v) === i);
  console.log(`| worker | ${idx.map((i) => `#${i + 1}`).join(" | ")} | warm (#2–#${requests}) | other threads #1 / warm | log lines |`);
  console.log(`|---|${idx.map(() => "---:").join("|")}|---:|---:|---:|`);
  for (const [list, label] of workers) {
    console.log(`| ${label} | ${idx.map((i) => f(at("plain", list, i, settled))).join(" | ")} | ${f(warm("plain", list, settled))} | ${f(at("plain", list, 0, (m) => m.othersSettled))} / ${f(warm("plain", list, (m) => m.othersSettled))} | ${f(warm("plain", list, (m) => m.lines), 0)} |`);
  }

  console.log(`\n## What the profile says against what the thread did (ms; medians; 1st request / warm #2–#${requests})\n`);
  console.log("Profile JS: samples outside (idle)/(program)/(root), each standing for the time to the next sample (as DevTools reads a profile), GC included; in brackets, each standing for the time since the previous one. JS samples × interval: their count times the interval asked for. Longest: the most time one JS sample stood for. Wall: the request's time at the client. Main thread CPU, to the answer, of the same requests, and of the same requests not profiled; the main thread's run-queue wait (ready to run, no CPU free); other threads: the profiler's and V8's.\n");
  console.log("| worker | interval | profile JS | JS samples × interval | JS samples | longest | wall | main thread CPU | not profiled | run-queue wait | other threads |");
  console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const [list, label] of workers.filter(([l]) => ["java", "javacache", "seed", "javareadable"].includes(l))) {
    for (const mode of profiled) {
      const both = (fn, d = 2) => `${f(at(mode, list, 0, fn), d)} / ${f(warm(mode, list, fn), d)}`;
      console.log(`| ${label} | ${mode.slice(1)} µs | ${both((m) => m.profile.js)} (${both((m) => m.profile.jsBefore)}) | ${both((m) => m.profile.jsCounted)} | ${both((m) => m.profile.jsSamples, 0)} | ${both((m) => m.profile.longest)} | ${both((m) => m.wall)} | ${both(main)} | ${f(at("plain", list, 0, main))} / ${f(warm("plain", list, main))} | ${both((m) => m.mainWait)} | ${both((m) => m.others)} |`);
    }
  }

  console.log(`\n## The 1st request's extra CPU: cold code or the token? (main thread ms, not profiled; medians)\n`);
  const plainFirst = (list) => at("plain", list, 0, settled);
  const plainWarm = (list, from = 1) => warm("plain", list, settled, from);
  console.log("| request | ms |");
  console.log("|---|---:|");
  console.log(`| mirror, 1st anonymous GET of a fresh isolate (cold code + the upstream's 401, a token, the GET again) | ${f(plainFirst("javacache"))} |`);
  console.log(`| mirror, anonymous GET, warm (#2–#${requests}) | ${f(plainWarm("javacache"))} |`);
  console.log(`| mirror, 1st GET of a fresh isolate, logged in (cold code; no token of the mirror's, no cache) | ${f(plainFirst("warmLogged"))} |`);
  console.log(`| mirror, logged-in GET, warm (#2–#${requests}) | ${f(plainWarm("warmLogged"))} |`);
  console.log(`| mirror, then its 1st anonymous GET (cold MirrorIdentity/CachedPull code + 401, token, GET again) | ${f(plainFirst("warmAnon"))} |`);
  console.log(`| mirror, the anonymous GETs after it | ${f(plainWarm("warmAnon"))} |`);
  console.log(`| mirror, warm: a repository not pulled before (a token fetched first) | ${f(plainWarm("newRepo", 0))} |`);
  console.log(`| mirror, warm: the same repository again (token cached) | ${f(plainWarm("sameRepo", 0))} |`);
  const eagerFirst = (list) => at("eager", list, 0, settled);
  console.log(`| the same three 1st requests with V8's --no-lazy (every function compiled as the module loads, before any request): anonymous / logged in / anonymous after logged in | ${f(eagerFirst("javacache"))} / ${f(eagerFirst("warmLogged"))} / ${f(eagerFirst("warmAnon"))} |`);
  console.log(`| seed, 1st GET of a fresh isolate | ${f(plainFirst("seed"))} |`);
  console.log(`| seed, warm (#2–#${requests}) | ${f(plainWarm("seed"))} |`);

  // where the JS samples fall: the functions with the most self samples, in the profiled runs at the finest interval
  const finest = `p${Math.min(...intervals)}`;
  const list = readable ? "javareadable" : "javacache";
  for (const [title, slice] of [["1st request", [0, 1]], [`requests #2–#${requests}`, [1, requests]]]) {
    const sum = new Map();
    let total = 0;
    for (const ms of of(finest, list)) {
      for (const m of ms.slice(...slice)) {
        for (const [k, v] of Object.entries(m.profile.self)) sum.set(k, (sum.get(k) ?? 0) + v);
        total += m.profile.jsSamples;
      }
    }
    console.log(`\n## Self samples by function: ${readable ? "the unminified mirror" : "the mirror"}, ${title} (profiled at ${finest.slice(1)} µs; share of its JS samples, ${total} in all)\n`);
    for (const [k, v] of [...sum].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`- ${((100 * v) / total).toFixed(1)} % ${k}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
