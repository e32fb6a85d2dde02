// The bindings module (worker-src/workers, hubmirror-workers) in the runtime: Workers built from it alone,
// through the same build as the mirror (TeaVM → entry shim → wrangler deploy --dry-run).
//   - the echo example, the hello-world of the module's README, in bare workerd;
//   - the probe, which calls every binding from Java, in Miniflare (the Cache API, KV, the Rate Limiting
//     binding, secrets and request.cf need it) — each answer checked against values computed here.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { after, before, describe, test } from "node:test";
import { Miniflare, convertV4MiniflareOptions } from "miniflare";
import { startWorker, compatibilityDate } from "./lib/workerd.mjs";
import { ROOT, buildBundle } from "./lib/wrangler.mjs";

const EXAMPLES = path.join(ROOT, "worker-src/examples");
const gz = (file) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

async function bundle(name) {
  const out = path.join(ROOT, "target/examples", `${name}-dist`);
  fs.rmSync(out, { recursive: true, force: true });
  const r = await buildBundle(out, { config: path.join(EXAMPLES, name, "wrangler.toml") });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  return { out, ...r };
}

describe("the echo example: a second Worker from the module", () => {
  let echo, worker, workDir;
  before(async () => {
    echo = await bundle("echo");
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-echo-"));
    worker = await startWorker({ workDir, dist: echo.out, vars: { GREETING: "hi" } });
  });
  after(async () => {
    await worker?.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  test("builds with wrangler deploy --dry-run, small", (t) => {
    const entry = path.join(echo.out, "entry.js");
    const report = `echo bundle: ${echo.rawKiB} KiB raw / ${echo.gzipKiB} KiB gzip (wrangler); entry.js ${fs.statSync(entry).size} B (${gz(entry)} B gzip)`;
    t.diagnostic(report);
    console.log(report);
    assert.ok(echo.gzipKiB < 10, report);
    assert.equal(fs.readFileSync(entry, "utf8").split("__name(").length - 1, 0);
  });

  test("answers in workerd: GET greets with the var, POST streams the body back", async () => {
    const get = await fetch(`${worker.url}/hello?x=1`);
    assert.equal(get.status, 200);
    assert.equal(await get.text(), "hi from Java\n");
    assert.equal(get.headers.get("x-echo-method"), "GET");
    assert.equal(get.headers.get("x-echo-url"), `${worker.url}/hello?x=1`);
    const body = crypto.randomBytes(300_000);
    const post = await fetch(`${worker.url}/`, { method: "POST", body, headers: { "content-type": "application/octet-stream" } });
    assert.equal(post.headers.get("content-type"), "application/octet-stream");
    assert.ok(Buffer.from(await post.arrayBuffer()).equals(body), "the same bytes come back");
  });
});

describe("every binding, called from Java in the runtime (the probe in Miniflare)", () => {
  let mf, origin, originUrl, hangs = [];
  before(async () => {
    const probe = await bundle("probe");
    // a plain origin on loopback, for fetch(), timeouts and passThroughOnException
    origin = http.createServer((req, res) => {
      if (req.url.startsWith("/hang")) {
        hangs.push(res); // never answers; closed in after()
        return;
      }
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(`origin saw ${req.method} ${req.url}`);
    });
    await new Promise((r) => origin.listen(0, "127.0.0.1", r));
    originUrl = `http://127.0.0.1:${origin.address().port}`;
    // Miniflare 5 (the one this Wrangler runs) takes a new option format; the documented v4 one converts
    mf = new Miniflare(convertV4MiniflareOptions({
      modules: true,
      scriptPath: path.join(probe.out, "entry.js"),
      compatibilityDate: compatibilityDate(),
      // as in worker-src/examples/probe/wrangler.toml, plus a secret (wrangler secret put)
      bindings: { GREETING: "hello", PROBE_SECRET: "s3cret", JSON_VAR: { upstreams: ["docker.io", "ghcr.io"], limit: 3 } },
      kvNamespaces: ["PROBE_KV"],
      r2Buckets: ["PROBE_R2"],
      ratelimits: { PROBE_LIMIT: { namespace_id: "1001", simple: { limit: 3, period: 60 } } },
    }));
    await mf.ready;
  });
  after(async () => {
    for (const res of hangs) res.destroy();
    await mf?.dispose();
    await new Promise((r) => origin?.close(r));
  });
  const probe = async (p, init) => {
    const r = await mf.dispatchFetch(`http://probe.test${p}`, init);
    const text = await r.text();
    assert.equal(r.status, 200, `${p}: ${text}`);
    return JSON.parse(text);
  };

  test("Promise: then, flatThen, catchError, onSettled, all, the executor constructor, then(onRejected)", async () => {
    assert.deepEqual(await probe("/promise"), {
      chain: "abc", settled: true, caught: "caught Error: boom", all: [1, 2, 3], rejected: "onRejected",
    });
  });

  test("Request: clone, text, arrayBuffer, json, bodyUsed", async () => {
    const body = JSON.stringify({ field: "välue", pad: "x".repeat(1000) });
    const r = await probe("/request", { method: "POST", body, headers: { "content-type": "application/json" } });
    assert.equal(r.method, "POST");
    assert.equal(r.url, "http://probe.test/request");
    assert.equal(r.contentType, "application/json");
    assert.equal(r.text, body);
    assert.equal(r.byteLength, Buffer.byteLength(body));
    assert.equal(r.field, "välue");
    assert.equal(r.bodyUsed, true);
  });

  test("Response: constructors (string, bytes, ArrayBuffer, Response.json), clone, readers, status, headers", async () => {
    assert.deepEqual(await probe("/response"), {
      status: 201, ok: true, header: "1", text: "hello, response", cloneText: "hello, response", bytes: 4,
      bufferBytes: 7, json: { k: "v" }, jsonType: "application/json",
    });
  });

  test("ReadableStream.tee + pipeTo(crypto.DigestStream): the hash of a streamed body, natively", async () => {
    const body = crypto.randomBytes(1_000_000);
    const r = await probe("/streams", { method: "POST", body });
    assert.equal(r.sha256, crypto.createHash("sha256").update(body).digest("hex"));
    assert.equal(r.length, body.length > 0 ? r.length : 0);
    assert.ok(r.length > 0);
  });

  test("TransformStream: the response leaves first, Java writes its body in waitUntil", async () => {
    const r = await mf.dispatchFetch("http://probe.test/transform");
    assert.equal(await r.text(), "written later");
  });

  test("IdentityTransformStream and FixedLengthStream pass bytes through; a fixed length that is not met fails", async () => {
    const body = crypto.randomBytes(200_000);
    const id = await mf.dispatchFetch("http://probe.test/identity", { method: "POST", body });
    assert.ok(Buffer.from(await id.arrayBuffer()).equals(body));
    const fixed = await mf.dispatchFetch(`http://probe.test/fixed?length=${body.length}`, { method: "POST", body });
    assert.ok(Buffer.from(await fixed.arrayBuffer()).equals(body));
    const short = await mf.dispatchFetch(`http://probe.test/fixed?length=${body.length + 10}`, { method: "POST", body });
    await assert.rejects(short.arrayBuffer(), "a body 10 bytes short of its declared length must not end cleanly");
  });

  test("ReadableStream: locked, tee, cancel of one branch leaves the other readable", async () => {
    assert.deepEqual(await probe("/cancel"), { lockedBefore: false, lockedAfterTee: true, otherBranch: "both branches" });
  });

  test("crypto: HMAC-SHA256 sign/verify (RFC 4231 case 2), SHA-256 digest, random values, UUID, timingSafeEqual", async () => {
    const r = await probe("/crypto");
    assert.equal(r.hmac, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    assert.equal(r.keyType, "secret");
    assert.equal(r.verified, true);
    assert.equal(r.tamperedVerified, false);
    assert.equal(r.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert.match(r.uuid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(r.randomNonZero >= 8, `random bytes: ${r.randomNonZero} of 16 non-zero`);
    assert.equal(r.timingSafeEqual, true);
    assert.equal(r.timingSafeDiffers, false);
  });

  test("caches.default: match (miss, hit, Range → 206), put, delete; caches.open is separate", async () => {
    const id = crypto.randomUUID();
    assert.deepEqual(await probe(`/cache?id=${id}`), {
      missBefore: true, hitBody: "cached body", rangeStatus: 206, rangeBody: "body", contentRange: "bytes 7-10/11",
      deleted: true, otherCacheMiss: true, missAfter: true,
    });
  });

  test("KV namespace: put (with TTL), get as text / JSON / ArrayBuffer, list, delete", async () => {
    assert.deepEqual(await probe("/kv"), {
      a: "alpha", b: { n: 2 }, aBytes: 5, names: ["probe:a", "probe:b"], afterDelete: null,
    });
  });

  test("ExecutionContext.waitUntil: work finishes after the response was sent", async () => {
    const key = `late:${crypto.randomUUID()}`;
    assert.deepEqual(await probe(`/waituntil?key=${key}`), { scheduled: key });
    assert.deepEqual(await probe(`/kv-get?key=${key}`), { value: null }, "not yet written when the response left");
    let value = null;
    for (let i = 0; i < 50 && value === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      value = (await probe(`/kv-get?key=${key}`)).value;
    }
    assert.equal(value, "written after the response");
  });

  test("Rate Limiting binding: the fourth call within the period is refused, per key", async () => {
    assert.deepEqual(await probe("/ratelimit?key=a"), { outcomes: [true, true, true, false, false] });
    assert.deepEqual(await probe("/ratelimit?key=b"), { outcomes: [true, true, true, false, false] });
  });

  test("Env: string vars, secrets, JSON vars, KV and Rate Limiting bindings by name, mistyped → null", async () => {
    assert.deepEqual(await probe("/env"), {
      greeting: "hello", secret: "s3cret", missing: true, jsonVar: { upstreams: ["docker.io", "ghcr.io"], limit: 3 },
      jsonVarAsString: true, stringAsJson: true, kv: true, kvWrongName: true, rateLimit: true, rateLimitWrongName: true,
    });
  });

  test("request.cf: country, colo, ASN, city as Cloudflare reports them", async () => {
    const r = await probe("/cf", { cf: { country: "DE", colo: "FRA", asn: 3320, city: "Berlin" } });
    assert.deepEqual(r, { cf: true, country: "DE", colo: "FRA", asn: 3320, city: "Berlin", unknown: true });
  });

  test("TextEncoder / TextDecoder: UTF-8 both ways; String.prototype: concat, replaceAll (no $ patterns), split", async () => {
    const s = "héllo ☃ 𝄞";
    assert.deepEqual(await probe("/text"), { byteLength: Buffer.byteLength(s), roundTrip: s, fromBuffer: s, concat: `abc-${s}-e`, replaced: "$& and $&", split: "a-b-" });
  });

  test("Json (parse, stringify, get, keys, type checks), Hex, Base64 (and base64url in its one canonical form), URLSearchParams.delete, DOMException, RequestInit.setBodyText, Cache.defaultIfAvailable", async () => {
    const bytes = Buffer.from([0xfb, 0xff, 0x00, 0x41]);
    assert.deepEqual(await probe("/codecs"), {
      parsed: JSON.stringify({ a: [1, "x"], n: 2.5, s: "é" }),
      isObject: true, arrayIsObject: false, stringIsString: true, numberIsString: false, nanIsNumber: false, twoIsNumber: true,
      notJson: true, notJsonBytes: true, seen: true,
      hex: bytes.toString("hex"),
      encode: Buffer.from("reader:s\u00e9cret", "latin1").toString("base64"), encodeWide: true,
      decode: "reader:s", decodeBad: true,
      url: bytes.toString("base64url"),
      fromUrl: bytes.toString("hex"), fromUrlPadded: true, fromUrlStandard: true, fromUrlStrayBits: true,
      withoutNs: "a=1&b=2",
      keys: "3:k,n,z", getK: '"v"', getNull: true, getMissing: true, getInherited: true,
      timeoutIsTimeout: true, abortIsTimeout: false, abortIsAbort: true, cacheAvailable: true, bodyText: "a=1&b=2",
    });
  });

  test("setTimeout / clearTimeout, AbortController (with reason), AbortSignal.any / abort / timeout", async () => {
    const r = await probe("/timers");
    assert.deepEqual(r, {
      anyBefore: false, aborted: true, reason: "stop", anyAfter: true, anyReason: "stop", alreadyAborted: true,
      timeoutBefore: false, timeoutAfter: true, timeoutReason: r.timeoutReason, clearedTimerRan: false,
    });
    assert.match(r.timeoutReason, /TimeoutError/);
  });

  test("fetch(Request) and fetch(url, init) with a timeout signal against a server that never answers", async () => {
    const r = await probe(`/fetch?answers=${encodeURIComponent(originUrl + "/hello")}&hangs=${encodeURIComponent(originUrl + "/hang")}`);
    assert.equal(r.status, 200);
    assert.equal(r.body, "origin saw GET /hello");
    assert.equal(r.hangAborted, true, r.hangError);
  });

  test("R2Bucket: put checked against its SHA-256 (a wrong one rejects), head, ranged and conditional get, metadata, list", async () => {
    const bytes = crypto.randomBytes(100_000);
    const hex = crypto.createHash("sha256").update(bytes).digest("hex");
    const put = async (key, sha256) => probe(`/r2?key=${key}&sha256=${sha256}&length=${bytes.length}`, { method: "POST", body: bytes });
    const wrong = await put("blob-wrong", crypto.createHash("sha256").update("other").digest("hex"));
    assert.equal(wrong.stored, false, "R2 refuses bytes that do not hash to the given SHA-256");
    const stored = await put("blob-1", hex);
    assert.equal(stored.stored, true, stored.error);
    assert.equal(stored.size, bytes.length);
    const r = await probe(`/r2/read?key=blob-1&offset=1000&length=16&etag=${stored.etag}`);
    assert.equal(r.headSize, bytes.length);
    assert.equal(r.httpEtag, `"${stored.etag}"`);
    assert.equal(r.hasBody, false, "head has no body");
    assert.equal(r.digest, `sha256:${hex}`, "custom metadata");
    assert.equal(r.contentType, "application/octet-stream", "writeHttpMetadata");
    assert.equal(r.cacheControl, "public, max-age=31536000, immutable");
    assert.equal(r.rangeOffset, 1000);
    assert.equal(r.rangeLength, 16);
    assert.equal(r.rangeHex, bytes.subarray(1000, 1016).toString("hex"));
    assert.equal(r.conditionalHasBody, false, "If-None-Match of its etag: the object without a body");
    assert.equal(r.missingIsNull, true);
    assert.deepEqual(r.listed, ["blob-1"], "the refused put stored nothing");
    assert.equal(r.truncated, false);
  });

  test("R2Bucket multipart: create, resume by id, two parts, complete; abort; delete", async () => {
    const r = await probe("/r2/multipart?key=big-1", { method: "POST" });
    assert.deepEqual(r, { uploadId: true, partNumbers: 12, size: (5 << 20) + 4, abortedIsNull: true, deletedIsNull: true });
  });

  test("scheduled: the entry exports it, Java gets the controller, ctx.waitUntil finishes the work", async () => {
    const worker = await mf.getWorker();
    const when = Date.UTC(2026, 11, 3, 12, 30);
    await worker.scheduled({ cron: "*/30 * * * *", scheduledTime: new Date(when) });
    const bucket = await mf.getR2Bucket("PROBE_R2");
    let record = null;
    for (let i = 0; i < 50 && !record; i++) {
      record = await bucket.get("scheduled-run");
      if (!record) await new Promise((done) => setTimeout(done, 20));
    }
    assert.ok(record, "the run's waitUntil wrote its record");
    assert.deepEqual(JSON.parse(await record.text()), { cron: "*/30 * * * *", scheduledTime: when });
  });

  test("ExecutionContext.passThroughOnException: an exception sends the request on to the origin", async () => {
    const r = await mf.dispatchFetch(`${originUrl}/passthrough?q=1`);
    assert.equal(await r.text(), "origin saw GET /passthrough?q=1");
  });
});
