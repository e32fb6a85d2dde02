// Clients run so that they can reach the worker and nothing else of the test upstream: an iptables
// rule rejects loopback connections from the group "hubclient" to the registry, token and CDN ports,
// and every client runs under that group (setpriv --regid). A passing pull then proves the mirror alone
// is enough, as it must be where Docker Hub, its token service and its CDN are all blocked.
import { run, runOk } from "./proc.mjs";

const GROUP = "hubclient";

export async function isolate(ports) {
  let gid = (await run("getent", ["group", GROUP])).stdout.split(":")[2];
  if (!gid) {
    await runOk("groupadd", ["-r", GROUP]);
    gid = (await runOk("getent", ["group", GROUP])).stdout.split(":")[2];
  }
  const rule = ["OUTPUT", "-o", "lo", "-p", "tcp", "-m", "owner", "--gid-owner", gid, "-m", "multiport", "--dports", ports.join(","), "-j", "REJECT", "--reject-with", "tcp-reset"];
  await runOk("iptables", ["-I", ...rule]);
  return {
    gid,
    /** Runs a client under the isolated group; same result shape as run(). */
    run(cmd, args, opts) {
      return run("setpriv", ["--regid", gid, "--clear-groups", "--", cmd, ...args], opts);
    },
    /**
     * Runs a client under the isolated group with `hostsFile` as its /etc/hosts (a mount namespace of its own, so
     * nothing of the machine's changes): how clients reach the mirror's subdomains (ghcr.<domain>) by name.
     */
    runWithHosts(hostsFile, cmd, args, opts) {
      return run("unshare", ["--mount", "--propagation", "private", "--", ...withHosts(hostsFile, gid, cmd, args)], opts);
    },
    async release() {
      await run("iptables", ["-D", ...rule]);
    },
  };
}

/** The argv (after `unshare --mount --`) that binds `hostsFile` over /etc/hosts, then runs `cmd` in the client group. */
export function withHosts(hostsFile, gid, cmd, args) {
  return ["sh", "-c", 'mount --bind "$0" /etc/hosts && gid="$1" && shift && exec setpriv --regid "$gid" --clear-groups -- "$@"', hostsFile, gid, cmd, ...args];
}
