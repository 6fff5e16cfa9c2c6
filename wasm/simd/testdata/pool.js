// node pool.js KERNELS_JS SGEMM_WASM SGEMM_SHARED_WASM: checks that
// web/static/kernels.js's pool (on 2, 3 and 4 threads, node
// worker_threads standing in for Web Workers) gives C bit for bit as the
// one-thread module called as Go's Sgemm calls it (panels of 256 rows and
// columns of B, columns outer), on config A's and B's products and random
// shapes with ragged edges, strides and transposed A; then prints the
// GFLOP/s of config A's and B's products on one thread and on the pool
// (medians). Exits non-zero on a difference. Run by host_test.go.
"use strict";
const { Worker: NodeWorker } = require("worker_threads");
const fs = require("fs");
const path = require("path");
const [script, oneWasm, sharedWasm] = process.argv.slice(2);
globalThis.self = globalThis;
self.location = { pathname: "/web/kernels.js" };
globalThis.Worker = class {
  constructor() {
    this.w = new NodeWorker(path.join(__dirname, "poolworker.js"), { workerData: { script } });
    this.w.on("message", (m) => this.onmessage && this.onmessage({ data: m }));
    this.w.on("error", (e) => this.onerror && this.onerror(e));
    this.w.unref();
  }
  postMessage(m) { this.w.postMessage(m); }
};
(0, eval)(fs.readFileSync(script, "utf8"));

const PANEL = 256; // core/kernel.Panel32
const mem = new WebAssembly.Memory({ initial: 1300 }); // "Go's memory", 81 MB
self.goInstance = { exports: { mem } };
const one = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(oneWasm)), { go: { mem } }).exports.muladd;
const f = new Float32Array(mem.buffer);
let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), (seed / 2147483648) * 2 - 1);
for (let i = 0; i < 8 << 20; i++) f[i] = rnd(); // A and B
const A = 0, B = 16 << 20, C = 32 << 20, C2 = 48 << 20, BUF = 64 << 20;

// The one-thread kernel as Sgemm calls it.
function oneThread(m, n, k, alpha, rsa, csa, ldb, c, ldc) {
  for (let j0 = 0; j0 < n; j0 += PANEL) {
    for (let l0 = 0; l0 < k; l0 += PANEL) {
      one(m, Math.min(PANEL, n - j0), Math.min(PANEL, k - l0), alpha, A + 4 * l0 * csa, rsa, csa,
        B + 4 * (l0 * ldb + j0), ldb, c + 4 * j0, ldc, BUF);
    }
  }
}

const big = [
  ["A X·W1", 200, 100, 3072, 3072, 1, 100, 100],
  ["A Xᵀ·dZ1", 3072, 100, 200, 1, 3072, 100, 100],
  ["B X·W1", 256, 512, 3072, 3072, 1, 512, 512],
  ["B Xᵀ·dZ1", 3072, 512, 256, 1, 3072, 512, 512],
];
const shapes = big.slice();
for (let i = 0; i < 30; i++) {
  const m = 4 * (1 + Math.floor(((rnd() + 1) / 2) * 60)), n = 4 * (1 + Math.floor(((rnd() + 1) / 2) * 90));
  const k = 1 + Math.floor(((rnd() + 1) / 2) * 1100);
  const ldb = n + (i % 3), ldc = n + (i % 2);
  shapes.push(i % 2 ? [`random ${i}`, m, n, k, k + (i % 3), 1, ldb, ldc] : [`random ${i}ᵀ`, m, n, k, 1, m + (i % 3), ldb, ldc]);
}

async function main() {
  const pools = [];
  for (const threads of [2, 3, 4]) pools.push(self.bppKernelPool(threads, fs.readFileSync(sharedWasm)));
  for (let t0 = Date.now(); !pools.every((p) => p.ready()); ) {
    if (pools.some((p) => p.error())) throw new Error(pools.find((p) => p.error()).error());
    if (Date.now() - t0 > 30000) throw new Error("the kernel threads did not start within 30 s");
    await new Promise((r) => setTimeout(r, 10));
  }
  for (const [name, m, n, k, rsa, csa, ldb, ldc] of shapes) {
    for (let i = 0; i < m * ldc; i++) f[C / 4 + i] = 0.25 * rnd();
    f.copyWithin(C2 / 4, C / 4, C / 4 + m * ldc);
    const before = f.slice(C / 4, C / 4 + m * ldc);
    oneThread(m, n, k, 0.5, rsa, csa, ldb, C, ldc);
    for (const pool of pools) {
      f.set(before, C2 / 4);
      pool.mulAdd(m, n, k, 0.5, A, rsa, csa, B, ldb, C2, ldc, PANEL);
      for (let i = 0; i < m * ldc; i++) {
        if (!Object.is(f[C / 4 + i], f[C2 / 4 + i])) {
          throw new Error(`${name} (${m}×${n}×${k}) on ${pool.threads} threads: C[${i}] = ${f[C2 / 4 + i]}, one thread ${f[C / 4 + i]}`);
        }
      }
    }
  }
  console.log(`ok: ${shapes.length} products, bit for bit the one thread's on 2, 3 and 4 threads`);
  const pool = pools[0];
  const median = (v) => v.sort((a, b) => a - b)[v.length >> 1];
  for (const [name, m, n, k, rsa, csa, ldb, ldc] of big) {
    const t = [[], []];
    for (let r = 0; r < 9; r++) {
      let s = performance.now();
      oneThread(m, n, k, 1, rsa, csa, ldb, C, ldc);
      t[0].push(performance.now() - s);
      s = performance.now();
      pool.mulAdd(m, n, k, 1, A, rsa, csa, B, ldb, C2, ldc, PANEL);
      t[1].push(performance.now() - s);
    }
    const g = (v) => ((2 * m * n * k) / median(v) / 1e6).toFixed(1);
    console.log(`${name} ${m}×${n}×${k}: one thread ${g(t[0])} GFLOP/s, pool of 2 ${g(t[1])} GFLOP/s (copies included)`);
  }
}
main().then(() => process.exit(0), (e) => { console.error(e.message); process.exit(1); });
