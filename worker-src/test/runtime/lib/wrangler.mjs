// Wrangler as the tests and the benchmarks run it: offline, from the project, on the Node 22 that runs
// them. buildBundle() is the one way anything here makes a bundle: `wrangler deploy --dry-run` with no
// flag but where to write, so wrangler.toml alone decides what is built, exactly as `wrangler deploy` does.
import path from "node:path";
import { run } from "./proc.mjs";

export const ROOT = path.resolve(import.meta.dirname, "../../../..");
const WRANGLER_JS = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");

export function wranglerEnv() {
  return {
    ...process.env,
    PATH: `${path.join(ROOT, "node_modules/.bin")}:${process.env.PATH}`,
    WRANGLER_SEND_METRICS: "false", WRANGLER_SEND_ERROR_REPORTS: "false", WRANGLER_HIDE_BANNER: "true",
    CLOUDFLARE_CF_FETCH_ENABLED: "false", XDG_CONFIG_HOME: path.join(ROOT, ".config"),
  };
}

/**
 * `wrangler deploy --dry-run --outdir outdir` (for another Worker: `--config its/wrangler.toml`).
 * Resolves {code, stdout, stderr, rawKiB, gzipKiB}; never rejects on a failed build.
 */
export async function buildBundle(outdir, { config } = {}) {
  const args = [WRANGLER_JS, "deploy", "--dry-run", "--outdir", outdir];
  if (config) args.push("--config", config);
  const r = await run(process.execPath, args, { cwd: ROOT, env: wranglerEnv(), timeoutMs: 300_000 });
  const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(r.stdout);
  return { ...r, rawKiB: size ? Number(size[1]) : null, gzipKiB: size ? Number(size[2]) : null };
}
