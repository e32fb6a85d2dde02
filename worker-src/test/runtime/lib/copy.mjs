// skopeo copy into a dir: layout, then every blob checked against its digest.
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { succeeded } from "./proc.mjs";

export const sha256File = (file) => "sha256:" + crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Copies `source` with `client` (an isolated runner) into a fresh dir under `workDir`; returns {manifest, config}. */
export async function copyAndVerify(client, workDir, source, extra = []) {
  const dir = fs.mkdtempSync(path.join(workDir, "copy-"));
  await succeeded(client.run("skopeo", ["copy", "--src-tls-verify=false", ...extra, source, `dir:${dir}`], { timeoutMs: 600_000 }));
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json")));
  for (const blob of [manifest.config, ...manifest.layers]) {
    const file = path.join(dir, blob.digest.slice("sha256:".length));
    assert.equal(fs.statSync(file).size, blob.size, blob.digest);
    assert.equal(sha256File(file), blob.digest, "digest verifies");
  }
  const config = JSON.parse(fs.readFileSync(path.join(dir, manifest.config.digest.slice(7))));
  fs.rmSync(dir, { recursive: true, force: true });
  return { manifest, config };
}
