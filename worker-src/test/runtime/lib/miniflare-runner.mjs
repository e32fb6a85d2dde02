// Runs a bundle in Miniflare (what `wrangler dev` runs) as a process of its own, so that tests and
// benchmarks treat it like workerd: a port, a log, a pid. Miniflare brings what bare workerd lacks: the
// Cache API (kept on disk under cacheDir), the Rate Limiting binding, request.cf.
//   node miniflare-runner.mjs config.json   (written by miniflare.mjs)
import fs from "node:fs";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";

const config = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const mf = new Miniflare({ ...convertV4MiniflareOptions({
  modulesRoot: config.dist,
  modules: config.modules.map((m) => ({ type: m.kind === "esModule" ? "ESModule" : "Text", path: m.file })),
  compatibilityDate: config.compatibilityDate,
  compatibilityFlags: config.compatibilityFlags,
  bindings: config.vars,
  ratelimits: config.ratelimits,
  host: "127.0.0.1",
  port: config.port,
  cachePersist: config.cacheDir,
  inspectorPort: config.inspectorPort,
  ...(config.r2Buckets ? { r2Buckets: config.r2Buckets } : {}),
}),
  // Miniflare 5 keeps every store (the edge cache, R2) under one directory; without it, in memory
  ...(config.persistDir ? { resourcePersistencePath: config.persistDir } : {}) });
await mf.ready;
console.log(`hubmirror-test: miniflare ready on ${config.port}`);
const stop = async () => {
  await mf.dispose().catch(() => {});
  process.exit(0);
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
