// One test stack: the Docker-Hub-like upstream with the test images, and the worker in workerd.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startHub } from "./hub.mjs";
import { buildAndPush } from "./images.mjs";
import { startMiniflare } from "./miniflare.mjs";
import { startWorker } from "./workerd.mjs";

/**
 * `runtime: "miniflare"` runs the worker in Miniflare, with the Workers Cache API (bare workerd has none);
 * `huge` adds a 300 MB layer, `big` a 200 MiB one.
 */
export async function startStack({ big = false, huge = false, vars = {}, runtime = "workerd" } = {}) {
  const start = (opts) => (runtime === "miniflare" ? startMiniflare(opts) : startWorker(opts));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-test-"));
  const hub = await startHub(workDir);
  const stoppers = [() => hub.stop()];
  try {
    const images = await buildAndPush(workDir, `127.0.0.1:${hub.registryPort}`, { big, huge });
    const worker = await start({
      workDir,
      vars: { UPSTREAM_REGISTRY: hub.registry, UPSTREAM_AUTH: hub.auth, ...vars },
    });
    stoppers.unshift(() => worker.stop());
    return {
      hub,
      images,
      worker,
      workDir,
      /** Another worker on the same upstream, with other vars. */
      async extraWorker(extraVars) {
        const w = await start({ workDir, vars: { UPSTREAM_REGISTRY: hub.registry, UPSTREAM_AUTH: hub.auth, ...extraVars } });
        stoppers.unshift(() => w.stop());
        return w;
      },
      async stop() {
        for (const stop of stoppers) await stop().catch(() => {});
        fs.rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    for (const stop of stoppers) await stop().catch(() => {});
    throw e;
  }
}
