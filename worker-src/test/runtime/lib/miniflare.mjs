// The bundle in Miniflare, for the tests that need the Workers Cache API (bare workerd has none without a
// cache service behind cacheApiOutbound; Miniflare's is the one `wrangler dev` uses).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { freePort, startServer } from "./proc.mjs";
import { DIST, compatibilityDate, compatibilityFlags, distModules } from "./workerd.mjs";

const RUNNER = path.join(import.meta.dirname, "miniflare-runner.mjs");

/**
 * Starts the bundle in Miniflare with `vars` (and `ratelimits` bindings, Miniflare's form); resolves {url, port, pid (workerd's), stop, log, cacheDir}.
 * `inspectorPort`: workerd's own inspector on 127.0.0.1:inspectorPort (its /json/list names every isolate).
 * `r2Buckets`: R2 bucket bindings; `persistDir`: where the edge cache and the buckets are kept (its cache/ removed,
 * a restart on it is a cold data centre with the same buckets).
 */
export async function startMiniflare({ vars, workDir, dist = DIST, port, ratelimits, inspectorPort, r2Buckets, persistDir }) {
  port ??= await freePort();
  const cacheDir = path.join(workDir, `cache-${port}`);
  const config = path.join(workDir, `miniflare-${port}.json`);
  fs.writeFileSync(config, JSON.stringify({
    dist, port, vars, cacheDir, ratelimits, inspectorPort, r2Buckets, persistDir,
    modules: distModules(dist),
    compatibilityDate: compatibilityDate(),
    compatibilityFlags: compatibilityFlags(),
  }));
  const server = await startServer("miniflare", process.execPath, [RUNNER, config], port, { waitMs: 60_000 });
  // the process that serves (and holds the cache's streams) is Miniflare's workerd child
  const child = execFileSync("pgrep", ["-P", String(server.pid)], { encoding: "utf8" }).trim().split("\n")[0];
  return { ...server, runnerPid: server.pid, pid: Number(child), port, url: `http://127.0.0.1:${port}`, cacheDir };
}
