// The mirror as one self-contained ES module, dist/hubmirror-worker.js: to paste into the Cloudflare dashboard's
// editor, or to deploy from a machine with only Node (`npx wrangler deploy dist/hubmirror-worker.js --name …
// --compatibility-date … --no-bundle`). It is wrangler's own minified bundle — `wrangler deploy --dry-run`, exactly what
// `wrangler deploy` uploads and the tests run — with its text modules (the home page templates) inlined as
// string constants. Nothing is fetched at run time. Run by scripts/package; inlineTextModules is what the
// tests load.
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OUT = path.join(ROOT, "dist/hubmirror-worker.js");

/**
 * entry.js of a wrangler dry-run in `dist`, each `import X from "./<file>.html|.txt"` replaced by the file's
 * text as a constant; fails if the bundle has any other module (the one file would then not be the Worker).
 */
export function inlineTextModules(dist) {
  const modules = fs.readdirSync(dist).filter((f) => !f.endsWith(".map") && f !== "README.md");
  const texts = modules.filter((f) => f.endsWith(".html") || f.endsWith(".txt"));
  const others = modules.filter((f) => f !== "entry.js" && !texts.includes(f));
  if (others.length) throw new Error(`the bundle has modules that cannot be inlined: ${others.join(", ")}`);
  let code = fs.readFileSync(path.join(dist, "entry.js"), "utf8");
  for (const file of texts) {
    const statement = new RegExp(`import\\s*([A-Za-z_$][\\w$]*)\\s*from\\s*"\\./${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}";?`);
    const found = statement.exec(code);
    if (!found) throw new Error(`entry.js does not import ${file} as one name`);
    const text = JSON.stringify(fs.readFileSync(path.join(dist, file), "utf8"));
    code = code.slice(0, found.index) + `const ${found[1]}=${text};` + code.slice(found.index + found[0].length);
  }
  return code.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dist = path.join(ROOT, "target/package-dist");
  fs.rmSync(dist, { recursive: true, force: true });
  const wrangler = path.join(ROOT, "node_modules/wrangler/bin/wrangler.js");
  execFileSync(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", dist], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  const code = inlineTextModules(dist);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, code);
  const sha = crypto.createHash("sha256").update(code).digest("hex");
  const date = /compatibility_date\s*=\s*"([^"]+)"/.exec(fs.readFileSync(path.join(ROOT, "wrangler.toml"), "utf8"))[1];
  console.log(`${path.relative(ROOT, OUT)}: ${Buffer.byteLength(code)} bytes, sha256 ${sha}`);
  console.log(`deploy it: npx wrangler deploy ${path.relative(ROOT, OUT)} --name hubmirror --compatibility-date ${date} --no-bundle`);
}
