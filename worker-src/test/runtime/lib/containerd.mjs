// A containerd of its own for a test (Debian's 1.6, no CRI), run as the isolated client group, and the
// hosts.toml files that make the worker a registry's mirror.
import fs from "node:fs";
import path from "node:path";
import { startDaemon } from "./daemon.mjs";
import { succeeded } from "./proc.mjs";

/** Starts containerd under `dir`; resolves {ctr(args), ok(promise), stop()}. */
export async function startContainerd(dir, client) {
  fs.writeFileSync(path.join(dir, "config.toml"), `version = 2
root = "${dir}/root"
state = "${dir}/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "${dir}/containerd.sock"
`);
  const ctr = (args) => client.run("ctr", ["--address", `${dir}/containerd.sock`, ...args], { timeoutMs: 300_000 });
  const daemon = await startDaemon("containerd", "setpriv", ["--regid", client.gid, "--clear-groups", "--", "containerd",
    "--config", `${dir}/config.toml`, "--log-level", "warn"], { ready: async () => (await ctr(["version"])).code === 0 });
  return {
    ctr,
    /** A ctr run's result when it exited 0; else a failure with containerd's log. */
    ok: (promise) => succeeded(promise, () => `\n--- containerd:\n${daemon.log().slice(-3000)}`),
    stop: () => daemon.stop(),
  };
}

/** `hostsDir/<registry>/hosts.toml`: pull and resolve through `mirror` (a URL), with `extra` TOML lines. */
export function writeHostsToml(hostsDir, registry, server, mirror, extra = "") {
  fs.mkdirSync(path.join(hostsDir, registry), { recursive: true });
  fs.writeFileSync(path.join(hostsDir, registry, "hosts.toml"), `server = "${server}"

[host."${mirror}"]
  capabilities = ["pull", "resolve"]
${extra}`);
}
