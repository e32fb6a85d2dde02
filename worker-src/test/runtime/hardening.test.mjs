// Issue #9: what an attacker or a careless client or upstream can do to the mirror, each as it was found.
// The upstreams here are stand-ins that misbehave on purpose (a real registry does none of this): they are
// mocks by necessity, and each test says which fault it produces. The real registry stack is used where it
// can show the behaviour (token flow, tags pagination).
import assert from "node:assert/strict";
import crypto from "node:crypto";
import net from "node:net";
import zlib from "node:zlib";
import { after, before, describe, test } from "node:test";
import { curl, registryError } from "./lib/curl.mjs";
import { SERVICE } from "./lib/hub.mjs";
import { run, sleep } from "./lib/proc.mjs";
import { startStack } from "./lib/stack.mjs";
import { startStandIn } from "./lib/standin.mjs";
import { cpuNs } from "./lib/workerd.mjs";

let stack;
let W;
before(async () => {
  stack = await startStack();
  W = stack.worker.url;
});
after(async () => {
  await stack?.stop();
});

/** A stand-in upstream in front of a worker of this file's stack (lib/standin.mjs). */
const standIn = (handler, vars) => startStandIn(stack, handler, vars);

const digestOf = (buf) => "sha256:" + crypto.createHash("sha256").update(buf).digest("hex");

describe("1. /token cannot be made to burn CPU", () => {
  test("20,000 query parameters (a 40 KB URI) are refused with 400 in milliseconds of CPU; a normal request still works", async () => {
    const query = Array.from({ length: 20_000 }, () => "a").join("&"); // 40 KB
    const before = cpuNs(stack.worker.pid) / 1e6;
    const res = await curl(`${W}/token?${query}`);
    const used = cpuNs(stack.worker.pid) / 1e6 - before;
    assert.equal(res.status, 400);
    assert.match(registryError(res).message, /too long/);
    const thousand = await curl(`${W}/token?${Array.from({ length: 1000 }, () => "a").join("&")}`);
    assert.equal(thousand.status, 400);
    assert.match(registryError(thousand).message, /too many parameters/);
    // it cost ~5 s of CPU when each parameter was appended to a URL's searchParams
    assert.ok(used < 200, `workerd used ${used.toFixed(1)} ms of CPU`);
    const many = Array.from({ length: 10 }, (_, i) => `scope=repository:r${i}:pull`).join("&");
    const ok = await curl(`${W}/token?service=${SERVICE}&${many}`);
    assert.equal(ok.status, 200, ok.body);
  });

  test("more scopes than a client ever sends are refused before the token service is asked", async () => {
    const mark = stack.hub.tokenLog.length;
    const scopes = Array.from({ length: 17 }, (_, i) => `repository:r${i}:pull`).join(" ");
    const res = await curl(`${W}/token?service=${SERVICE}&scope=${encodeURIComponent(scopes)}`);
    assert.equal(res.status, 400);
    assert.equal(stack.hub.tokenLog.length, mark);
  });
});

describe("2. /token calls exactly the configured realm", () => {
  for (const [method, path] of [["GET", "/token/healthz"], ["POST", "/token/v2/library/hello/blobs/uploads/?mount=x"], ["GET", "/token/2"], ["GET", "/token/x/y"]]) {
    test(`${method} ${path} → 404 JSON, nothing reaches the token service`, async () => {
      const mark = stack.hub.tokenLog.length;
      const res = await curl(W + path, { method, headers: { "content-type": "application/x-www-form-urlencoded" }, body: method === "POST" ? "a=b" : undefined });
      assert.equal(res.status, 404);
      assert.equal(registryError(res).code, "NAME_UNKNOWN");
      assert.equal(stack.hub.tokenLog.length, mark);
    });
  }

  test("HEAD, PUT, DELETE on /token are 405 with Allow: GET, POST", async () => {
    for (const method of ["HEAD", "PUT", "DELETE", "PATCH"]) {
      const res = await curl(`${W}/token`, { method });
      assert.equal(res.status, 405, method);
      assert.equal(res.headers.allow, "GET, POST");
    }
  });

  test("a realm on the registry's own host (ghcr/quay style): the mirror calls that one path, GET or the OAuth2 form POST", async () => {
    const s = await standIn((req, res) => {
      if (req.url.startsWith("/token")) return res.writeHead(200, { "content-type": "application/json" }).end('{"token":"t"}');
      res.writeHead(401, { "www-authenticate": 'Bearer realm="' + `http://127.0.0.1:${req.socket.localPort}/token` + '",service="reg"', "content-type": "application/json" }).end("{}");
    });
    try {
      const challenge = await curl(`${s.w.url}/v2/library/x/manifests/1`);
      assert.equal(challenge.headers["www-authenticate"], `Bearer realm="${s.w.url}/token",service="reg"`);
      const get = await curl(`${s.w.url}/token?service=reg&scope=repository:x:pull,push&evil=1`);
      assert.equal(get.status, 200);
      const post = await curl(`${s.w.url}/token`, {
        method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "grant_type=password&username=u&password=p&service=reg&scope=repository%3Ax%3Apull%2Cpush&client_id=docker&x=1",
      });
      assert.equal(post.status, 200, post.body);
      const tokenCalls = s.seen.filter((r) => r.url.startsWith("/token"));
      assert.deepEqual(tokenCalls.map((r) => [r.method, r.url]), [
        ["GET", "/token?service=reg&scope=repository%3Alibrary%2Fx%3Apull"],
        ["POST", "/token"],
      ]);
      assert.equal(tokenCalls[1].body, "grant_type=password&username=u&password=p&service=reg&scope=repository%3Alibrary%2Fx%3Apull&client_id=docker");
      // the mirror's own paths never reach the upstream through /token
      const sneak = await curl(`${s.w.url}/token/v2/library/x/blobs/uploads/`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: "a=b" });
      assert.equal(sneak.status, 404);
      assert.equal(s.seen.filter((r) => r.url.startsWith("/v2/library/x/blobs")).length, 0);
    } finally {
      s.close();
    }
  });
});

describe("3. a challenge the mirror cannot read whole is refused, never passed on", () => {
  for (const challenge of [
    'Bearer realm="http://evil.example/token" junk',
    'Bearer realm="REALM" junk',
    'Bearer realm="REALM";service="x"',
    'Bearer realm="REALM", Basic realm="x"',
    'Bearer realm="REALM",realm="http://evil.example/token"',
    'Bearer realm="http://evil.example/token",realm="REALM"',
    'Digest realm="x",nonce="y"',
  ]) {
    test(challenge, async () => {
      const s = await standIn((req, res, port) => {
        res.writeHead(401, { "www-authenticate": challenge.replaceAll("REALM", `http://127.0.0.1:${port}/token`), "content-type": "application/json" }).end("{}");
      });
      try {
        const res = await curl(`${s.w.url}/v2/library/x/manifests/1`);
        assert.equal(res.status, 502);
        assert.equal(registryError(res).code, "UNAVAILABLE");
        assert.equal(res.headers["www-authenticate"], undefined);
        assert.doesNotMatch(res.body, /evil|127\.0\.0\.1/);
      } finally {
        s.close();
      }
    });
  }
});

describe("4. only registry headers come back from the upstream", () => {
  test("cookies, credentials CORS, Location, Server, X-…, Cache-Control stay behind; nosniff and a sandbox are added", async () => {
    const body = '{"schemaVersion":2}';
    const s = await standIn((req, res) => {
      res.writeHead(200, {
        "content-type": "text/html", "docker-content-digest": digestOf(Buffer.from(body)), "set-cookie": "s=1; Path=/",
        "access-control-allow-credentials": "true", "access-control-allow-origin": "https://evil.example",
        "content-location": "http://internal/x", server: "internal/1.0", "x-internal-host": "10.0.0.7",
        "cache-control": "public, max-age=31536000", link: '<https://evil.example/v2/x>; rel="next"', etag: '"e"',
      }).end(body);
    });
    try {
      const res = await curl(`${s.w.url}/v2/library/x/manifests/1`, { headers: { origin: "https://app.example" } });
      assert.equal(res.status, 200);
      assert.equal(res.body, body);
      for (const gone of ["set-cookie", "access-control-allow-credentials", "content-location", "server", "x-internal-host", "link"]) {
        assert.equal(res.headers[gone], undefined, gone);
      }
      assert.equal(res.headers["access-control-allow-origin"], "https://app.example", "the mirror's own CORS, without credentials");
      assert.equal(res.headers["cache-control"], "private");
      assert.equal(res.headers["x-content-type-options"], "nosniff");
      assert.match(res.headers["content-security-policy"], /sandbox/);
      assert.equal(res.headers.etag, '"e"');
    } finally {
      s.close();
    }
  });

  for (const status of [300, 304, 305]) {
    test(`an unfollowed ${status} keeps its Location to itself`, async () => {
      const s = await standIn((req, res) => res.writeHead(status, { location: "http://internal.example/secret", "content-location": "http://internal.example/c" }).end());
      try {
        const res = await curl(`${s.w.url}/v2/library/x/manifests/1`);
        assert.equal(res.headers.location, undefined);
        assert.equal(res.headers["content-location"], undefined);
      } finally {
        s.close();
      }
    });
  }

  test("a pagination Link to the upstream comes back as a path on the mirror (distribution 2.8 here does not paginate tags)", async () => {
    const s = await standIn((req, res, port) => res.writeHead(200, {
      "content-type": "application/json", link: `<http://127.0.0.1:${port}/v2/library/x/tags/list?last=b&n=1>; rel="next"`,
    }).end('{"name":"library/x","tags":["a"]}'));
    try {
      const res = await curl(`${s.w.url}/v2/x/tags/list?n=1`);
      assert.equal(res.status, 200);
      assert.equal(res.headers.link, '</v2/library/x/tags/list?last=b&n=1>; rel="next"');
    } finally {
      s.close();
    }
  });
});

describe("an upstream that compresses (workerd decodes what it reads)", () => {
  const plain = Buffer.from(JSON.stringify({ schemaVersion: 2, pad: "x".repeat(5000) }));
  for (const kind of ["manifests/1", `blobs/${digestOf(plain)}`]) {
    test(`a gzip-encoded ${kind.split("/")[0]} arrives decoded, without the encoded length`, async () => {
      const gz = zlib.gzipSync(plain);
      const s = await standIn((req, res) => res.writeHead(200, { "content-type": "application/json", "content-encoding": "gzip", "content-length": String(gz.length) }).end(gz));
      try {
        const r = await run("curl", ["-sS", "-o", "-", `${s.w.url}/v2/library/x/${kind}`]);
        assert.equal(r.code, 0, r.stderr);
        assert.equal(r.stdout, plain.toString());
      } finally {
        s.close();
      }
    });
  }
});

describe("5. /token is no cross-origin password oracle", () => {
  test("no CORS on /token: not on answers, not on the preflight", async () => {
    const res = await curl(`${W}/token?service=${SERVICE}`, { headers: { origin: "https://evil.example" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers["access-control-allow-origin"], undefined);
    const pre = await curl(`${W}/token`, { method: "OPTIONS", headers: { origin: "https://evil.example", "access-control-request-method": "POST" } });
    assert.equal(pre.headers["access-control-allow-origin"], undefined);
    assert.equal(pre.headers["access-control-allow-methods"], undefined);
  });

  test("a form POST from another site is refused before the token service hears of it", async () => {
    const s = await standIn((req, res) => res.writeHead(200, { "content-type": "application/json" }).end('{"token":"t"}'));
    try {
      for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }]) {
        const res = await curl(`${s.w.url}/token`, {
          method: "POST", headers: { "content-type": "application/x-www-form-urlencoded", ...headers }, body: "grant_type=password&username=u&password=p",
        });
        assert.equal(res.status, 403, JSON.stringify(headers));
        assert.equal(registryError(res).code, "DENIED");
      }
      const plain = await curl(`${s.w.url}/token`, { method: "POST", headers: { "content-type": "text/plain" }, body: "username=u" });
      assert.equal(plain.status, 415);
      assert.equal(registryError(plain).code, "UNSUPPORTED_MEDIA_TYPE");
      assert.equal(s.seen.length, 0);
    } finally {
      s.close();
    }
  });

  test("scopes reach the token service as pull only", async () => {
    const mark = stack.hub.tokenLog.length;
    const res = await curl(`${W}/token?service=${SERVICE}&scope=repository:hello:pull,push&scope=repository:x/y:push&scope=repository:z:*&scope=registry:catalog:*`, { extra: ["-u", "reader:read-secret"] });
    assert.equal(res.status, 200);
    assert.deepEqual(stack.hub.tokenLog.slice(mark).map((l) => l.scopes), [["repository:library/hello:pull", "repository:library/z:pull"]]);
  });
});

describe("6. request headers go upstream by allowlist", () => {
  test("a header longer than any registry client sends: 400 before anything goes upstream (anonymous or not)", async () => {
    const mark = stack.hub.registryLog().length;
    for (const auth of [{}, { authorization: "Basic " + Buffer.from("reader:read-secret").toString("base64") }]) {
      const res = await curl(`${W}/v2/library/hello/manifests/1`, { headers: { ...auth, "user-agent": "x".repeat(9000) } });
      assert.equal(res.status, 400);
      assert.match(registryError(res).message, /too long/);
    }
    assert.deepEqual(stack.hub.accessLines().slice(mark), []);
  });

  test("method overrides, client addresses, Via, CDN-Loop, Origin, Referer and unknown headers stay behind", async () => {
    const s = await standIn((req, res) => res.writeHead(200, { "content-type": "application/json" }).end("{}"));
    try {
      await curl(`${s.w.url}/v2/library/x/manifests/1`, {
        headers: {
          accept: "application/vnd.oci.image.index.v1+json", "user-agent": "docker/27", "if-none-match": '"e"',
          "x-http-method-override": "DELETE", "x-method-override": "PUT", "true-client-ip": "1.2.3.4", "x-client-ip": "1.2.3.4",
          via: "1.1 evil", "cdn-loop": "cloudflare", origin: "https://evil.example", referer: "https://evil.example/",
          connection: "x-secret", "x-secret": "s", "x-custom": "c",
        },
      });
      const got = s.seen[0].headers;
      assert.equal(got.accept, "application/vnd.oci.image.index.v1+json");
      assert.equal(got["user-agent"], "docker/27");
      assert.equal(got["if-none-match"], '"e"');
      for (const gone of ["x-http-method-override", "x-method-override", "true-client-ip", "x-client-ip", "via", "cdn-loop", "origin", "referer", "x-secret", "x-custom"]) {
        assert.equal(got[gone], undefined, gone);
      }
    } finally {
      s.close();
    }
  });
});

describe("7. every error is the registry's JSON, with what to do, internals only in the log", () => {
  test("an invalid Host and OPTIONS * are 400 JSON, not 500", async () => {
    const host = await curl(`${W}/v2/`, { headers: { host: "bad host^" } });
    assert.equal(host.status, 400);
    registryError(host);
    const star = await curl(`${W}`, { method: "OPTIONS", extra: ["--request-target", "*"] });
    // workerd cannot make a URL of "*": the mirror's 400 REQUEST_INVALID, as for a bad Host
    assert.equal(star.status, 400, `OPTIONS * → ${star.status}`);
    assert.equal(registryError(star).code, "REQUEST_INVALID");
  });

  for (const [location, pattern] of [["http://[broken", /not a URL/], ["ftp://files.example/x", /ftp: address/], ["data:text/plain,x", /data: address/]]) {
    test(`a redirect to ${location} is 502 saying why`, async () => {
      const s = await standIn((req, res) => res.writeHead(307, { location }).end());
      try {
        const res = await curl(`${s.w.url}/v2/library/x/blobs/sha256:${"a".repeat(64)}`);
        assert.equal(res.status, 502);
        assert.match(registryError(res).message, pattern);
      } finally {
        s.close();
      }
    });
  }

  test("the upstream's HTML 416 and text 404 become RANGE_INVALID and MANIFEST_UNKNOWN", async () => {
    const s = await standIn((req, res) => {
      if (req.url.includes("/blobs/")) return res.writeHead(416, { "content-type": "text/html" }).end("<html><script>alert(1)</script></html>");
      res.writeHead(404, { "content-type": "text/plain" }).end("404 page not found");
    });
    try {
      const blob = await curl(`${s.w.url}/v2/library/x/blobs/sha256:${"a".repeat(64)}`, { headers: { range: "bytes=999999-" } });
      assert.equal(blob.status, 416);
      assert.equal(registryError(blob).code, "RANGE_INVALID");
      assert.doesNotMatch(blob.body, /script/);
      const manifest = await curl(`${s.w.url}/v2/library/x/manifests/nope`);
      assert.equal(manifest.status, 404);
      assert.equal(registryError(manifest).code, "MANIFEST_UNKNOWN");
      // containerd asks with HEAD first: the same status, and no body on the wire
      const head = await curl(`${s.w.url}/v2/library/x/manifests/nope`, { method: "HEAD" });
      assert.equal(head.status, 404);
      assert.equal(head.body, "");
    } finally {
      s.close();
    }
  });

  test("405 says what is allowed", async () => {
    for (const path of ["/v2/library/hello/manifests/1", "/"]) {
      const res = await curl(W + path, { method: "DELETE" });
      assert.equal(res.status, 405);
      assert.equal(res.headers.allow, "GET, HEAD");
    }
  });

  test("no configuration value or runtime message in what a client reads", async () => {
    const closed = await stack.extraWorker({ UPSTREAM_REGISTRY: "http://127.0.0.1:9", UPSTREAM_AUTH: "http://127.0.0.1:9/secret-realm" });
    const res = await curl(`${closed.url}/v2/library/x/manifests/1`);
    assert.equal(res.status, 502);
    const e = registryError(res);
    assert.equal(e.detail, null);
    assert.match(e.message, /try again/);
    assert.doesNotMatch(res.body, /Network connection lost|secret-realm|127\.0\.0\.1|TypeError/);
    const foreign = await stack.extraWorker({ UPSTREAM_AUTH: "http://127.0.0.1:9/secret-realm" });
    const refused = await curl(`${foreign.url}/v2/`);
    assert.equal(refused.status, 502);
    assert.doesNotMatch(refused.body, /secret-realm|127\.0\.0\.1/);
  });

  const wellFormed = {
    UPSTREAM_AUTH: () => `${stack.hub.auth}/token`,
    UPSTREAM_CREDENTIALS: () => JSON.stringify({ "docker.io": ["reader:read-secret"], "ghcr.io": [] }),
    ALLOW_IMAGES: () => "docker.io/library/*,ghcr.io/**",
    DENY_IMAGES: () => "docker.io/library/huge",
    ALLOW_IPS: () => "127.0.0.0/8,::1",
    ALLOW_COUNTRIES: () => "CN,HK",
    HIDE_HOME: () => "true",
    SEARCH_API: () => "https://index.docker.io/v1/search",
    HEALTH_IMAGE: () => "library/alpine:3.20",
    LOGIN_PASSTHROUGH: () => "true",
    VERIFY_BLOBS: () => "digest",
    UPSTREAMS: () => JSON.stringify({ "ghcr.io": { registry: "https://ghcr.example", auth: ["https://ghcr.example/token"], label: "gh" }, "quay.io": null }),
  };
  for (const [name, value] of [
    ["UPSTREAM_AUTH", "not a url"], ["UPSTREAM_TIMEOUT_MS", "soon"], ["UPSTREAM_IDLE_TIMEOUT_MS", "-1"],
    ["TAG_TTL_SECONDS", "1m"], ["STALE_IF_ERROR_SECONDS", "7d"],
    // a secret: neither its value nor a fragment of it may show
    ["UPSTREAM_CREDENTIALS", '{"docker.io": "sekrit-user:sekrit-pat"}'], ["UPSTREAM_CREDENTIALS", '{"docker.io": ["sekrit-no-colon"]}'],
    ["UPSTREAM_CREDENTIALS", "sekrit-user:sekrit-pat"],
    ["UPSTREAMS", "{not json"], ["UPSTREAMS", '["ghcr.io"]'], ["UPSTREAMS", '{"ghcr.io": "https://ghcr.io"}'],
    ["UPSTREAMS", '{"ghcr.io": {"registry": "ftp://ghcr.io"}}'], ["UPSTREAMS", '{"ghcr.io": {"auth": ["https://ghcr.io/../x"]}}'],
    ["UPSTREAMS", '{"ghcr.io": {"registy": "https://ghcr.io"}}'], ["UPSTREAMS", '{"new.example.com": {"auth": []}}'],
    ["UPSTREAMS", '{"ghcr": {"registry": "https://ghcr.io"}}'], ["UPSTREAMS", '{"ghcr.io": {"label": "a.b"}}'],
    ["ALLOW_IMAGES", "docker.io/Library/*"], ["DENY_IMAGES", "docker.io/a b"], ["ALLOW_IPS", "10.0.0.0/33"],
    ["ALLOW_IPS", "example.com"], ["ALLOW_COUNTRIES", "China"], ["HIDE_HOME", "yes"], ["CLIENT_RATE_LIMIT_PERIOD", "1m"],
    ["SEARCH_API", "index.docker.io/v1/search"], ["HEALTH_IMAGE", "Bad/Name:1"], ["TOKEN_TTL_SECONDS", "5m"], ["LOGIN_PASSTHROUGH", "yes"],
    ["BLOB_MIN_RATE", "32k"], ["BLOB_MIN_RATE", "-5"], ["VERIFY_BLOBS", "sha256"], ["VERIFY_BLOBS", "Digest"],
  ]) {
    test(`a malformed ${name} (${value}) makes every request a 500 that names the variable`, async () => {
      const bad = await stack.extraWorker({ [name]: value });
      const res = await curl(`${bad.url}/v2/`);
      assert.equal(res.status, 500);
      assert.match(registryError(res).message, new RegExp(name));
      assert.doesNotMatch(res.body, /sekrit/);
      assert.ok(!res.body.includes(value));
      const good = await stack.extraWorker({ [name]: wellFormed[name]?.() ?? "5000" });
      assert.equal((await curl(`${good.url}/v2/`)).status, 401, "a well-formed value works");
    });
  }
});

describe("7b. a malformed UPSTREAMS is named by the entry's place, never by any part of its value (#19 item 7)", () => {
  for (const value of ['{"Sekrit-Registry.Example": {"registry": "https://x.example"}}', '{"sekrit-registry.example": {"label": "a.b"}}',
    '{"ghcr.io": {}, "sekrit-registry.example": {"auth": ["ftp://sekrit.example"]}}', '{"sekrit-registry.example": {"auth": []}}']) {
    test(value, async () => {
      const bad = await stack.extraWorker({ UPSTREAMS: value });
      const res = await curl(`${bad.url}/v2/`);
      assert.equal(res.status, 500);
      assert.match(registryError(res).message, /UPSTREAMS: entry [12]: /);
      assert.doesNotMatch(res.body, /sekrit/i);
    });
  }
});

describe("8. a manifest or token body that stalls is bounded by UPSTREAM_TIMEOUT_MS", () => {
  for (const path of ["/v2/library/x/manifests/1", "/token?service=reg"]) {
    test(`${path}: head at once, then half a body and silence → 504 within the timeout`, async () => {
      const s = await standIn((req, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
        res.write("{" + " ".repeat(400)); // and nothing more
      }, { UPSTREAM_TIMEOUT_MS: "1500" });
      try {
        const started = Date.now();
        // (with credentials: a token request without them is the mirror's to answer, not the upstream's)
        const res = await curl(s.w.url + path, { extra: ["--max-time", "30", "-u", "reader:read-secret"] });
        assert.equal(res.status, 504);
        assert.equal(registryError(res).code, "UNAVAILABLE");
        assert.ok(Date.now() - started < 15_000, "answered long before the upstream would have given up");
      } finally {
        s.close();
      }
    });
  }
});

describe("9. a blob body that stalls: its deadline (UPSTREAM_IDLE_TIMEOUT_MS + length at BLOB_MIN_RATE) frees client and upstream", () => {
  const blobPath = `/v2/library/x/blobs/sha256:${"b".repeat(64)}`;
  const EIGHT_MIB = 8 << 20;
  // 1 s of slack plus 8 MiB at 8 MiB/s: the deadline of an 8 MiB blob is 2 s
  const FAST = { UPSTREAM_IDLE_TIMEOUT_MS: "1000", BLOB_MIN_RATE: String(8 << 20) };
  async function stallingBlob(vars) {
    return standIn((req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(EIGHT_MIB) });
      res.write(Buffer.alloc(1 << 20, 1)); // 1 MiB of 8, then silence
    }, vars);
  }

  // (bare workerd has no Cache API, so no fill here: a fill's own deadline is tested in cache.test.mjs)
  for (const [who, headers] of [["anonymous", []], ["logged in", ["-H", "Authorization: Bearer hubmirror~docker.io~their-token"]]]) {
    test(`${who}: past the deadline the client's body errors and every upstream connection closes`, async () => {
      const s = await stallingBlob(FAST);
      try {
        const started = Date.now();
        const r = await run("curl", ["-sS", "-o", "/dev/null", "--max-time", "30", "-w", "%{size_download}", ...headers, s.w.url + blobPath]);
        const took = Date.now() - started;
        assert.notEqual(r.code, 0, "curl must not see a complete body");
        assert.notEqual(r.code, 28, "it was the mirror that ended it, not curl's own --max-time");
        assert.ok(took >= 1500 && took < 15_000, `ended by the 2 s deadline (${took} ms)`);
        assert.ok(Number(r.stdout) > 0 && Number(r.stdout) < EIGHT_MIB, `part of the body arrived (${r.stdout} bytes), not all`);
        for (let i = 0; i < 50 && s.sockets.size > 0; i++) await sleep(100);
        assert.equal(s.sockets.size, 0, "the upstream connections are closed");
      } finally {
        s.close();
      }
    });
  }

  test("a slow body that keeps above BLOB_MIN_RATE is not cut off", async () => {
    // 8 MiB at ~2 MiB/s takes ~4 s; the deadline at 1 MiB/s is 1 s + 8 s
    const body = crypto.randomBytes(EIGHT_MIB);
    const s = await standIn((req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(EIGHT_MIB) });
      let sent = 0;
      const timer = setInterval(() => {
        if (res.destroyed) return clearInterval(timer);
        res.write(body.subarray(sent, sent + (256 << 10)));
        sent += 256 << 10;
        if (sent >= EIGHT_MIB) {
          clearInterval(timer);
          res.end();
        }
      }, 125);
    }, { UPSTREAM_IDLE_TIMEOUT_MS: "1000", BLOB_MIN_RATE: String(1 << 20) });
    try {
      const started = Date.now();
      const r = await run("sh", ["-c", `curl -sS --max-time 30 -H 'Authorization: Bearer hubmirror~docker.io~t' '${s.w.url}${blobPath}' | sha256sum`]);
      assert.equal(r.stdout.split(" ")[0], crypto.createHash("sha256").update(body).digest("hex"), r.stderr);
      assert.ok(Date.now() - started > 3000, "it was slow");
    } finally {
      s.close();
    }
  });

  test("a client that goes away while the upstream is stalled: the upstream connection is freed by the deadline, not held until the upstream gives up", async () => {
    // workerd gives no word of a departed client while nothing is written to it, so the deadline ends it
    const s = await stallingBlob({ UPSTREAM_IDLE_TIMEOUT_MS: "2000", BLOB_MIN_RATE: String(8 << 20) });
    try {
      const r = await run("curl", ["-sS", "-o", "/dev/null", "--max-time", "1", "-H", "Authorization: Bearer hubmirror~docker.io~t", s.w.url + blobPath]);
      assert.equal(r.code, 28, "curl gave up (the client went away)");
      for (let i = 0; i < 80 && s.sockets.size > 0; i++) await sleep(100);
      assert.equal(s.sockets.size, 0, "the upstream connection is closed within the deadline");
    } finally {
      s.close();
    }
  });

  test("a client that goes away while bytes flow: the upstream connection closes at once", async () => {
    let written = 0;
    const s = await standIn((req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(1 << 30) });
      const chunk = Buffer.alloc(64 << 10, 3);
      const more = () => {
        while (!res.destroyed && written < 1 << 30 && res.write(chunk)) written += chunk.length;
        if (!res.destroyed && written < 1 << 30) res.once("drain", more);
      };
      more();
    });
    try {
      const r = await run("curl", ["-sS", "-o", "/dev/null", "--limit-rate", "1M", "--max-time", "2", "-H", "Authorization: Bearer hubmirror~docker.io~t", s.w.url + blobPath]);
      assert.equal(r.code, 28, "curl gave up (the client went away)");
      for (let i = 0; i < 30 && s.sockets.size > 0; i++) await sleep(100);
      assert.equal(s.sockets.size, 0, "the upstream connection is closed within 3 s");
      assert.ok(written < 256 << 20, `the upstream was not read on after the client left (${written} bytes sent)`);
    } finally {
      s.close();
    }
  });
});

describe("10. a body that ends early without a length is no clean success", () => {
  const blob = crypto.randomBytes(3 << 20);
  const digest = digestOf(blob);
  /**
   * A raw HTTP/1.1 upstream whose body ends when it closes: with no Content-Length and no chunked framing,
   * or (declaredLength) with a Content-Length it does not keep.
   */
  async function closeDelimited(bytes, { declaredLength, vars = {} } = {}) {
    const server = net.createServer((socket) => {
      socket.once("data", () => {
        const length = declaredLength ? `Content-Length: ${declaredLength}\r\n` : "";
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n${length}Connection: close\r\n\r\n`);
        socket.end(bytes);
      });
    });
    await new Promise((r) => server.listen(0, "127.0.0.1", r));
    const base = `http://127.0.0.1:${server.address().port}`;
    const w = await stack.extraWorker({ UPSTREAM_REGISTRY: base, UPSTREAM_AUTH: `${base}/token`, ...vars });
    return { w, close: () => server.close() };
  }
  const pull = (w) => run("curl", ["-sS", "-o", "/dev/null", "--max-time", "30", "-w", "%{size_download}", `${w.url}/v2/library/x/blobs/${digest}`]);

  test("the whole blob, close-delimited: passes", async () => {
    const s = await closeDelimited(blob);
    try {
      const r = await pull(s.w);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(Number(r.stdout), blob.length);
    } finally {
      s.close();
    }
  });

  test("half the blob, then the connection closes: the client's body errors", async () => {
    const s = await closeDelimited(blob.subarray(0, blob.length >> 1));
    try {
      const r = await pull(s.w);
      assert.notEqual(r.code, 0, "a short blob must not arrive as complete");
    } finally {
      s.close();
    }
  });

  for (const rate of ["32768", "0"]) {
    test(`half the blob under a Content-Length of all of it (${rate === "0" ? "the body handed on as it is" : "the deadline's pipe"}): the client's body errors`, async () => {
      const s = await closeDelimited(blob.subarray(0, blob.length >> 1), { declaredLength: blob.length, vars: { BLOB_MIN_RATE: rate } });
      try {
        const r = await pull(s.w);
        assert.notEqual(r.code, 0, "a short blob must not arrive as complete");
        assert.ok(Number(r.stdout) < blob.length);
      } finally {
        s.close();
      }
    });
  }

  test("the right length with a wrong byte: the client's body errors", async () => {
    const bad = Buffer.from(blob);
    bad[12345] ^= 1;
    const s = await closeDelimited(bad);
    try {
      const r = await pull(s.w);
      assert.notEqual(r.code, 0, "bytes that do not hash to the digest must not arrive as complete");
    } finally {
      s.close();
    }
  });

  test("a manifest by digest whose bytes do not match is refused with 502", async () => {
    const body = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}';
    const s = await standIn((req, res) => res.writeHead(200, { "content-type": "application/vnd.oci.image.manifest.v1+json" }).end(body + " "));
    try {
      const res = await curl(`${s.w.url}/v2/library/x/manifests/${digestOf(Buffer.from(body))}`);
      assert.equal(res.status, 502);
      assert.match(registryError(res).message, /does not match its digest/);
      const right = await curl(`${s.w.url}/v2/library/x/manifests/${digestOf(Buffer.from(body + " "))}`);
      assert.equal(right.status, 200);
    } finally {
      s.close();
    }
  });
});
