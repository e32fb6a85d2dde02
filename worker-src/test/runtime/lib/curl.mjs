// curl as the protocol-level client: what it sends is exactly what the test says, nothing added.
import { run } from "./proc.mjs";

/** Resolves {status, headers (lowercase names; repeated joined by ", "), body}. */
export async function curl(url, { method = "GET", headers = {}, body, extra = [] } = {}) {
  const args = ["-sS", "--max-time", "60", ...(method === "HEAD" ? ["-I"] : ["-i", "-X", method])];
  for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
  if (body !== undefined) args.push("--data-binary", body);
  args.push(...extra, url);
  const r = await run("curl", args, { timeoutMs: 70_000 });
  if (r.code !== 0) throw new Error(`curl ${url}: exit ${r.code} ${r.stderr}`);
  let text = r.stdout;
  // skip 1xx interim answers
  while (/^HTTP\/\S+ 1\d\d/.test(text)) text = text.slice(text.indexOf("\r\n\r\n") + 4);
  return curlParse(text);
}

function curlParse(text) {
  const headEnd = text.indexOf("\r\n\r\n");
  const head = text.slice(0, headEnd).split("\r\n");
  const status = Number(head[0].split(" ")[1]);
  const headers = {};
  for (const line of head.slice(1)) {
    const i = line.indexOf(":");
    const k = line.slice(0, i).trim().toLowerCase();
    const v = line.slice(i + 1).trim();
    headers[k] = headers[k] ? `${headers[k]}, ${v}` : v;
  }
  return { status, headers, body: text.slice(headEnd + 4) };
}

/** Asserts a registry-style JSON error and returns its first entry. */
export function registryError(res) {
  const ct = res.headers["content-type"] ?? "";
  if (!ct.startsWith("application/json")) throw new Error(`expected JSON error, got ${ct}: ${res.body.slice(0, 200)}`);
  const parsed = JSON.parse(res.body);
  if (!Array.isArray(parsed.errors) || parsed.errors.length === 0) throw new Error(`no errors[]: ${res.body}`);
  const e = parsed.errors[0];
  if (typeof e.code !== "string" || typeof e.message !== "string" || !("detail" in e)) throw new Error(`malformed error: ${res.body}`);
  return e;
}
