// A minimal Chrome DevTools Protocol client for workerd's inspector (`workerd serve -i ADDR`, or Miniflare's
// inspectorPort): the benchmarks' V8 CPU profiles (bench/blob-cpu.mjs, bench/profile-small.mjs).
import { sleep } from "../worker-src/test/runtime/lib/proc.mjs";

/** A DevTools protocol session with one isolate, over workerd's inspector. */
export class Inspector {
  /** The isolate named `id` in the inspector's /json/list on `inspectorPort` (waits for it, bounded). */
  static async open(inspectorPort, id = "core:user:", options) {
    let list = [];
    for (let i = 0; i < 100 && !list.some((t) => t.id === id); i++) {
      list = await fetch(`http://127.0.0.1:${inspectorPort}/json/list`).then((r) => r.json()).catch(() => []);
      if (!list.some((t) => t.id === id)) await sleep(50);
    }
    const target = list.find((t) => t.id === id);
    if (!target) throw new Error(`no isolate ${id} in the inspector's /json/list: ${JSON.stringify(list.map((t) => t.id))}`);
    return Inspector.connect(target.webSocketDebuggerUrl, options);
  }

  /** A session on the WebSocket at `url`; each command answers within `timeoutMs` or fails. */
  static async connect(url, { timeoutMs = 120_000 } = {}) {
    // Node 22 has a global WebSocket; older Nodes get Miniflare's dependency `ws` (same onopen/onmessage API)
    const Socket = globalThis.WebSocket ?? (await import("ws")).WebSocket;
    const ws = new Socket(url);
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`inspector ${url}: not open within 10 s`)), 10_000);
      ws.onopen = () => (clearTimeout(timer), resolve());
      ws.onerror = (e) => (clearTimeout(timer), reject(new Error(`inspector ${url}: ${e.message ?? e.type}`)));
    });
    return new Inspector(ws, timeoutMs);
  }

  constructor(ws, timeoutMs) {
    this.ws = ws;
    this.timeoutMs = timeoutMs;
    this.next = 1;
    this.pending = new Map();
    ws.onmessage = (event) => {
      const message = JSON.parse(String(event.data));
      const waiter = message.id !== undefined && this.pending.get(message.id);
      if (!waiter) return; // events
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${waiter.method}: ${JSON.stringify(message.error)}`));
      else waiter.resolve(message.result);
    };
    ws.onclose = () => {
      for (const w of this.pending.values()) w.reject(new Error(`inspector closed during ${w.method}`));
      this.pending.clear();
    };
  }

  send(method, params = {}, timeoutMs = this.timeoutMs) {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        method,
        resolve: (v) => (clearTimeout(timer), resolve(v)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Starts the CPU profiler, sampling every `intervalUs`. */
  async start(intervalUs) {
    await this.send("Profiler.setSamplingInterval", { interval: intervalUs });
    await this.send("Profiler.start");
  }

  async stop() {
    return (await this.send("Profiler.stop")).profile;
  }

  close() {
    this.ws.close();
  }
}
