// Deployability: the bundle wrangler would upload builds offline, and its size is reported. The
// runtime tests then run exactly this output (target/dist) in workerd.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { test } from "node:test";
import { run } from "./lib/proc.mjs";
import { DIST } from "./lib/workerd.mjs";

const ROOT = path.resolve(import.meta.dirname, "../../..");

test("wrangler deploy --dry-run --minify builds the bundle offline", async (t) => {
  fs.rmSync(DIST, { recursive: true, force: true });
  // the Node that runs the tests is the project's Node 22, which this Wrangler needs
  const wrangler = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");
  const env = {
    ...process.env, PATH: `${path.join(ROOT, "node_modules/.bin")}:${process.env.PATH}`,
    WRANGLER_SEND_METRICS: "false", WRANGLER_SEND_ERROR_REPORTS: "false", WRANGLER_HIDE_BANNER: "true",
    CLOUDFLARE_CF_FETCH_ENABLED: "false", XDG_CONFIG_HOME: path.join(ROOT, ".config"),
  };
  const r = await run(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", DIST, "--minify"], { cwd: ROOT, env, timeoutMs: 300_000 });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const size = /Total Upload: ([\d.]+) KiB \/ gzip: ([\d.]+) KiB/.exec(r.stdout);
  assert.ok(size, r.stdout);
  const files = fs.readdirSync(DIST);
  assert.ok(files.includes("entry.js"));
  const page = files.find((f) => f.endsWith("-index.html"));
  assert.ok(page, `the home page is a module of its own: ${files}`);
  const entry = fs.readFileSync(path.join(DIST, "entry.js"));
  assert.match(entry.toString(), /export\s*\{[^}]*\bas default\b|export default/);
  const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
  const pageBytes = fs.readFileSync(path.join(DIST, page));
  const report = `bundle: ${size[1]} KiB raw / ${size[2]} KiB gzip (wrangler); entry.js ${entry.length} B (${gz(entry)} B gzip), home page ${pageBytes.length} B (${gz(pageBytes)} B gzip)`;
  t.diagnostic(report);
  console.log(report);
});

test("a failed TeaVM build fails Maven and leaves no JS behind", async () => {
  // a copy of the project with a class TeaVM cannot translate (java.net.http has no JS counterpart)
  const copy = fs.mkdtempSync(path.join(ROOT, "target", "broken-build-"));
  try {
    fs.cpSync(path.join(ROOT, "pom.xml"), path.join(copy, "pom.xml"));
    fs.cpSync(path.join(ROOT, "worker-src/main"), path.join(copy, "worker-src/main"), { recursive: true });
    const worker = path.join(copy, "worker-src/main/java/hubmirror/proxy/Worker.java");
    const source = fs.readFileSync(worker, "utf8");
    const broken = source.replace("new HomePage(homeHtml,", "new HomePage(homeHtml + java.net.http.HttpClient.newHttpClient(),");
    assert.notEqual(broken, source, "the test must be able to break the build");
    fs.writeFileSync(worker, broken);
    // a module from an earlier good build must not survive either
    fs.mkdirSync(path.join(copy, "target/worker"), { recursive: true });
    fs.writeFileSync(path.join(copy, "target/worker/hubmirror.js"), "export function fetch() {}");
    const r = await run("mvn", ["-B", "-q", "-o", "package", "-DskipTests"], { cwd: copy, timeoutMs: 300_000 });
    assert.notEqual(r.code, 0, "the build must fail");
    assert.match(r.stdout + r.stderr, /teavm-maven-plugin[\s\S]*Build error|java\.net\.http\.HttpClient was not found/, "it is TeaVM that fails, not javac");
    assert.ok(!fs.existsSync(path.join(copy, "target/worker/hubmirror.js")), "no stale or empty module left");
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});
