// Child processes for the runtime tests: always async (the token server and the CDN live in this
// process and must keep answering while a client runs), always bounded in time, stopped by PID.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import net from "node:net";

/** Runs a command to its end; resolves {code, stdout, stderr}. Never rejects on a non-zero exit. */
export function run(cmd, args, { timeoutMs = 300_000, env, input, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: env ?? process.env, cwd, stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      stderr += `\n[killed after ${timeoutMs} ms]`;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin.end(input);
    else child.stdin.end();
  });
}

/** Like run(), but fails with the command's output when it does not exit 0. */
export async function runOk(cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/**
 * A run()'s result when the command exited 0; otherwise an assertion failure with its output and
 * `context()` (a daemon's log, say).
 */
export async function succeeded(promise, context = () => "") {
  const r = await promise;
  assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}${context()}`);
  return r;
}

/** Starts a server process and waits until it accepts connections on 127.0.0.1:port. */
export async function startServer(name, cmd, args, port, { env, waitMs = 20_000, logTo } = {}) {
  const child = spawn(cmd, args, { env: env ?? process.env, stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const keep = (d) => {
    log += d;
    if (log.length > 200_000) log = log.slice(-100_000);
    if (logTo) logTo.write(d);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  child.on("exit", (code, signal) => (exited = { code, signal }));
  const deadline = Date.now() + waitMs;
  while (!(await canConnect(port))) {
    if (exited) throw new Error(`${name} exited early (${JSON.stringify(exited)}):\n${log}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${name} did not listen on ${port} within ${waitMs} ms:\n${log}`);
    }
    await sleep(50);
  }
  return {
    pid: child.pid,
    log: () => log,
    async stop() {
      if (exited) return;
      const done = new Promise((r) => child.on("exit", r));
      process.kill(child.pid, "SIGTERM");
      const t = setTimeout(() => !exited && process.kill(child.pid, "SIGKILL"), 5000);
      await done;
      clearTimeout(t);
    },
  };
}

export function canConnect(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
