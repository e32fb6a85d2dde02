// A long-running process a test starts and stops whole: its own process group (so its children — the
// workerd of wrangler dev, dockerd's containerd — stop with it), its output kept for failure messages.
import { spawn } from "node:child_process";
import { sleep } from "./proc.mjs";

/**
 * Starts `cmd args` and polls `ready()` until it says true; resolves {log(), stop()}. Throws with the
 * process's output when it exits first or is not ready within `waitMs`.
 */
export async function startDaemon(name, cmd, args, { ready, waitMs = 60_000, cwd } = {}) {
  const child = spawn(cmd, args, { cwd, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.on("exit", r));
    process.kill(-child.pid, "SIGTERM");
    const t = setTimeout(() => process.kill(-child.pid, "SIGKILL"), 15_000);
    await exited;
    clearTimeout(t);
  };
  const deadline = Date.now() + waitMs;
  while (!(await ready())) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`${name} did not come up:\n${log}`);
    }
    await sleep(200);
  }
  return { log: () => log, stop };
}
