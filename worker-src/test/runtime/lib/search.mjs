// A local stand-in for Docker Hub's search API (index.docker.io/v1/search), which no test may reach: it answers
// like it, plus a field that is not a search result's (the mirror must leave it out). `seen` records queries.
import http from "node:http";

export async function startSearchApi() {
  const seen = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    seen.push({ path: url.pathname, q: url.searchParams.get("q"), n: url.searchParams.get("n"), authorization: req.headers.authorization ?? null });
    const q = url.searchParams.get("q") ?? "";
    const results = ["library/redis", "bitnami/redis", "redis/redis-stack"].filter((name) => name.includes(q)).map((name, i) => ({
      name, description: `${name} for the tests`, star_count: 100 - i, is_official: name.startsWith("library/"), is_automated: false,
      internal_secret: "not-for-clients",
    }));
    res.writeHead(200, { "content-type": "application/json", "set-cookie": "tracker=1" });
    res.end(JSON.stringify({ num_results: results.length, num_pages: 1, page: 1, page_size: 25, query: q, results, debug: "not-for-clients" }));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1/search`,
    seen,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}
