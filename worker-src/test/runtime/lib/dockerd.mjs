// A dockerd of its own for a test (Debian's docker.io), run as the isolated client group: root, its own
// data/exec roots and socket, vfs storage, no bridge, no iptables. Its own process group, to stop it whole.
import path from "node:path";
import { startDaemon } from "./daemon.mjs";
import { withHosts } from "./isolation.mjs";
import { succeeded } from "./proc.mjs";

const DOCKER = "/usr/bin/docker"; // Debian's client, the daemon's own version

/**
 * Starts dockerd under `dir` (with `registryMirror` as its registry-mirrors, if given; with `hostsFile` as its
 * /etc/hosts, in a mount namespace of its own, if given); resolves {docker(args, opts), ok(promise), stop()}.
 */
export async function startDockerd(dir, client, { registryMirror, hostsFile } = {}) {
  const docker = (args, opts = {}) => client.run(DOCKER, ["-H", `unix://${dir}/docker.sock`, ...args], {
    timeoutMs: 300_000, ...opts, env: { ...process.env, DOCKER_CONFIG: path.join(dir, "config") },
  });
  const dockerd = ["dockerd",
    "--data-root", `${dir}/data`, "--exec-root", `${dir}/exec`, "--pidfile", `${dir}/dockerd.pid`,
    "-H", `unix://${dir}/docker.sock`, "--storage-driver", "vfs", "--bridge", "none", "--iptables=false",
    "--ip6tables=false", ...(registryMirror ? ["--registry-mirror", registryMirror] : []), "--log-level", "warn"];
  const [cmd, args] = hostsFile
    ? ["unshare", ["--mount", "--propagation", "private", "--", ...withHosts(hostsFile, client.gid, dockerd[0], dockerd.slice(1))]]
    : ["setpriv", ["--regid", client.gid, "--clear-groups", "--", ...dockerd]];
  const daemon = await startDaemon("dockerd", cmd, args,
    { ready: async () => (await docker(["version", "--format", "{{.Server.Version}}"])).code === 0 });
  return {
    docker,
    ok: (promise) => succeeded(promise, () => `\n--- dockerd:\n${daemon.log().slice(-3000)}`),
    stop: () => daemon.stop(),
  };
}
