// The compiled worker in workerd in front of a real distribution registry: home page, proxying,
// Docker Hub's auth flow through the mirror's own realm, blobs, and every error the mirror makes.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { curl, registryError } from "./lib/curl.mjs";
import { SERVICE } from "./lib/hub.mjs";
import { MEDIA } from "./lib/images.mjs";
import { freePort } from "./lib/proc.mjs";
import { startStack } from "./lib/stack.mjs";
import { startStandIn } from "./lib/standin.mjs";

const ACCEPT_ALL = [MEDIA.dockerManifest, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.ociIndex].join(", ");
let stack;
let W; // the worker's base URL

before(async () => {
  stack = await startStack();
  W = stack.worker.url;
});
after(async () => {
  await stack?.stop();
});

async function token(scopes, extra = {}) {
  const q = new URLSearchParams({ service: SERVICE });
  for (const s of scopes) q.append("scope", s);
  const res = await curl(`${W}/token?${q}`, extra);
  assert.equal(res.status, 200, res.body);
  return JSON.parse(res.body).token;
}

const bearer = (t) => ({ authorization: `Bearer ${t}` });

describe("home page", () => {
  for (const [lang, acceptLanguage, marker] of [
    ["en", "en-US,en;q=0.9", "Pull through this mirror"],
    ["zh", "zh-CN,zh;q=0.9,en;q=0.8", "通过本镜像拉取"],
  ]) {
    test(`shows the host it was reached by (${lang})`, async () => {
      const host = `mirror-${lang}.example.test`;
      const res = await curl(`${W}/`, { headers: { host, "accept-language": acceptLanguage, accept: "text/html" } });
      assert.equal(res.status, 200);
      assert.match(res.headers["content-type"], /^text\/html/);
      assert.match(res.body, new RegExp(`<html lang="${lang}"`));
      assert.ok(res.body.includes(marker), `page in ${lang}`);
      assert.ok(res.body.includes(`docker pull ${host}/library/nginx`));
      assert.ok(res.body.includes(`docker tag ${host}/library/nginx nginx`));
      assert.ok(res.body.includes(`"registry-mirrors": ["https://${host}"]`));
      assert.ok(!res.body.includes("{{"), "no placeholder left");
    });
  }

  test("any path outside /v2/ is the page, and the switch is on it", async () => {
    const res = await curl(`${W}/some/where?x=1`, { headers: { accept: "text/html" } });
    assert.equal(res.status, 200);
    assert.ok(res.body.includes('id="switch"'));
  });

  test("the host lands in the page as the client named it", async () => {
    const res = await curl(`${W}/`, { headers: { host: "evil.test:8080", accept: "text/html" } });
    assert.ok(res.body.includes("docker pull evil.test:8080/library/nginx"));
  });

  test("curl without Accept: text/html gets the same commands as plain text", async () => {
    const res = await curl(`${W}/`, { headers: { host: "m.example.test" } });
    assert.equal(res.status, 200);
    assert.match(res.headers["content-type"], /^text\/plain/);
    for (const line of ["docker pull m.example.test/library/nginx", "docker tag m.example.test/library/nginx nginx", '"registry-mirrors": ["https://m.example.test"]', 'capabilities = ["pull", "resolve"]', 'location = "m.example.test"']) {
      assert.ok(res.body.includes(line), line);
    }
    assert.doesNotMatch(res.body, /<html|\{\{/);
  });
});

describe("registry API through the mirror", () => {
  test("/v2/ answers the upstream's 401 with the mirror as realm", async () => {
    const res = await curl(`${W}/v2/`);
    assert.equal(res.status, 401);
    assert.equal(res.headers["www-authenticate"], `Bearer realm="${W}/token",service="${SERVICE}"`);
    assert.equal(registryError(res).code, "UNAUTHORIZED");
  });

  test("a manifest HEAD without credentials (containerd skips /v2/) is pulled with the mirror's identity", async () => {
    const res = await curl(`${W}/v2/hello/manifests/1`, { method: "HEAD", headers: { accept: ACCEPT_ALL } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["docker-content-digest"], stack.images.hello.digest);
  });

  test("a private one gets the challenge with the mirror's realm and a pull scope, so a logged-in client authenticates", async () => {
    const res = await curl(`${W}/v2/private/secret/manifests/1`, { method: "HEAD" });
    assert.equal(res.status, 401);
    assert.match(res.headers["www-authenticate"], new RegExp(`^Bearer realm="${W}/token",service="${SERVICE}",scope="repository:private/secret:pull"`));
  });

  test("HEAD of a manifest: Docker-Content-Digest, no body, and HEAD upstream", async () => {
    const t = await token(["repository:library/hello:pull"]);
    const mark = stack.hub.registryLog().length;
    const res = await curl(`${W}/v2/library/hello/manifests/1`, { method: "HEAD", headers: { ...bearer(t), accept: ACCEPT_ALL } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["docker-content-digest"], stack.images.hello.digest);
    assert.equal(res.headers["content-type"], MEDIA.dockerManifest);
    assert.ok(Number(res.headers["content-length"]) > 0);
    assert.equal(res.body, "");
    assert.deepEqual(stack.hub.accessLines(mark), ["HEAD /v2/library/hello/manifests/1"]);
  });

  test("GET of a manifest by short name returns the pushed bytes", async () => {
    const t = await token(["repository:hello:pull"]);
    const res = await curl(`${W}/v2/hello/manifests/1`, { headers: { ...bearer(t), accept: ACCEPT_ALL } });
    assert.equal(res.status, 200);
    const digest = "sha256:" + crypto.createHash("sha256").update(res.body).digest("hex");
    assert.equal(digest, stack.images.hello.digest);
  });

  test("an image outside library/ passes unchanged", async () => {
    const t = await token(["repository:team/tool:pull"]);
    const res = await curl(`${W}/v2/team/tool/manifests/1`, { method: "HEAD", headers: { ...bearer(t), accept: ACCEPT_ALL } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["docker-content-digest"], stack.images.tool.digest);
  });

  test("a missing image gives the registry's 404 JSON", async () => {
    const t = await token(["repository:library/nothere:pull"]);
    const res = await curl(`${W}/v2/library/nothere/manifests/latest`, { headers: { ...bearer(t), accept: ACCEPT_ALL } });
    assert.equal(res.status, 404);
    assert.match(registryError(res).code, /^(NAME_UNKNOWN|MANIFEST_UNKNOWN)$/);
  });

  test("tags/list works by short name", async () => {
    const t = await token(["repository:multi:pull"]);
    const res = await curl(`${W}/v2/multi/tags/list`, { headers: bearer(t) });
    assert.equal(res.status, 200);
    const list = JSON.parse(res.body);
    assert.equal(list.name, "library/multi");
    assert.deepEqual(list.tags.sort(), ["docker", "oci"]);
  });

  test("CORS: a real origin, Authorization allowed, preflight answered", async () => {
    const res = await curl(`${W}/v2/`, { headers: { origin: "https://ui.example.test" } });
    assert.equal(res.headers["access-control-allow-origin"], "https://ui.example.test");
    assert.match(res.headers["access-control-expose-headers"], /Docker-Content-Digest/);
    const own = await curl(`${W}/v2/`, { headers: { host: "m.example.test" } });
    assert.equal(own.headers["access-control-allow-origin"], "http://m.example.test");
    const pre = await curl(`${W}/v2/library/hello/manifests/1`, {
      method: "OPTIONS",
      headers: { origin: "https://ui.example.test", "access-control-request-headers": "authorization" },
    });
    assert.equal(pre.status, 204);
    assert.equal(pre.headers["access-control-allow-origin"], "https://ui.example.test");
    assert.match(pre.headers["access-control-allow-methods"], /GET/);
    assert.match(pre.headers["access-control-allow-headers"], /Authorization/);
  });
});

describe("token endpoint", () => {
  const login = { extra: ["-u", "reader:read-secret"] };

  test("a client without credentials gets the mirror's anonymous token; the token service is not asked", async () => {
    const mark = stack.hub.tokenLog.length;
    const res = await curl(`${W}/token?service=${SERVICE}&scope=repository:hello:pull`);
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { token: "hubmirror-anonymous", access_token: "hubmirror-anonymous", expires_in: 3600 });
    assert.equal(res.headers["cache-control"], "no-store");
    assert.deepEqual(stack.hub.tokenLog.slice(mark), []);
  });

  test("several scope parameters, short names mapped to library/", async () => {
    const mark = stack.hub.tokenLog.length;
    const t = await token(["repository:hello:pull", "repository:team/tool:pull"], login);
    assert.deepEqual(stack.hub.tokenLog.slice(mark).map((e) => e.scopes), [["repository:library/hello:pull", "repository:team/tool:pull"]]);
    for (const path of ["/v2/library/hello/manifests/1", "/v2/team/tool/manifests/1"]) {
      const res = await curl(W + path, { method: "HEAD", headers: { ...bearer(t), accept: ACCEPT_ALL } });
      assert.equal(res.status, 200, path);
    }
  });

  test("space-separated scopes in one parameter become one parameter each", async () => {
    const mark = stack.hub.tokenLog.length;
    await token(["repository:hello:pull repository:multi:pull"], login);
    assert.deepEqual(stack.hub.tokenLog.slice(mark)[0].scopes, ["repository:library/hello:pull", "repository:library/multi:pull"]);
  });

  test("Basic credentials pass through (docker login <mirror>)", async () => {
    const anon = await token(["repository:private/secret:pull"]);
    const denied = await curl(`${W}/v2/private/secret/manifests/1`, { headers: { ...bearer(anon), accept: ACCEPT_ALL } });
    assert.equal(denied.status, 401);
    const t = await token(["repository:private/secret:pull"], { extra: ["-u", "reader:read-secret"] });
    assert.equal(stack.hub.tokenLog.at(-1).user, "reader");
    const ok = await curl(`${W}/v2/private/secret/manifests/1`, { method: "HEAD", headers: { ...bearer(t), accept: ACCEPT_ALL } });
    assert.equal(ok.status, 200);
    const bad = await curl(`${W}/token?service=${SERVICE}&scope=repository:private/secret:pull`, { extra: ["-u", "reader:wrong"] });
    assert.equal(bad.status, 401);
  });

  test("a malformed scope is refused with JSON, and never reaches the token service", async () => {
    const mark = stack.hub.tokenLog.length;
    const res = await curl(`${W}/token?service=${SERVICE}&scope=repository:Bad%20Name:pull`);
    assert.equal(res.status, 400);
    assert.equal(registryError(res).code, "NAME_INVALID");
    assert.equal(stack.hub.tokenLog.length, mark);
  });

  test("paths below /token cannot climb out of UPSTREAM_AUTH", async () => {
    const mark = stack.hub.tokenLog.length;
    for (const [path, status] of [["/token/%2e%2e/admin", 400], ["/token/../admin", 400], ["/token/a%2fb", 404], ["/token//x", 404]]) {
      const res = await curl(W + path, { extra: ["--path-as-is"] });
      assert.equal(res.status, status, path);
      registryError(res);
    }
    assert.equal(stack.hub.tokenLog.length, mark);
  });

  test("a realm outside UPSTREAM_AUTH is refused: 502 JSON, the token service never called", async () => {
    const other = await stack.extraWorker({ UPSTREAM_AUTH: "http://127.0.0.1:9/" });
    const mark = stack.hub.tokenLog.length;
    const res = await curl(`${other.url}/v2/library/hello/manifests/1`, { method: "GET" });
    assert.equal(res.status, 502);
    assert.equal(registryError(res).code, "UNAVAILABLE");
    assert.equal(res.headers["www-authenticate"], undefined);
    assert.equal(stack.hub.tokenLog.length, mark);
  });
});

describe("blobs", () => {
  const layer = () => stack.images.hello.manifest.layers[1];
  let t;
  before(async () => {
    t = await token(["repository:library/hello:pull"]);
  });

  test("the 307 to storage is followed inside the worker, without Authorization", async () => {
    const mark = stack.hub.cdnLog.length;
    const res = await curl(`${W}/v2/hello/blobs/${layer().digest}`, { headers: bearer(t), extra: ["--compressed"] });
    assert.equal(res.status, 200);
    assert.equal(res.headers.location, undefined);
    const hits = stack.hub.cdnLog.slice(mark);
    assert.equal(hits.length, 1);
    assert.equal(hits[0].authorization, null);
    assert.equal(hits[0].method, "GET");
  });

  test("the bytes are the layer's", async () => {
    const res = await fetch(`${W}/v2/hello/blobs/${layer().digest}`, { headers: bearer(t) });
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.length, layer().size);
    assert.equal("sha256:" + crypto.createHash("sha256").update(bytes).digest("hex"), layer().digest);
  });

  test("Range gives 206 with Content-Range, end to end", async () => {
    const full = Buffer.from(await (await fetch(`${W}/v2/hello/blobs/${layer().digest}`, { headers: bearer(t) })).arrayBuffer());
    const mark = stack.hub.cdnLog.length;
    const res = await fetch(`${W}/v2/hello/blobs/${layer().digest}`, { headers: { ...bearer(t), range: "bytes=1000-1999" } });
    assert.equal(res.status, 206);
    assert.equal(res.headers.get("content-range"), `bytes 1000-1999/${layer().size}`);
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), full.subarray(1000, 2000));
    assert.equal(stack.hub.cdnLog.slice(mark)[0].range, "bytes=1000-1999");
  });

  test("HEAD of a blob stays HEAD all the way to storage", async () => {
    const mark = stack.hub.cdnLog.length;
    const res = await curl(`${W}/v2/hello/blobs/${layer().digest}`, { method: "HEAD", headers: bearer(t) });
    assert.equal(res.status, 200);
    assert.equal(Number(res.headers["content-length"]), layer().size);
    assert.deepEqual(stack.hub.cdnLog.slice(mark).map((h) => h.method), ["HEAD"]);
  });
});

describe("pull-only", () => {
  for (const [method, path] of [
    ["POST", "/v2/library/hello/blobs/uploads/"],
    ["PUT", "/v2/library/hello/manifests/evil"],
    ["PATCH", "/v2/library/hello/blobs/uploads/abc"],
    ["DELETE", "/v2/library/hello/manifests/1"],
  ]) {
    test(`${method} ${path} is 405 UNSUPPORTED and never reaches the upstream`, async () => {
      const mark = stack.hub.registryLog().length;
      const res = await curl(W + path, { method, headers: { "content-type": "application/octet-stream" }, body: "x" });
      assert.equal(res.status, 405);
      assert.equal(registryError(res).code, "UNSUPPORTED");
      assert.deepEqual(stack.hub.accessLines(mark), []);
    });
  }

  test("GET of an upload session is refused too", async () => {
    const res = await curl(`${W}/v2/library/hello/blobs/uploads/123`);
    assert.equal(res.status, 405);
  });
});

describe("bad input gets registry JSON, never the page or a 5xx", () => {
  const cases = [
    ["/v2/Upper/manifests/1", 400, "NAME_INVALID"],
    ["/v2/foo%00bar/manifests/1", 400, "NAME_INVALID"],
    ["/v2/%2e%2e/%2e%2e/etc/passwd/manifests/1", 400, "NAME_INVALID"],
    ["/v2/..%2f..%2fetc/blobs/sha256:" + "a".repeat(64), 400, "NAME_INVALID"],
    ["/v2/library/hello/manifests/bad%20tag", 400, "TAG_INVALID"],
    ["/v2/library/hello/manifests/sha256:abc", 400, "DIGEST_INVALID"],
    ["/v2/library/hello/blobs/latest", 400, "DIGEST_INVALID"],
    ["/v2/library/hello", 404, "NOT_FOUND"],
    ["/v2/" + "a/".repeat(1100) + "manifests/1", 400, "NAME_INVALID"],
    ["/v2/" + "a".repeat(300) + "/manifests/1", 400, "NAME_INVALID"],
  ];
  for (const [path, status, code] of cases) {
    test(`${path.slice(0, 60)} → ${status} ${code}`, async () => {
      const res = await curl(W + path, { extra: ["--path-as-is"] });
      assert.equal(res.status, status, res.body);
      assert.equal(registryError(res).code, code);
    });
  }

  test("an over-long header is 400 JSON", async () => {
    const res = await curl(`${W}/v2/library/hello/manifests/1`, { headers: { "x-junk": "a".repeat(10_000) } });
    assert.equal(res.status, 400);
    assert.equal(registryError(res).code, "TOO_LARGE");
  });

  test("dot segments anywhere are refused, so no path can be resolved into or out of /v2/", async () => {
    for (const path of ["/v2/../v2/library/hello/manifests/1", "/x/../v2/", "/v2/./library/hello/manifests/1", "/v2/%2E%2e/"]) {
      const res = await curl(W + path, { extra: ["--path-as-is"] });
      assert.equal(res.status, 400, path);
      assert.equal(registryError(res).code, "NAME_INVALID");
    }
  });
});

describe("upstream failures", () => {
  test("upstream down: 502 UNAVAILABLE as JSON", async () => {
    const port = await freePort();
    const down = await stack.extraWorker({ UPSTREAM_REGISTRY: `http://127.0.0.1:${port}` });
    const res = await curl(`${down.url}/v2/library/hello/manifests/1`);
    assert.equal(res.status, 502);
    const e = registryError(res);
    assert.equal(e.code, "UNAVAILABLE");
    assert.doesNotMatch(res.body, /at [\w$.]+ \(|\.java|<html/i);
  });

  test("upstream that accepts but never answers: 504 UNAVAILABLE (a silent peer; no real registry does this on purpose)", async () => {
    const sockets = [];
    const silent = net.createServer((s) => sockets.push(s));
    await new Promise((r) => silent.listen(0, "127.0.0.1", r));
    try {
      const slow = await stack.extraWorker({ UPSTREAM_REGISTRY: `http://127.0.0.1:${silent.address().port}`, UPSTREAM_TIMEOUT_MS: "1500" });
      const res = await curl(`${slow.url}/v2/library/hello/manifests/1`);
      assert.equal(res.status, 504);
      assert.equal(registryError(res).code, "UNAVAILABLE");
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
  });

  test("upstream 429 becomes TOOMANYREQUESTS that says what to do (a stub: distribution has no rate limit)", async () => {
    const { w, close } = await startStandIn(stack, (req, res) => {
      res.writeHead(429, { "content-type": "application/json", "ratelimit-limit": "100;w=21600", "ratelimit-remaining": "0;w=21600", "retry-after": "3600" });
      res.end('{"errors":[{"code":"TOOMANYREQUESTS","message":"You have reached your pull rate limit."}]}');
    });
    try {
      const res = await curl(`${w.url}/v2/library/hello/manifests/1`, { headers: { host: "m.example.test" } });
      assert.equal(res.status, 429);
      assert.equal(res.headers["retry-after"], "3600");
      assert.equal(res.headers["ratelimit-remaining"], "0;w=21600");
      const e = registryError(res);
      assert.equal(e.code, "TOOMANYREQUESTS");
      assert.match(e.message, /docker login m\.example\.test/);
    } finally {
      close();
    }
  });
});

describe("redirects from the upstream (stub upstreams: a real registry neither loops nor sends broken URLs)", () => {
  const stub = (handler) => startStandIn(stack, handler);
  const blob = "/v2/library/hello/blobs/sha256:" + "a".repeat(64);

  test("a few hops at most, each with a fresh set of headers; a loop ends in 502 UNAVAILABLE", async () => {
    const { seen, w, close } = await stub((req, res, port) => {
      res.writeHead(307, { location: `http://127.0.0.1:${port}/hop${seen.length}` }).end();
    });
    try {
      const res = await curl(w.url + blob, {
        headers: { authorization: "Bearer hubmirror~docker.io~secret", cookie: "session=1", range: "bytes=0-9", "if-none-match": '"x"', "x-custom": "y" },
      });
      assert.equal(res.status, 502);
      assert.equal(registryError(res).code, "UNAVAILABLE");
      assert.equal(res.headers.location, undefined);
      assert.equal(seen.length, 6, "the request and five hops");
      assert.equal(seen[0].headers.authorization, "Bearer secret");
      for (const hop of seen.slice(1)) {
        assert.equal(hop.headers.authorization, undefined);
        assert.equal(hop.headers.cookie, undefined);
        assert.equal(hop.headers["x-custom"], undefined);
        assert.equal(hop.headers.range, "bytes=0-9");
        assert.equal(hop.headers["if-none-match"], '"x"');
      }
    } finally {
      close();
    }
  });
});

describe("what goes upstream", () => {
  test("a token for another upstream, or one the mirror did not issue, is not sent: the request is anonymous", async () => {
    const echo = await startStandIn(stack, (req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    try {
      for (const authorization of ["Bearer hubmirror~ghcr.io~abc", "Bearer raw-token", "Bearer hubmirror~docker.io.evil~abc"]) {
        const res = await curl(`${echo.w.url}/v2/team/tool/tags/list`, { headers: { authorization } });
        assert.equal(res.status, 200, authorization);
        assert.equal(echo.seen.at(-1).headers.authorization, undefined, authorization);
      }
    } finally {
      echo.close();
    }
  });

  test("Host is the upstream's; only registry request headers go (an echo server records them; hardening.test.mjs has the rest)", async () => {
    const echo = await startStandIn(stack, (req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    try {
      const res = await curl(`${echo.w.url}/v2/library/hello/manifests/1?ns=docker.io`, {
        headers: {
          accept: MEDIA.ociIndex, "x-custom": "dropped", "cf-connecting-ip": "1.2.3.4", "x-forwarded-for": "1.2.3.4",
          cookie: "session=secret", "proxy-authorization": "Basic eDp5", te: "trailers", authorization: "Bearer hubmirror~docker.io~abc",
        },
      });
      assert.equal(res.status, 200);
      const seen = echo.seen[0].headers;
      assert.equal(seen.host, echo.base.slice("http://".length));
      assert.equal(seen["x-custom"], undefined);
      assert.equal(seen.accept, MEDIA.ociIndex);
      assert.equal(seen.authorization, "Bearer abc", "the token the mirror wrapped for docker.io, unwrapped");
      assert.equal(echo.seen[0].url, "/v2/library/hello/manifests/1", "containerd's ns is the mirror's business");
      for (const gone of ["cf-connecting-ip", "x-forwarded-for", "cookie", "proxy-authorization", "te"]) {
        assert.equal(seen[gone], undefined, gone);
      }
    } finally {
      echo.close();
    }
  });
});
