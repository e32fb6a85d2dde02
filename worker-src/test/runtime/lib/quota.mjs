// A front for the test registry that counts pulls the way Docker Hub does: every manifest GET it answers
// 200 is a pull, counted per account (the token's subject) or, for anonymous tokens, per client IP; HEADs
// and blobs are free. Past `limit` it answers 429 TOOMANYREQUESTS with Docker Hub's headers. It can also
// answer 429 to everything (`mode = "429"`), or be stopped and started again on the same port, which is
// how the tests make the upstream fail.
import http from "node:http";

const WINDOW = 21600;

function subject(authorization) {
  const m = /^Bearer ([^.]+)\.([^.]+)\./.exec(authorization ?? "");
  if (!m) return "";
  try {
    return JSON.parse(Buffer.from(m[2], "base64url").toString()).sub ?? "";
  } catch {
    return "";
  }
}

export async function startQuotaFront(hub, { limit = 3, port = 0 } = {}) {
  const front = {
    limit,
    mode: "count",
    /** Pulls counted per account ("user:<name>") or IP ("ip:<address>"). */
    pulls: new Map(),
    /** Every request: {method, path, who, status}. */
    log: [],
    server: null,
    port,
    url: null,
  };
  const handler = (req, res) => {
    const who = subject(req.headers.authorization);
    const key = who ? `user:${who}` : `ip:${req.socket.remoteAddress}`;
    const entry = { method: req.method, path: req.url, who: key, status: 0 };
    front.log.push(entry);
    const isManifest = /^\/v2\/.+\/manifests\/[^/]+$/.test(req.url.split("?")[0]);
    const used = front.pulls.get(key) ?? 0;
    const rateHeaders = { "ratelimit-limit": `${front.limit};w=${WINDOW}`, "ratelimit-remaining": `${Math.max(0, front.limit - used)};w=${WINDOW}`, "docker-ratelimit-source": key };
    const refuse = front.mode === "429" || (isManifest && req.method === "GET" && used >= front.limit);
    if (refuse) {
      entry.status = 429;
      res.writeHead(429, { "content-type": "application/json", ...rateHeaders, "ratelimit-remaining": `0;w=${WINDOW}` });
      res.end(JSON.stringify({ errors: [{ code: "TOOMANYREQUESTS", message: "You have reached your pull rate limit. You may increase the limit by authenticating and upgrading: https://www.docker.com/increase-rate-limits" }] }));
      return;
    }
    const upstream = http.request(`${hub.registry}${req.url}`, { method: req.method, headers: { ...req.headers, host: `127.0.0.1:${hub.registryPort}` } }, (answer) => {
      entry.status = answer.statusCode;
      const headers = { ...answer.headers };
      if (isManifest) Object.assign(headers, rateHeaders);
      if (isManifest && req.method === "GET" && answer.statusCode === 200) {
        front.pulls.set(key, used + 1);
        headers["ratelimit-remaining"] = `${Math.max(0, front.limit - used - 1)};w=${WINDOW}`;
      }
      res.writeHead(answer.statusCode, headers);
      answer.pipe(res);
    });
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  };
  front.start = () => new Promise((resolve) => {
    front.server = http.createServer(handler);
    front.server.listen(front.port, "127.0.0.1", () => {
      front.port = front.server.address().port;
      front.url = `http://127.0.0.1:${front.port}`;
      resolve(front);
    });
  });
  front.stop = () => new Promise((resolve) => {
    if (!front.server) return resolve();
    front.server.closeAllConnections();
    front.server.close(() => resolve());
    front.server = null;
  });
  /** Requests since `mark` (an index into log), as "METHOD /path" lines. */
  front.lines = (mark = 0) => front.log.slice(mark).map((e) => `${e.method} ${e.path.split("?")[0]}`);
  return front.start();
}
