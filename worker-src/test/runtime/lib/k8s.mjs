// registry.k8s.io's shape: GET /v2/ answers 200 with no challenge, and every manifest, blob and tag request
// is a 307 to another registry (there: a regional *-docker.pkg.dev), where the images live under a path of
// their own and which challenges with its own token realm. Blobs take one more hop with a relative Location
// first (Artifact Registry answers with relative Locations), so the mirror must resolve it against the hop.
import http from "node:http";

/** Starts the front on `port`, redirecting to `target` (a registry's base URL) under `prefix`; logs requests. */
export function startK8sFront(port, target, prefix, log) {
  const server = http.createServer((req, res) => {
    log.push({ method: req.method, url: req.url, authorization: req.headers.authorization ?? null });
    const url = new URL(req.url, "http://front");
    let m;
    if (url.pathname === "/v2/" || url.pathname === "/v2") {
      res.writeHead(200, { "content-type": "application/json", "docker-distribution-api-version": "registry/2.0" }).end("{}");
    } else if ((m = /^\/v2\/(.+)\/blobs\/([^/]+)$/.exec(url.pathname))) {
      res.writeHead(307, { location: `/artifacts/${m[1]}/blobs/${m[2]}` }).end();
    } else if ((m = /^\/artifacts\/(.+)\/blobs\/([^/]+)$/.exec(url.pathname))) {
      res.writeHead(307, { location: `${target}/v2/${prefix}${m[1]}/blobs/${m[2]}` }).end();
    } else if ((m = /^\/v2\/(.+)\/(manifests\/[^/]+|tags\/list)$/.exec(url.pathname))) {
      res.writeHead(307, { location: `${target}/v2/${prefix}${m[1]}/${m[2]}${url.search}` }).end();
    } else {
      res.writeHead(404, { "content-type": "application/json" }).end('{"errors":[{"code":"NOT_FOUND","message":"not found"}]}');
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve({
    stop: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}
