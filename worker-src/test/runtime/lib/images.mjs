// Test images, made without a Docker engine: tar layers written here, laid out as OCI image layouts,
// pushed to the test registry with skopeo.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { runOk } from "./proc.mjs";

export const MEDIA = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar+gzip",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
};

const sha256 = (buf) => "sha256:" + crypto.createHash("sha256").update(buf).digest("hex");

/** A ustar archive of regular files: [{name, data, mode}] (mode 0644 unless given). */
export function tar(files) {
  const blocks = [];
  for (const { name, data, mode = 0o644 } of files) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 100);
    header.write(mode.toString(8).padStart(7, "0") + "\0", 100);
    header.write("0000000\0", 108);
    header.write("0000000\0", 116);
    header.write(data.length.toString(8).padStart(11, "0") + "\0", 124);
    header.write("14700000000\0", 136);
    header.write("        ", 148);
    header.write("0", 156);
    header.write("ustar\0", 257);
    header.write("00", 263);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(sum.toString(8).padStart(6, "0") + "\0 ", 148);
    blocks.push(header, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

/** Deterministic bytes that do not compress (AES-CTR keystream). */
export function noise(size, seed) {
  const key = crypto.createHash("sha256").update(seed).digest();
  const cipher = crypto.createCipheriv("aes-256-ctr", key, Buffer.alloc(16));
  return Buffer.concat([cipher.update(Buffer.alloc(size)), cipher.final()]);
}

class Layout {
  constructor(dir) {
    this.dir = dir;
    this.refs = [];
    fs.mkdirSync(path.join(dir, "blobs/sha256"), { recursive: true });
    fs.writeFileSync(path.join(dir, "oci-layout"), '{"imageLayoutVersion":"1.0.0"}');
  }
  blob(data, mediaType) {
    const digest = sha256(data);
    fs.writeFileSync(path.join(this.dir, "blobs/sha256", digest.slice(7)), data);
    return { mediaType, digest, size: data.length };
  }
  json(value, mediaType) {
    return this.blob(Buffer.from(JSON.stringify(value)), mediaType);
  }
  /** One image for one platform (OCI media types; skopeo converts to Docker's on push where asked). */
  image({ arch, variant, layers, cmd = ["/hello"] }) {
    const layerDescs = [];
    const diffIds = [];
    for (const files of layers) {
      const raw = tar(files);
      diffIds.push(sha256(raw));
      const gz = zlib.gzipSync(raw, { level: raw.length > 50e6 ? 0 : 6 });
      layerDescs.push(this.blob(gz, MEDIA.ociLayer));
    }
    const config = this.json(
      {
        architecture: arch,
        ...(variant ? { variant } : {}),
        os: "linux",
        config: { Cmd: cmd, Env: ["PATH=/"] },
        rootfs: { type: "layers", diff_ids: diffIds },
        history: layers.map(() => ({ created_by: "hubmirror test image" })),
      },
      MEDIA.ociConfig,
    );
    const manifest = {
      schemaVersion: 2,
      mediaType: MEDIA.ociManifest,
      config,
      layers: layerDescs,
    };
    return { desc: this.json(manifest, manifest.mediaType), platform: { architecture: arch, os: "linux", ...(variant ? { variant } : {}) } };
  }
  list(images) {
    const mediaType = MEDIA.ociIndex;
    const manifests = images.map((i) => ({ ...i.desc, platform: i.platform }));
    return this.json({ schemaVersion: 2, mediaType, manifests }, mediaType);
  }
  tag(desc, ref) {
    this.refs.push({ ...desc, annotations: { "org.opencontainers.image.ref.name": ref } });
    fs.writeFileSync(path.join(this.dir, "index.json"), JSON.stringify({ schemaVersion: 2, manifests: this.refs }));
  }
}

const file = (name, text) => ({ name, data: Buffer.from(text) });

/**
 * Builds every test image into `dir` and pushes it to `registry` (host:port). Returns what the tests
 * check against: per image the manifest digest and the layer digests.
 */
export async function buildAndPush(dir, registryHostPort, { medium = false, big = false, huge = false } = {}) {
  const layout = new Layout(path.join(dir, "layout"));
  const images = {};
  const helloLayers = [[file("hello", "#!/bin/sh\necho hello from hubmirror\n")], [file("etc/motd", "pulled through the mirror\n"), { name: "data.bin", data: noise(300_000, "hello") }]];
  const hello = layout.image({ arch: "amd64", layers: helloLayers });
  layout.tag(hello.desc, "hello");
  images.hello = { repo: "library/hello", tag: "1", ref: "hello", docker: true };

  // hello's two layers as its base, and one of its own
  const helloPlus = layout.image({ arch: "amd64", layers: [...helloLayers, [file("plus", "one more layer\n")]] });
  layout.tag(helloPlus.desc, "hello-plus");
  images.helloPlus = { repo: "library/hello-plus", tag: "1", ref: "hello-plus", docker: true };

  const tool = layout.image({ arch: "amd64", layers: [[file("tool", "team tool\n")]] });
  layout.tag(tool.desc, "tool");
  images.tool = { repo: "team/tool", tag: "1", ref: "tool" };

  const secret = layout.image({ arch: "amd64", layers: [[file("secret", "only for logged-in users\n")]] });
  layout.tag(secret.desc, "secret");
  images.secret = { repo: "private/secret", tag: "1", ref: "secret" };

  const archs = [
    { arch: "amd64" },
    { arch: "arm64", variant: "v8" },
  ];
  const ociImages = archs.map((a) => layout.image({ ...a, layers: [[file("arch", `${a.arch}\n`)]] }));
  const index = layout.list(ociImages);
  layout.tag(index, "multi-oci");
  images.multiOci = { repo: "library/multi", tag: "oci", ref: "multi-oci" };

  const dockerImages = archs.map((a) => layout.image({ ...a, layers: [[file("arch", `docker ${a.arch}\n`)]] }));
  layout.tag(layout.list(dockerImages), "multi-docker");
  images.multiDocker = { repo: "library/multi", tag: "docker", ref: "multi-docker", docker: true };

  if (medium) {
    // ~30 MB: a mid-sized layer, between the small images and big/huge (bench/blob-cpu.mjs)
    const mediumImage = layout.image({ arch: "amd64", layers: [[{ name: "medium.bin", data: noise(30_000_000, "medium") }]] });
    layout.tag(mediumImage.desc, "medium");
    images.medium = { repo: "library/medium", tag: "1", ref: "medium" };
  }

  if (big) {
    const bigImage = layout.image({ arch: "amd64", layers: [[{ name: "big.bin", data: noise(200 * 1024 * 1024, "big") }]] });
    layout.tag(bigImage.desc, "big");
    images.big = { repo: "library/big", tag: "1", ref: "big" };
  }

  if (huge) {
    const hugeImage = layout.image({ arch: "amd64", layers: [[{ name: "huge.bin", data: noise(300_000_000, "huge") }]] });
    layout.tag(hugeImage.desc, "huge");
    images.huge = { repo: "library/huge", tag: "1", ref: "huge" };
  }

  const auth = { user: "pusher", password: "push-secret" };
  for (const image of Object.values(images)) {
    const digestFile = path.join(dir, `${image.ref}.digest`);
    const format = image.docker ? ["--format", "v2s2"] : ["--preserve-digests"];
    await runOk("skopeo", [
      "copy", "--all", ...format, "--digestfile", digestFile, "--dest-tls-verify=false",
      "--dest-creds", `${auth.user}:${auth.password}`,
      `oci:${layout.dir}:${image.ref}`, `docker://${registryHostPort}/${image.repo}:${image.tag}`,
    ], { timeoutMs: 600_000 });
    image.digest = fs.readFileSync(digestFile, "utf8").trim();
    const raw = await runOk("skopeo", ["inspect", "--raw", "--tls-verify=false", "--creds", `${auth.user}:${auth.password}`, `docker://${registryHostPort}/${image.repo}@${image.digest}`]);
    image.manifest = JSON.parse(raw.stdout);
  }
  return images;
}

/**
 * One small image (two layers whose files name `label`, so every upstream's image has its own digests),
 * pushed to `registryHostPort/repo:tag` as `pusher`. Returns {repo, tag, digest, manifest}.
 */
export async function pushLabelled(dir, registryHostPort, repo, tag, label) {
  const layout = new Layout(path.join(dir, `layout-${label}`));
  const image = layout.image({ arch: "amd64", layers: [[file("hello", `#!/bin/sh\necho hello from ${label}\n`)], [file("etc/origin", `${label}\n`), { name: "data.bin", data: noise(200_000, label) }]] });
  return pushOne(layout, image, label, dir, registryHostPort, repo, tag);
}

/**
 * An image that runs without a network: Debian's static busybox (busybox-static) as /bin/busybox, its command
 * printing `label`; a second layer of noise makes it two layers. Pushed to `registryHostPort/repo:tag` as `pusher`.
 * Returns {repo, tag, digest, manifest}.
 */
export async function pushRunnable(dir, registryHostPort, repo, tag, label) {
  const layout = new Layout(path.join(dir, `layout-${label}`));
  const image = layout.image({ arch: "amd64", cmd: ["/bin/busybox", "echo", `ran ${label}`],
    layers: [[{ name: "bin/busybox", data: fs.readFileSync("/bin/busybox"), mode: 0o755 }], [{ name: "data.bin", data: noise(100_000, label) }]] });
  return pushOne(layout, image, label, dir, registryHostPort, repo, tag);
}

/** `image` of `layout`, tagged `label`, pushed to `registryHostPort/repo:tag` as `pusher`: {repo, tag, digest, manifest}. */
async function pushOne(layout, image, label, dir, registryHostPort, repo, tag) {
  layout.tag(image.desc, label);
  const digestFile = path.join(dir, `${label}.digest`);
  await runOk("skopeo", [
    "copy", "--preserve-digests", "--digestfile", digestFile, "--dest-tls-verify=false", "--dest-creds", "pusher:push-secret",
    `oci:${layout.dir}:${label}`, `docker://${registryHostPort}/${repo}:${tag}`,
  ], { timeoutMs: 300_000 });
  const digest = fs.readFileSync(digestFile, "utf8").trim();
  const manifest = JSON.parse(fs.readFileSync(path.join(layout.dir, "blobs/sha256", digest.slice(7))));
  return { repo, tag, digest, manifest };
}
