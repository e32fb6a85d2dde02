// A stand-in upstream: a plain HTTP server on loopback that misbehaves as a test tells it to (a real
// registry will not), with a worker of the test's stack in front of it. `seen` records every request.
import http from "node:http";

export async function startStandIn(stack, handler, vars = {}) {
  const seen = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (d) => (body += d));
    req.on("end", () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      handler(req, res, server.address().port, body);
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${server.address().port}`;
  const w = await stack.extraWorker({ UPSTREAM_REGISTRY: base, UPSTREAM_AUTH: `${base}/token`, ...vars });
  return { seen, w, base, sockets, close: () => { for (const s of sockets) s.destroy(); server.close(); } };
}
