// Deployability: the bundle `wrangler deploy` would upload builds offline from wrangler.toml alone, it is
// byte for byte the bundle the runtime tests and the benchmarks run, and the project installs on every
// platform people deploy Workers from.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { test } from "node:test";
import { run } from "./lib/proc.mjs";
import { DIST, startWorker, writeConfig } from "./lib/workerd.mjs";
import { inlineTextModules } from "../../../scripts/package.mjs";
import { ROOT, buildBundle } from "./lib/wrangler.mjs";

const sha256 = (file) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;
/** name → sha256 of the modules a bundle directory holds (not the source map, nor wrangler's README note). */
function digests(dir) {
  return Object.fromEntries(fs.readdirSync(dir).filter((f) => /\.(js|html|txt)$/.test(f)).sort().map((f) => [f, sha256(path.join(dir, f))]));
}

test("wrangler deploy --dry-run, with no flags, builds the minified bundle offline", async (t) => {
  fs.rmSync(DIST, { recursive: true, force: true });
  const r = await buildBundle(DIST);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.ok(r.gzipKiB, r.stdout);
  const files = fs.readdirSync(DIST);
  const page = files.find((f) => f.endsWith("-index.html"));
  assert.ok(page, `the home page is a module of its own: ${files}`);
  const entry = fs.readFileSync(path.join(DIST, "entry.js"), "utf8");
  assert.match(entry, /export\s*\{[^}]*\bas default\b|export default/);
  // keep_names = false: esbuild's keepNames would wrap every function in __name() (261 of them before)
  assert.equal(entry.split("__name(").length - 1, 0, "no __name( wrappers in the deployed bundle");
  // minify = true: a minified module has a handful of lines, not thousands
  assert.ok(entry.split("\n").length < 50, `entry.js is minified (${entry.split("\n").length} lines)`);
  const pageBytes = fs.readFileSync(path.join(DIST, page));
  const report = `bundle: ${r.rawKiB} KiB raw / ${r.gzipKiB} KiB gzip (wrangler); entry.js ${entry.length} B (${gz(Buffer.from(entry))} B gzip), home page ${pageBytes.length} B (${gz(pageBytes)} B gzip)`;
  t.diagnostic(report);
  console.log(report);
});

test("the runtime tests and the benchmarks run exactly the bytes wrangler deploy uploads", async () => {
  const again = fs.mkdtempSync(path.join(ROOT, "target", "dry-run-"));
  try {
    const r = await buildBundle(again);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const deployed = digests(again);
    assert.deepEqual(digests(DIST), deployed, "a second plain dry run writes the same bytes as target/dist");
    // the workerd config the runtime tests (startWorker) and the benchmarks (distModules) write embeds these files
    const config = path.join(again, "probe.capnp");
    writeConfig(config, { port: 1, vars: {} });
    const embedded = [...fs.readFileSync(config, "utf8").matchAll(/embed "([^"]+)"/g)].map((m) => path.resolve(again, m[1]));
    assert.ok(embedded.length >= 2, "entry and page modules are embedded");
    for (const file of embedded) {
      assert.equal(path.dirname(file), DIST, `${file} comes from target/dist`);
      assert.equal(sha256(file), deployed[path.basename(file)], `${path.basename(file)} is the deployed module`);
    }
  } finally {
    fs.rmSync(again, { recursive: true, force: true });
  }
  // and nothing builds it another way: no bundling flag in any script, benchmark or test
  const sources = [
    ...["scripts", "bench"].flatMap((d) => fs.readdirSync(path.join(ROOT, d)).map((f) => path.join(ROOT, d, f))),
    ...fs.readdirSync(path.join(ROOT, "worker-src/test/runtime"), { recursive: true })
      .filter((f) => f.endsWith(".mjs") && !f.endsWith("deploy.test.mjs")).map((f) => path.join(ROOT, "worker-src/test/runtime", f)),
  ].filter((f) => fs.statSync(f).isFile());
  for (const file of sources) {
    let text = fs.readFileSync(file, "utf8");
    if (file.endsWith("scripts/package.mjs")) {
      // its builds are plain dry runs; only what it tells the user (comments, the advice it prints) names
      // `--no-bundle`, which uploads that already built file as it is
      text = text.split("\n").filter((line) => !/^\s*\/\/|console\.log\(/.test(line)).join("\n");
    }
    assert.doesNotMatch(text, /--minify|--keep-names|--no-bundle|--define\b/, `${path.relative(ROOT, file)} passes bundling flags`);
  }
});

test("scripts/deploy runs the JVM tests first, and deploys only when they pass", async () => {
  // a copy of the scripts and config with the route set, and stand-ins for mvn and wrangler that log
  const copy = fs.mkdtempSync(path.join(ROOT, "target", "deploy-"));
  try {
    fs.cpSync(path.join(ROOT, "scripts"), path.join(copy, "scripts"), { recursive: true });
    fs.writeFileSync(path.join(copy, "wrangler.toml"), fs.readFileSync(path.join(ROOT, "wrangler.toml"), "utf8").replaceAll("docker.example.com", "docker.test.example"));
    // as old as the installed tree, so that ensure_npm sees nothing to install (npm is a stand-in anyway)
    fs.cpSync(path.join(ROOT, "package-lock.json"), path.join(copy, "package-lock.json"), { preserveTimestamps: true });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
    const calls = path.join(copy, "calls.log");
    // exported shell functions come before PATH, so they stand in for mvn and wrangler inside the script
    const deploy = (env) => run("bash", ["-c", `mvn() { echo "mvn $*" >> "${calls}"; return \${FAKE_MVN_EXIT:-0}; }
      wrangler() { echo "wrangler $*" >> "${calls}"; }
      npm() { echo "npm $*" >> "${calls}"; return 1; }
      export -f mvn wrangler npm; exec bash scripts/deploy --dry-run`], { cwd: copy, env: { ...process.env, ...env } });
    const good = await deploy({});
    assert.equal(good.code, 0, good.stdout + good.stderr);
    assert.deepEqual(fs.readFileSync(calls, "utf8").trim().split("\n"), ["mvn -B -q package", "wrangler deploy --dry-run"]);
    fs.rmSync(calls);
    const failing = await deploy({ FAKE_MVN_EXIT: "1" });
    assert.notEqual(failing.code, 0);
    assert.deepEqual(fs.readFileSync(calls, "utf8").trim().split("\n"), ["mvn -B -q package"], "no deploy after failing tests");
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

test("npm ci installs on every platform: only optional packages are platform-bound", () => {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8"));
  const bound = Object.entries(lock.packages).filter(([, p]) => p.os || p.cpu);
  assert.ok(bound.length > 0);
  for (const [name, p] of bound) {
    assert.equal(p.optional, true, `${name} (os ${p.os}, cpu ${p.cpu}) must be optional, or npm ci fails with EBADPLATFORM elsewhere`);
  }
  // Wrangler needs Node >= 22.12: a pinned binary where npm has one; elsewhere (macOS arm64) the machine's
  const nodes = bound.filter(([name]) => /^node_modules\/node-/.test(name));
  for (const [os, cpu] of [["linux", "x64"], ["linux", "arm64"], ["darwin", "x64"], ["win32", "x64"]]) {
    const hit = nodes.find(([, p]) => p.os.includes(os) && p.cpu.includes(cpu));
    assert.ok(hit, `a Node binary package for ${os}-${cpu}`);
    const [major, minor] = hit[1].version.split(".").map(Number);
    assert.ok(major > 22 || (major === 22 && minor >= 12), `${hit[0]} ${hit[1].version} is >= 22.12`);
  }
});

test("a failed TeaVM build fails Maven and leaves no JS behind", async () => {
  // a copy of the project with a class TeaVM cannot translate (java.net.http has no JS counterpart)
  const copy = fs.mkdtempSync(path.join(ROOT, "target", "broken-build-"));
  try {
    fs.cpSync(path.join(ROOT, "pom.xml"), path.join(copy, "pom.xml"));
    for (const dir of ["worker-src/pom.xml", "worker-src/main", "worker-src/workers", "worker-src/examples"]) {
      fs.cpSync(path.join(ROOT, dir), path.join(copy, dir), { recursive: true });
    }
    const worker = path.join(copy, "worker-src/main/java/hubmirror/proxy/Worker.java");
    const source = fs.readFileSync(worker, "utf8");
    const broken = source.replace("new HomePage(homeHtml,", "new HomePage(homeHtml + java.net.http.HttpClient.newHttpClient(),");
    assert.notEqual(broken, source, "the test must be able to break the build");
    fs.writeFileSync(worker, broken);
    // a module from an earlier good build must not survive either
    fs.mkdirSync(path.join(copy, "target/worker"), { recursive: true });
    fs.writeFileSync(path.join(copy, "target/worker/hubmirror.js"), "export function fetch() {}");
    const r = await run("mvn", ["-B", "-q", "-o", "package", "-DskipTests", "-pl", "worker-src", "-am"], { cwd: copy, timeoutMs: 300_000 });
    assert.notEqual(r.code, 0, "the build must fail");
    assert.match(r.stdout + r.stderr, /teavm-maven-plugin[\s\S]*Build error|java\.net\.http\.HttpClient was not found/, "it is TeaVM that fails, not javac");
    assert.ok(!fs.existsSync(path.join(copy, "target/worker/hubmirror.js")), "no stale or empty module left");
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
});

test("scripts pick Node >= 22.12: the machine's own first, else the pinned package, else a clear message", async () => {
  const tmp = fs.mkdtempSync(path.join(ROOT, "target", "node-choice-"));
  try {
    const packaged = path.join(ROOT, "node_modules/.bin/node");
    const pick = (root, PATH) => run("bash", ["-c", `source "${root}/scripts/lib.sh"; use_node22; echo "NODE22=$NODE22"; node --version`], { env: { ...process.env, PATH } });
    const base = "/usr/local/bin:/usr/bin:/bin";
    // a machine Node 22 (a wrapper around the packaged binary, so its own path shows which one was taken)
    const machineDir = path.join(tmp, "machine");
    fs.mkdirSync(machineDir);
    fs.writeFileSync(path.join(machineDir, "node"), `#!/bin/sh\nexec "${fs.realpathSync(packaged)}" "$@"\n`, { mode: 0o755 });
    const machine = await pick(ROOT, `${machineDir}:${base}`);
    assert.equal(machine.code, 0, machine.stderr);
    assert.match(machine.stdout, new RegExp(`NODE22=${path.join(machineDir, "node")}\\n`));
    // a machine Node 20 (this machine's /usr/bin/node): the package's
    const old = await pick(ROOT, base);
    assert.equal(old.code, 0, old.stderr);
    assert.match(old.stdout, /NODE22=.*node_modules\/\.bin\/node\nv22\./);
    // neither: a project without the package
    const bare = path.join(tmp, "bare");
    fs.mkdirSync(path.join(bare, "scripts"), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "scripts/lib.sh"), path.join(bare, "scripts/lib.sh"));
    const none = await pick(bare, base);
    assert.notEqual(none.code, 0);
    assert.match(none.stderr, /Wrangler needs Node\.js >= 22\.12\. This machine has v\d+.*Install Node 22/s);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test("scripts/test names a tier it cannot run, and HUBMIRROR_ALL_TIERS=1 (CI) turns that into a failure", async () => {
  const script = `source "${ROOT}/scripts/lib.sh"; reason="$(runtime_unsupported)"; echo "reason=$reason";
    [ -z "$reason" ] || skip_tier runtime "$reason"; echo "skipped=\${skipped[*]}"`;
  // as an unprivileged user, the runtime tier cannot run (it needs root)
  const asNobody = (env) => run("setpriv", ["--reuid=nobody", "--regid=nogroup", "--clear-groups", "bash", "-c", script],
    { env: { PATH: process.env.PATH, HOME: "/tmp", ...env } });
  const lenient = await asNobody({});
  assert.equal(lenient.code, 0, lenient.stderr);
  assert.match(lenient.stdout, /reason=it needs root/);
  assert.match(lenient.stderr, /SKIPPED tier 'runtime': it needs root/);
  assert.match(lenient.stdout, /skipped=runtime \(it needs root/);
  const strict = await asNobody({ HUBMIRROR_ALL_TIERS: "1" });
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /tier 'runtime' cannot run here: it needs root.*HUBMIRROR_ALL_TIERS=1/);
  assert.doesNotMatch(strict.stdout, /skipped=/, "the script stops there");
  // .ci/run asks for every tier
  assert.match(fs.readFileSync(path.join(ROOT, ".ci/run"), "utf8"), /HUBMIRROR_ALL_TIERS=1[\s\S]*exec scripts\/test\b/);
});

test("README.zh-CN.md: the configuration table names exactly the variables of README.md's, and each README links to the other", () => {
  // the first backticked name of each row of the table under the heading (the English table is the source of truth)
  const variables = (file, heading) => {
    const text = fs.readFileSync(path.join(ROOT, file), "utf8");
    const start = text.indexOf(`\n${heading}\n`);
    assert.ok(start >= 0, `${file} has ${heading}`);
    const section = text.slice(start + heading.length + 2).split(/\n## /)[0];
    return section.split("\n").filter((line) => /^\| `/.test(line)).map((line) => /^\| `([A-Z0-9_]+)`/.exec(line)?.[1]);
  };
  const english = variables("README.md", "## Configuration");
  const chinese = variables("README.zh-CN.md", "## 配置");
  assert.ok(english.length >= 30, `${english.length} variables in README.md`);
  assert.ok(english.every(Boolean) && chinese.every(Boolean), "every row starts with a variable's name");
  assert.deepEqual([...chinese].sort(), [...english].sort(), "the same variables in both tables");
  assert.equal(new Set(chinese).size, chinese.length, "each once");
  assert.match(fs.readFileSync(path.join(ROOT, "README.md"), "utf8").split("\n").slice(0, 5).join("\n"), /\(README\.zh-CN\.md\)/);
  assert.match(fs.readFileSync(path.join(ROOT, "README.zh-CN.md"), "utf8").split("\n")[0], /\(README\.md\)/);
});

test("the one-file Worker (scripts/package): wrangler deploy --no-bundle, from a directory with nothing else, uploads it as it is; alone in workerd it serves the page", async () => {
  // outside the project: wrangler looks for a wrangler.toml in every parent directory
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-one-file-"));
  try {
    const file = path.join(dir, "hubmirror-worker.js");
    fs.writeFileSync(file, inlineTextModules(DIST));
    const out = path.join(dir, "out");
    const r = await run(process.execPath, [path.join(ROOT, "node_modules/wrangler/bin/wrangler.js"), "deploy", "hubmirror-worker.js",
      "--name", "hubmirror", "--compatibility-date", "2026-11-01", "--no-bundle", "--dry-run", "--outdir", out],
      { cwd: dir, env: { ...process.env, WRANGLER_SEND_METRICS: "false", XDG_CONFIG_HOME: path.join(dir, ".config") }, timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.ok(fs.readFileSync(path.join(out, "hubmirror-worker.js")).equals(fs.readFileSync(file)), "uploaded byte for byte");
    const alone = path.join(dir, "alone");
    fs.mkdirSync(alone);
    fs.copyFileSync(file, path.join(alone, "hubmirror-worker.js"));
    const w = await startWorker({ workDir: dir, dist: alone, vars: { UPSTREAM_REGISTRY: "http://127.0.0.1:9", UPSTREAM_AUTH: "http://127.0.0.1:9" } });
    try {
      const page = await fetch(`${w.url}/`, { headers: { accept: "text/html", "accept-language": "zh-CN" } });
      const html = await page.text();
      assert.equal(page.status, 200);
      assert.ok(html.includes(`docker pull 127.0.0.1:${w.port}/library/nginx`), "the page template, inlined");
      assert.ok(html.includes("下载镜像文件"), "its Chinese, intact");
      assert.ok(!html.includes("{{"), "no placeholder left");
    } finally {
      await w.stop();
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
