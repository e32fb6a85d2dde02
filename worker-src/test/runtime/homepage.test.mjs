// The home page in a real browser (Debian's Chromium, driven by playwright-core), served by the
// compiled worker in workerd. Screenshots go to target/screenshots (artifacts, not committed).
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { chromium } from "playwright-core";
import { startSearchApi } from "./lib/search.mjs";
import { startWorker } from "./lib/workerd.mjs";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const SHOTS = path.join(ROOT, "target/screenshots");
const HOST_NAME = "mirror.example.test";
let worker;
let searchApi;
let browser;
let workDir;
let HOST; // host:port as the browser reaches it
let ORIGIN;

before(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "hubmirror-page-"));
  // the page needs no upstream; point it at a closed port so a stray registry call would fail loudly
  // quay.io turned off, one registry of the operator's own added
  searchApi = await startSearchApi();
  worker = await startWorker({ workDir, vars: {
    SEARCH_API: searchApi.url,
    UPSTREAM_REGISTRY: "http://127.0.0.1:9", UPSTREAM_AUTH: "http://127.0.0.1:9",
    UPSTREAMS: JSON.stringify({ "quay.io": null, "registry.corp.example:5000": { registry: "https://registry.corp.example:5000" } }),
  } });
  HOST = `${HOST_NAME}:${worker.port}`;
  ORIGIN = `http://${HOST}`;
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync",
      // a real host name for the mirror, resolved to the worker on loopback; nothing else resolves
      `--host-resolver-rules=MAP ${HOST_NAME} 127.0.0.1, EXCLUDE localhost`,
      // deployed, the page is https; the test's plain http origin gets the same secure-context APIs
      `--unsafely-treat-insecure-origin-as-secure=${ORIGIN}`,
    ],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await worker?.stop();
  await searchApi?.close();
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

/** A page in a fresh context; every request it makes is recorded. */
async function open({ locale = "en-US", viewport = { width: 1280, height: 900 }, colorScheme = "light", origin = ORIGIN } = {}) {
  const context = await browser.newContext({ locale, viewport, colorScheme, deviceScaleFactor: 1 });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: ORIGIN });
  const page = await context.newPage();
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${origin}/`, { waitUntil: "load" });
  return { context, page, requests, errors };
}

const visibleText = (page, selector) => page.locator(selector).evaluate((el) => el.innerText);

describe("home page in Chromium", () => {
  test("the host is in the commands, and nothing loads from anywhere else", async () => {
    const { context, page, requests, errors } = await open();
    const pull = await page.locator("#pull pre code").first().textContent();
    assert.equal(pull, `docker pull ${HOST}/library/nginx`);
    const daemon = await page.locator("#docker pre code").first().textContent();
    assert.match(daemon, new RegExp(`"registry-mirrors": \\["https://${HOST.replace(".", "\\.")}"\\]`));
    const hostsToml = await page.locator("#containerd pre code").first().textContent();
    assert.match(hostsToml, new RegExp(`\\[host\\."https://${HOST.replace(/\./g, "\\.")}"\\]\\n  capabilities = \\["pull", "resolve"\\]`));
    assert.match(await page.locator("#k3s pre code").first().textContent(), new RegExp(`- "https://${HOST.replace(/\./g, "\\.")}"`));
    assert.match(await page.locator("#podman pre code").first().textContent(), new RegExp(`location = "${HOST.replace(/\./g, "\\.")}"`));
    assert.deepEqual(errors, []);
    assert.ok(requests.length >= 1);
    for (const url of requests) assert.ok(url.startsWith(`${ORIGIN}/`), `request left the origin: ${url}`);
    await context.close();
  });

  test("language follows Accept-Language, switches, and the switch is remembered", async () => {
    const { context, page } = await open({ locale: "zh-CN" });
    assert.equal(await page.evaluate(() => document.documentElement.dataset.lang), "zh");
    assert.match(await visibleText(page, "#pull h2"), /通过本镜像拉取/);
    assert.match(await page.title(), /镜像加速/);
    await page.click("#switch");
    assert.equal(await page.evaluate(() => document.documentElement.dataset.lang), "en");
    assert.equal(await visibleText(page, "#pull h2"), "Pull through this mirror");
    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.lang), "en", "remembered across reloads");
    await page.click("#switch");
    assert.match(await visibleText(page, "#pull h2"), /通过本镜像拉取/);
    await context.close();
  });

  test("a copy button puts its block's text on the clipboard", async () => {
    const { context, page } = await open();
    const blocks = [
      ["#pull .block >> nth=1", `docker pull ${HOST}/nginx`],
      ["#docker .block >> nth=0", `{\n  "registry-mirrors": ["https://${HOST}"]\n}`],
    ];
    for (const [selector, expected] of blocks) {
      const button = page.locator(`${selector} >> button.copy`);
      assert.equal(await button.textContent(), "Copy");
      await button.click();
      await page.waitForFunction((b) => b.classList.contains("done"), await button.elementHandle());
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);
      assert.equal(await button.textContent(), "Copied");
    }
    await context.close();
  });

  test("the registries served are listed with their commands; a registry turned off is not", async () => {
    const { context, page } = await open();
    const listed = await page.locator("#registries details summary").allTextContents();
    assert.deepEqual(listed, ["ghcr.io", "gcr.io", "registry.k8s.io", "nvcr.io", "mcr.microsoft.com", "docker.elastic.co",
      "public.ecr.aws", "registry.corp.example:5000"]);
    await page.click("#registry-ghcr\\.io summary");
    const blocks = await page.locator("#registry-ghcr\\.io pre code").allTextContents();
    assert.deepEqual(blocks, [
      `docker pull ${HOST}/ghcr.io/open-webui/open-webui:main`,
      `server = "https://ghcr.io"\n\n[host."https://${HOST}"]\n  capabilities = ["pull", "resolve"]`,
      `server = "https://ghcr.io"\n\n[host."https://${HOST}/v2/ghcr.io"]\n  capabilities = ["pull", "resolve"]\n  override_path = true`,
      `[[registry]]\nprefix = "ghcr.io"\nlocation = "ghcr.io"\n\n[[registry.mirror]]\nlocation = "${HOST}/ghcr.io"`,
      `mirrors:\n  ghcr.io:\n    endpoint:\n      - "https://${HOST}"`,
    ]);
    const text = await (await fetch(`${ORIGIN.replace(HOST_NAME, "127.0.0.1")}/`)).text();
    assert.match(text, /docker pull 127\.0\.0\.1:\d+\/registry\.k8s\.io\/pause:3\.10/);
    assert.doesNotMatch(text + (await page.content()), /quay\.io/);
    await context.close();
  });

  test("the search box asks the mirror's /v1/search, and a result fills the converter", async () => {
    const { context, page, requests, errors } = await open();
    await page.fill("#search-in", "redis");
    await page.click("#search-go");
    await page.waitForSelector("#search-out button");
    const names = await page.locator("#search-out button").allTextContents();
    assert.deepEqual(names, ["library/redis ✓ ★100", "bitnami/redis ★99", "redis/redis-stack ★98"]);
    await page.locator("#search-out button").nth(1).click();
    assert.equal(await page.inputValue("#conv-in"), "bitnami/redis");
    assert.equal(await page.textContent("#conv-pull"), `docker pull ${HOST}/bitnami/redis`);
    assert.ok(requests.some((u) => u === `${ORIGIN}/v1/search?n=10&q=redis`), requests.join("\n"));
    for (const url of requests) assert.ok(url.startsWith(`${ORIGIN}/`), `request left the origin: ${url}`);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("the converter gives the pull and tag-back commands", async () => {
    const { context, page } = await open();
    const cases = [
      ["nginx:1.27", `docker pull ${HOST}/library/nginx:1.27`, `docker tag ${HOST}/library/nginx:1.27 nginx:1.27`],
      ["bitnami/redis", `docker pull ${HOST}/bitnami/redis`, `docker tag ${HOST}/bitnami/redis bitnami/redis`],
      ["docker.io/library/alpine:3.20", `docker pull ${HOST}/library/alpine:3.20`, `docker tag ${HOST}/library/alpine:3.20 alpine:3.20`],
    ];
    for (const [input, pull, tag] of cases) {
      await page.fill("#conv-in", input);
      assert.equal(await page.textContent("#conv-pull"), pull, input);
      assert.equal(await page.textContent("#conv-tag"), tag, input);
      assert.equal(await page.textContent("#conv-msg"), "");
    }
    // the example buttons fill the field
    await page.click('[data-example="bitnami/redis"]');
    assert.equal(await page.inputValue("#conv-in"), "bitnami/redis");
    assert.equal(await page.textContent("#conv-pull"), `docker pull ${HOST}/bitnami/redis`);
    // other registries the deployment serves keep their full name behind the mirror's host
    for (const ref of ["ghcr.io/owner/tool:1", "registry.k8s.io/pause:3.10", "mcr.microsoft.com/dotnet/runtime:8.0",
      "public.ecr.aws/docker/library/alpine", "registry.corp.example:5000/team/app:2"]) {
      await page.fill("#conv-in", ref);
      assert.equal(await page.textContent("#conv-pull"), `docker pull ${HOST}/${ref}`, ref);
      assert.equal(await page.textContent("#conv-tag"), `docker tag ${HOST}/${ref} ${ref}`, ref);
      assert.equal(await page.textContent("#conv-msg"), "");
    }
    // a registry turned off, one not served, and what is no name at all say so
    for (const ref of ["quay.io/org/app:1", "registry.unknown.example/x:1"]) {
      await page.fill("#conv-in", ref);
      assert.equal(await page.textContent("#conv-msg"), "This mirror does not serve that registry.", ref);
    }
    await page.fill("#conv-in", "Not An Image");
    assert.equal(await page.textContent("#conv-msg"), "That is not an image name.");
    await context.close();
  });

  test("the download box builds the link and the commands for a typed image and platform", async () => {
    const { context, page, errors } = await open();
    // as served: the placeholder's image for linux/amd64
    assert.equal(await page.getAttribute("#dl-link", "href"), "/download/library/nginx:1.27?platform=linux/amd64");
    const cases = [
      ["nginx:1.27", "linux/arm64", "library/nginx:1.27", "nginx_1.27_linux-arm64.tar"],
      ["bitnami/redis", "linux/amd64", "bitnami/redis", "bitnami_redis_latest_linux-amd64.tar"],
      ["ghcr.io/owner/tool:1", "linux/arm/v7", "ghcr.io/owner/tool:1", "ghcr.io_owner_tool_1_linux-arm-v7.tar"],
      [`alpine@sha256:${"ab".repeat(32)}`, "linux/amd64", `library/alpine@sha256:${"ab".repeat(32)}`, "alpine_abababababab_linux-amd64.tar"],
      // a tag and a digest: the digest alone names it (what /download takes)
      [`alpine:3.20@sha256:${"cd".repeat(32)}`, "linux/amd64", `library/alpine@sha256:${"cd".repeat(32)}`, "alpine_cdcdcdcdcdcd_linux-amd64.tar"],
    ];
    for (const [typed, platform, image, file] of cases) {
      await page.fill("#dl-in", typed);
      await page.selectOption("#dl-platform", platform);
      const url = `https://${HOST}/download/${image}?platform=${platform}`;
      assert.equal(await page.getAttribute("#dl-link", "href"), `/download/${image}?platform=${platform}`, typed);
      assert.equal(await page.getAttribute("#dl-link", "download"), file, typed);
      assert.equal(await page.textContent("#dl-curl"), `curl -fL -o ${file} '${url}'\ndocker load -i ${file}`, typed);
      assert.equal(await page.textContent("#dl-pipe"), `curl -fL '${url}' | docker load`, typed);
      assert.equal(await page.textContent("#dl-msg"), "");
    }
    await page.fill("#dl-in", "quay.io/org/app:1");
    assert.equal(await page.textContent("#dl-msg"), "This mirror does not serve that registry.");
    await page.click("#switch");
    assert.equal(await visibleText(page, "#download h2"), "下载镜像文件");
    assert.equal(await page.textContent("#dl-msg"), "本镜像不代理该仓库。");
    // the link is the mirror's own: a click asks /download of this origin (no upstream here: its registry error)
    await page.fill("#dl-in", "nginx:1.27");
    const answer = await page.evaluate(async () => { const r = await fetch(document.getElementById("dl-link").href); return { status: r.status, body: await r.json() }; });
    assert.ok(answer.body.errors?.[0]?.code, JSON.stringify(answer));
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("containerd's config_path is shown for 2.x and 1.x, labelled; the IPv6 note is there", async () => {
    const { context, page } = await open();
    const files = await page.locator("#containerd .file").allTextContents();
    assert.deepEqual(files, ["/etc/containerd/certs.d/docker.io/hosts.toml", "containerd 2.x: /etc/containerd/config.toml", "containerd 1.x: /etc/containerd/config.toml"]);
    const codes = await page.locator("#containerd pre code").allTextContents();
    assert.match(codes[1], /^\[plugins\."io\.containerd\.cri\.v1\.images"\.registry\]\n  config_path = "\/etc\/containerd\/certs\.d"$/);
    assert.match(codes[2], /^\[plugins\."io\.containerd\.grpc\.v1\.cri"\.registry\]/);
    assert.match(await visibleText(page, "#ipv6"), /IPv6-only host.*ghcr\.io has none/);
    assert.equal(await page.locator("#plain-http").count(), 0, "a mirror with a domain: https only");
    assert.doesNotMatch(await page.content(), /insecure/);
    await context.close();
  });

  test("a plain-http mirror (an IP address, as scripts/dev's) shows http:// and what each client needs for it", async () => {
    const origin = `http://127.0.0.1:${worker.port}`;
    const { context, page, errors } = await open({ origin });
    const host = `127.0.0.1:${worker.port}`;
    assert.match(await visibleText(page, "#plain-http"), /insecure-registries/);
    assert.equal(await page.locator("#docker pre code").first().textContent(),
      `{\n  "registry-mirrors": ["http://${host}"],\n  "insecure-registries": ["${host}"]\n}`);
    assert.match(await page.locator("#containerd pre code").first().textContent(), new RegExp(`\\[host\\."http://${host.replace(/\./g, "\\.")}"\\]`));
    assert.match(await page.locator("#k3s pre code").first().textContent(), new RegExp(`- "http://${host.replace(/\./g, "\\.")}"`));
    assert.match(await page.locator("#podman pre code").first().textContent(), new RegExp(`location = "${host.replace(/\./g, "\\.")}"\ninsecure = true$`));
    assert.equal(await page.textContent("#dl-pipe"), `curl -fL 'http://${host}/download/library/nginx:1.27?platform=linux/amd64' | docker load`);
    assert.doesNotMatch(await page.content(), /https:\/\/127\.0\.0\.1/);
    assert.deepEqual(errors, []);
    await context.close();
    const text = await (await fetch(`${origin}/`)).text();
    assert.match(text, new RegExp(`"insecure-registries": \\["${host.replace(/\./g, "\\.")}"\\]`));
    assert.match(text, new RegExp(`curl -fL 'http://${host.replace(/\./g, "\\.")}/download/nginx:1\\.27' \\| docker load`));
    assert.doesNotMatch(text, /\{\{/, "no template marker left");
    // the same worker reached by a domain name over http (fetch cannot set Host; curl can): https, as deployed
    const { execFileSync } = await import("node:child_process");
    const domainText = execFileSync("curl", ["-fsS", "-H", "Host: docker.example.com", `${origin}/`], { encoding: "utf8" });
    assert.match(domainText, /"registry-mirrors": \["https:\/\/docker\.example\.com"\]/);
    assert.doesNotMatch(domainText, /insecure/);
  });

  test("screenshots: desktop and phone width, each language, light and dark", async () => {
    for (const lang of ["en", "zh"]) {
      for (const [kind, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
        for (const colorScheme of ["light", "dark"]) {
          const { context, page } = await open({ locale: lang === "zh" ? "zh-CN" : "en-US", viewport, colorScheme });
          // nothing may be wider than the screen at phone width
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          assert.ok(overflow <= 0, `${lang} ${kind} scrolls sideways by ${overflow}px`);
          const file = path.join(SHOTS, `home-${lang}-${kind}-${colorScheme}.png`);
          await page.screenshot({ path: file, fullPage: true });
          assert.ok(fs.statSync(file).size > 10_000);
          // the first screen as it is seen, at its real scale
          await page.screenshot({ path: file.replace(".png", "-top.png") });
          await context.close();
        }
      }
    }
  });
});
