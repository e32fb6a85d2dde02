// Runs the deployable bundle (wrangler's dry-run output) in bare workerd, as Cloudflare would.
import fs from "node:fs";
import path from "node:path";
import { freePort, startServer } from "./proc.mjs";

const ROOT = path.resolve(import.meta.dirname, "../../../..");
export const DIST = path.join(ROOT, "target/dist");
export const WORKERD = path.join(ROOT, "node_modules/.bin/workerd");

function capnpString(s) {
  return JSON.stringify(String(s));
}

/** The modules of a bundle directory: entry.js first, text modules (html, txt) by their file names. */
export function distModules(dist = DIST) {
  return fs
    .readdirSync(dist)
    .filter((f) => f.endsWith(".js") || f.endsWith(".html") || f.endsWith(".txt"))
    .sort((a, b) => (a === "entry.js" ? -1 : b === "entry.js" ? 1 : a.localeCompare(b)))
    .map((f) => ({ name: f, file: path.join(dist, f), kind: f.endsWith(".js") ? "esModule" : "text" }));
}

export function compatibilityDate() {
  return /compatibility_date\s*=\s*"([^"]+)"/.exec(fs.readFileSync(path.join(ROOT, "wrangler.toml"), "utf8"))[1];
}

/** The compatibility flags of wrangler.toml, as the deployed Worker gets them. */
export function compatibilityFlags() {
  const m = /^compatibility_flags\s*=\s*\[([^\]]*)\]/m.exec(fs.readFileSync(path.join(ROOT, "wrangler.toml"), "utf8"));
  return m ? [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]) : [];
}

/**
 * Writes a workerd config with one or more workers, each {name, port, modules, vars}, all in one process
 * and allowed to reach loopback (where the tests' upstream lives; workerd blocks it by default).
 */
export function writeMultiConfig(file, workers) {
  // capnp resolves embeds relative to the config file
  const embed = (f) => capnpString(path.relative(path.dirname(file), f));
  const services = workers.map((w) => `(name = ${capnpString(w.name)}, worker = (
      modules = [ ${w.modules.map((m) => `(name = ${capnpString(m.name)}, ${m.kind} = embed ${embed(m.file)})`).join(",\n        ")} ],
      compatibilityDate = ${capnpString(compatibilityDate())},
      compatibilityFlags = [ ${compatibilityFlags().map(capnpString).join(", ")} ],
      bindings = [ ${Object.entries(w.vars).map(([k, v]) => `(name = ${capnpString(k)}, text = ${capnpString(v)})`).join(", ")} ],
      globalOutbound = "internet",
    ))`);
  const sockets = workers.map((w) => `(name = ${capnpString("http-" + w.name)}, address = "127.0.0.1:${w.port}", http = (), service = ${capnpString(w.name)})`);
  fs.writeFileSync(
    file,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    ${services.join(",\n    ")},
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ ${sockets.join(", ")} ],
);
`,
  );
}

/** Writes a workerd config for the bundle in `dist` with `vars`, listening on 127.0.0.1:port. */
export function writeConfig(file, { dist = DIST, port, vars }) {
  writeMultiConfig(file, [{ name: "main", port, vars, modules: distModules(dist) }]);
}

/** Starts workerd with the bundle; resolves {url, port, pid, stop, log}. */
export async function startWorker({ vars, workDir, dist = DIST, port }) {
  port ??= await freePort();
  const config = path.join(workDir, `workerd-${port}.capnp`);
  writeConfig(config, { dist, port, vars });
  const server = await startServer("workerd", WORKERD, ["serve", "--verbose", config], port);
  return { ...server, port, url: `http://127.0.0.1:${port}` };
}

/**
 * CPU time (ns) a process's threads have used, from /proc's schedstat: unlike wall time, it leaves out the
 * moments the machine gives the core to someone else, and workerd's own clock stands still while JS runs.
 */
export function cpuNs(pid) {
  return fs.readdirSync(`/proc/${pid}/task`).reduce((sum, t) => {
    try {
      return sum + Number(fs.readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
    } catch {
      return sum; // a thread that ended meanwhile
    }
  }, 0);
}

/** Resident set size of a process in kB, from /proc. */
export function rssKb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}
