// A local upstream that behaves like Docker Hub: a real CNCF distribution registry with token auth,
// a token server of ours that signs the registry's JWTs, and a "CDN" that serves the registry's blobs
// after a 307 and, like Docker Hub's storage, refuses any request that carries Authorization.
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { freePort, runOk, startServer } from "./proc.mjs";

export const SERVICE = "registry.test";
const ISSUER = "hubmirror-test-issuer";
export const USERS = { pusher: "push-secret", reader: "read-secret", "mirror-bot": "mirror-pat-1", "mirror-bot-2": "mirror-pat-2" };
/** Repositories only a logged-in user may pull (to prove credentials pass through the mirror). */
export const PRIVATE_PREFIX = "private/";

const b64url = (buf) => Buffer.from(buf).toString("base64url");

// The key id distribution 2.8 looks tokens up by: libtrust's fingerprint of the public key.
function libtrustKeyId(publicKey) {
  const der = publicKey.export({ type: "spki", format: "der" });
  const sum = crypto.createHash("sha256").update(der).digest().subarray(0, 30);
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of sum) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g).join(":");
}

function parseBasic(header) {
  if (!header || !header.startsWith("Basic ")) return null;
  const text = Buffer.from(header.slice(6), "base64").toString();
  const colon = text.indexOf(":");
  return colon < 0 ? null : { user: text.slice(0, colon), password: text.slice(colon + 1) };
}

function startHttp(port, handler) {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

function tokenServer(port, privateKey, kid, log) {
  return startHttp(port, tokenHandler(port, privateKey, kid, log));
}

function tokenHandler(port, privateKey, kid, log) {
  return (req, res) => {
    const url = new URL(req.url, `http://127.0.0.1:${port}`);
    const scopes = url.searchParams.getAll("scope");
    const basic = parseBasic(req.headers.authorization);
    const entry = { method: req.method, path: url.pathname, service: url.searchParams.get("service"), scopes, user: basic?.user ?? null, token: null };
    log.push(entry);
    if (url.pathname !== "/token") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"details":"not found"}');
      return;
    }
    if (basic && USERS[basic.user] !== basic.password) {
      res.writeHead(401, { "content-type": "application/json" }).end('{"details":"incorrect username or password"}');
      return;
    }
    const access = [];
    for (const scope of scopes.flatMap((s) => s.split(" "))) {
      const [type, name, actions] = [scope.slice(0, scope.indexOf(":")), scope.slice(scope.indexOf(":") + 1, scope.lastIndexOf(":")), scope.slice(scope.lastIndexOf(":") + 1)];
      let granted = actions.split(",").filter((a) => a === "pull" || (a === "push" && basic?.user === "pusher"));
      if (name.startsWith(PRIVATE_PREFIX) && !basic) granted = [];
      access.push({ type, name, actions: granted });
    }
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: "RS256", typ: "JWT", kid };
    const claims = { iss: ISSUER, sub: basic?.user ?? "", aud: url.searchParams.get("service"), exp: now + 300, nbf: now - 10, iat: now, jti: crypto.randomUUID(), access };
    const body = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
    const signature = crypto.sign("sha256", Buffer.from(body), privateKey);
    const token = `${body}.${b64url(signature)}`;
    entry.token = token;
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date().toISOString() }));
  };
}

// ghcr.io's shape: the token service on the registry's own host (/token), everything else the registry's.
// Every request is logged with its Authorization, so a test can show which credentials reached this host.
function frontWithToken(port, registryPort, tokenHandle, log) {
  return startHttp(port, (req, res) => {
    log.push({ method: req.method, url: req.url, authorization: req.headers.authorization ?? null });
    if (!req.url.startsWith("/v2/") && req.url !== "/v2") {
      tokenHandle(req, res);
      return;
    }
    const upstream = http.request({ host: "127.0.0.1", port: registryPort, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
}

// Serves the registry's storage directory; byte ranges like any CDN; no credentials accepted.
// `faults.truncate` (a test's mock of a fault no real CDN produces on demand): {digest hex: n} cuts the n-th
// next GET of that blob off after half its bytes, as a connection that breaks mid-way.
function cdnServer(port, root, log, faults) {
  return startHttp(port, (req, res) => {
    const url = new URL(req.url, `http://127.0.0.1:${port}`);
    const hex = /\/([0-9a-f]{64})\/data$/.exec(url.pathname)?.[1];
    const cut = hex && req.method === "GET" && faults.truncate[hex] !== undefined && --faults.truncate[hex] === 0;
    if (cut) delete faults.truncate[hex];
    log.push({ method: req.method, path: url.pathname, authorization: req.headers.authorization ?? null, range: req.headers.range ?? null });
    if (req.headers.authorization) {
      res.writeHead(400, { "content-type": "application/xml" });
      res.end("<Error><Code>InvalidArgument</Code><Message>Missing x-amz-content-sha256; no Authorization allowed with a signed URL</Message></Error>");
      return;
    }
    const file = path.join(root, path.normalize(decodeURIComponent(url.pathname)));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const size = fs.statSync(file).size;
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
    let start = 0;
    let end = size - 1;
    let status = 200;
    const headers = { "content-type": "application/octet-stream", "accept-ranges": "bytes", etag: '"' + path.basename(path.dirname(file)) + '"' };
    if (range) {
      start = range[1] === "" ? size - Number(range[2]) : Number(range[1]);
      end = range[1] !== "" && range[2] !== "" ? Math.min(Number(range[2]), size - 1) : size - 1;
      if (start > end || start >= size) {
        res.writeHead(416, { "content-range": `bytes */${size}` }).end();
        return;
      }
      status = 206;
      headers["content-range"] = `bytes ${start}-${end}/${size}`;
    }
    headers["content-length"] = String(end - start + 1);
    res.writeHead(status, headers);
    if (req.method === "HEAD") res.end();
    else if (cut) fs.createReadStream(file, { start, end: start + ((end - start) >> 1) }).on("data", (d) => res.write(d)).on("end", () => res.destroy());
    else fs.createReadStream(file, { start, end }).pipe(res);
  });
}

/**
 * Starts token server, CDN and registry under `dir`; resolves their ports, logs and stop().
 * `service` names the token service's audience; `auth: false` makes a registry that needs no token (like
 * mcr.microsoft.com); `tokenOnRegistryHost` puts the token service at /token of the registry's own address
 * (like ghcr.io): `registryPort` is then a front that serves /token and passes /v2/ on, logging each
 * request's Authorization in `frontLog`.
 */
export async function startHub(dir, { service = SERVICE, auth = true, tokenOnRegistryHost = false } = {}) {
  fs.mkdirSync(path.join(dir, "storage"), { recursive: true });
  const keyFile = path.join(dir, "token.key");
  const certFile = path.join(dir, "token.crt");
  await runOk("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "2", "-subj", "/CN=hubmirror test token issuer"]);
  const privateKey = crypto.createPrivateKey(fs.readFileSync(keyFile));
  const kid = libtrustKeyId(crypto.createPublicKey(privateKey));
  const [registryPort, tokenPort, cdnPort] = [await freePort(), await freePort(), await freePort()];
  const tokenLog = [];
  const cdnLog = [];
  const cdnFaults = { truncate: {} };
  const frontLog = [];
  const storage = path.join(dir, "storage");
  const servers = [await tokenServer(tokenPort, privateKey, kid, tokenLog), await cdnServer(cdnPort, storage, cdnLog, cdnFaults)];
  const frontPort = tokenOnRegistryHost ? await freePort() : null;
  if (frontPort) servers.push(await frontWithToken(frontPort, registryPort, tokenHandler(frontPort, privateKey, kid, tokenLog), frontLog));
  const realm = frontPort ? `http://127.0.0.1:${frontPort}/token` : `http://127.0.0.1:${tokenPort}/token`;
  const config = path.join(dir, "registry.yml");
  fs.writeFileSync(
    config,
    `version: 0.1
log:
  level: warn
  accesslog:
    disabled: false
storage:
  filesystem:
    rootdirectory: ${storage}
  delete:
    enabled: false
  maintenance:
    uploadpurging:
      enabled: false
http:
  addr: 127.0.0.1:${registryPort}
  secret: hubmirror-test-secret
${auth ? `auth:
  token:
    realm: ${realm}
    service: ${service}
    issuer: ${ISSUER}
    rootcertbundle: ${certFile}
` : ""}middleware:
  storage:
    - name: redirect
      options:
        baseurl: http://127.0.0.1:${cdnPort}/
`,
  );
  const registry = await startServer("docker-registry", "docker-registry", ["serve", config], registryPort, {
    env: { ...process.env, OTEL_TRACES_EXPORTER: "none" },
  });
  const clientPort = frontPort ?? registryPort;
  return {
    registryPort: clientPort,
    /** Every port of this upstream, for the clients' isolation. */
    ports: [registryPort, tokenPort, cdnPort, ...(frontPort ? [frontPort] : [])],
    tokenPort,
    cdnPort,
    registry: `http://127.0.0.1:${clientPort}`,
    auth: `http://127.0.0.1:${tokenPort}`,
    realm,
    frontLog,
    tokenLog,
    cdnLog,
    cdnFaults,
    registryLog: registry.log,
    /** Request lines ("HEAD /v2/… HTTP/1.1") from the registry's access log since `mark`. */
    accessLines(mark = 0) {
      return registry.log().slice(mark).split("\n").map((l) => /"([A-Z]+ \/v2\/[^"]*) HTTP/.exec(l)?.[1]).filter(Boolean);
    },
    pid: registry.pid,
    async stop() {
      await registry.stop();
      await Promise.all(servers.map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
    },
  };
}
