// Runs the deployable bundle (wrangler's dry-run output) in bare workerd, as Cloudflare would.
import fs from "node:fs";
import path from "node:path";
import { freePort, startServer } from "./proc.mjs";

const ROOT = path.resolve(import.meta.dirname, "../../../..");
export const DIST = path.join(ROOT, "target/dist");
const WORKERD = path.join(ROOT, "node_modules/.bin/workerd");

function capnpString(s) {
  return JSON.stringify(String(s));
}

/** Writes a workerd config for the bundle in `dist` with `vars`, listening on 127.0.0.1:port. */
export function writeConfig(file, { dist = DIST, port, vars, compatibilityDate }) {
  const modules = fs
    .readdirSync(dist)
    .filter((f) => f.endsWith(".js") || f.endsWith(".html") || f.endsWith(".txt"))
    .sort((a, b) => (a === "entry.js" ? -1 : b === "entry.js" ? 1 : a.localeCompare(b)))
    .map((f) => {
      const kind = f.endsWith(".js") ? "esModule" : "text";
      // capnp resolves embeds relative to the config file
      return `(name = ${capnpString(f)}, ${kind} = embed ${capnpString(path.relative(path.dirname(file), path.join(dist, f)))})`;
    });
  const date =
    compatibilityDate ?? /compatibility_date\s*=\s*"([^"]+)"/.exec(fs.readFileSync(path.join(ROOT, "wrangler.toml"), "utf8"))[1];
  const bindings = Object.entries(vars).map(([k, v]) => `(name = ${capnpString(k)}, text = ${capnpString(v)})`);
  fs.writeFileSync(
    file,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # the upstream in tests is on loopback, which workerd blocks unless allowed
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ ${modules.join(",\n    ")} ],
  compatibilityDate = ${capnpString(date)},
  bindings = [ ${bindings.join(", ")} ],
  globalOutbound = "internet",
);
`,
  );
}

/** Starts workerd with the bundle; resolves {url, port, pid, stop, log}. */
export async function startWorker({ vars, workDir, dist = DIST, port }) {
  port ??= await freePort();
  const config = path.join(workDir, `workerd-${port}.capnp`);
  writeConfig(config, { dist, port, vars });
  const server = await startServer("workerd", WORKERD, ["serve", "--verbose", config], port);
  return { ...server, port, url: `http://127.0.0.1:${port}` };
}

/** Resident set size of a process in kB, from /proc. */
export function rssKb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
}
