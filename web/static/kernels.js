// Kernel threads for the training worker: the float32 SIMD kernel of
// wasm/simd (sgemm.wat, assembled for a shared memory) run by several Web
// Workers over one shared WebAssembly.Memory, so that one matrix product
// uses every core. Go's own memory cannot be shared, so each product's
// operands are copied into the shared memory, the rows of C are split in
// groups of 4 between the threads (the training worker takes the first
// part itself), and C is copied back. Every element of C is computed by
// one thread with the same code and the same order of terms whatever the
// number of threads, so results are the same, bit for bit, for every
// count (and the same as the one-thread kernel's).
//
// This one file is both sides. In the training worker, worker.js loads it
// with importScripts and wasm/simd (pool_js.go) calls
// self.bppKernelPool(threads, moduleBytes), which returns a pool at once
// and starts threads-1 workers running this script (named "bpp-kernel");
// pool.ready() turns true when they all run, and until then Go keeps its
// in-place kernel. pool.mulAdd(...) takes the arguments of sgemm.wat's
// muladd with addresses in Go's memory, and the panel size, and returns
// when C is done: Go hands it a whole product (up to MAX_K rows of B), one
// hand-off, and each thread calls muladd on panels of its rows.
// Threads block in Atomics.wait between products: they need cross-origin
// isolation (SharedArrayBuffer), which the caller checks first.
"use strict";

// Layout of the shared memory: a control block of Int32s, then one pack
// buffer per thread (4·maxK float32), then A, B and C.
const CTRL_INTS = 32; // [0] generation, [1] threads still working, [2..] the job
const MAX_K = 4096; // rows of B per call (pool_js.go's poolRows)
const MAX_PANEL = 1024; // rows of B per muladd (Go's kernel.Panel32 is 256)
const BUF_BYTES = 4 * 4 * MAX_PANEL;
const PAGE = 65536;

function kernelThread() {
  self.onmessage = (e) => {
    const { memory, module, index, threads } = e.data;
    const inst = new WebAssembly.Instance(module, { go: { mem: memory } });
    const ctrl = new Int32Array(memory.buffer, 0, CTRL_INTS);
    self.postMessage("up");
    let gen = 0;
    for (;;) {
      Atomics.wait(ctrl, 0, gen);
      gen = Atomics.load(ctrl, 0);
      runShare(inst.exports.muladd, ctrl, memory, index, threads);
      if (Atomics.sub(ctrl, 1, 1) === 1) Atomics.notify(ctrl, 1);
    }
  };
}

// runShare computes thread index's rows of the job in ctrl, in panels of
// panel rows and columns of B (j outer, l inner), as Go's Sgemm calls the
// one-thread kernel: each element of C gets the sums of its panels in
// the same order.
function runShare(muladd, ctrl, memory, index, threads) {
  const [m, n, k, alphaBits, a, rsa, csa, b, ldb, c, ldc, panel] = ctrl.subarray(2, 14);
  const alpha = new Float32Array(new Int32Array([alphaBits]).buffer)[0];
  const rows = Math.ceil(m / 4 / threads) * 4;
  const i0 = Math.min(m, index * rows);
  const i1 = Math.min(m, i0 + rows);
  if (i1 <= i0) return;
  for (let j0 = 0; j0 < n; j0 += panel) {
    const nj = Math.min(panel, n - j0);
    for (let l0 = 0; l0 < k; l0 += panel) {
      muladd(i1 - i0, nj, Math.min(panel, k - l0), alpha, a + 4 * (i0 * rsa + l0 * csa), rsa, csa,
        b + 4 * (l0 * ldb + j0), ldb, c + 4 * (i0 * ldc + j0), ldc, CTRL_INTS * 4 + index * BUF_BYTES);
    }
  }
}

function newPool(threads, bytes) {
  const base = CTRL_INTS * 4 + threads * BUF_BYTES;
  const memory = new WebAssembly.Memory({ initial: Math.ceil(base / PAGE) + 1, maximum: 16384, shared: true });
  const module = new WebAssembly.Module(bytes);
  const own = new WebAssembly.Instance(module, { go: { mem: memory } }).exports.muladd;
  const ctrl = new Int32Array(memory.buffer, 0, CTRL_INTS);
  let up = 0;
  let failed = null;
  const workers = [];
  for (let t = 1; t < threads; t++) {
    const w = new Worker(self.location.pathname.replace(/[^/]*$/, "kernels.js"), { name: "bpp-kernel" });
    w.onmessage = () => up++;
    w.onerror = (e) => (failed = e.message || "a kernel thread failed to start");
    w.postMessage({ memory, module, index: t, threads });
    workers.push(w);
  }
  return {
    threads,
    ready: () => failed === null && up === threads - 1,
    error: () => failed,
    // mulAdd: sgemm.wat's muladd, with a, b and c addresses in Go's memory.
    mulAdd(m, n, k, alpha, a, rsa, csa, b, ldb, c, ldc, panel) {
      if (k > MAX_K) throw new Error(`kernels: k = ${k} > ${MAX_K}`);
      if (!(panel > 0 && panel <= MAX_PANEL)) throw new Error(`kernels: panels of ${panel} rows, want 1 to ${MAX_PANEL}`);
      const go = new Float32Array(self.goInstance.exports.mem.buffer);
      // Compact copies: A as m×k (rows) or k×m (columns of Aᵀ), B k×n, C m×n.
      const aBytes = 4 * m * k, bBytes = 4 * k * n, cBytes = 4 * m * n;
      const need = base + aBytes + bBytes + cBytes;
      if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
      const sh = new Float32Array(memory.buffer);
      const pa = base, pb = pa + aBytes, pc = pb + bBytes;
      let ra, ca;
      a >>= 2; b >>= 2; c >>= 2;
      if (csa === 1) { // A: m rows of k
        for (let i = 0; i < m; i++) sh.set(go.subarray(a + i * rsa, a + i * rsa + k), pa / 4 + i * k);
        ra = k; ca = 1;
      } else if (rsa === 1) { // Aᵀ: k rows of m
        for (let l = 0; l < k; l++) sh.set(go.subarray(a + l * csa, a + l * csa + m), pa / 4 + l * m);
        ra = 1; ca = m;
      } else {
        for (let i = 0; i < m; i++) for (let l = 0; l < k; l++) sh[pa / 4 + i * k + l] = go[a + i * rsa + l * csa];
        ra = k; ca = 1;
      }
      for (let l = 0; l < k; l++) sh.set(go.subarray(b + l * ldb, b + l * ldb + n), pb / 4 + l * n);
      for (let i = 0; i < m; i++) sh.set(go.subarray(c + i * ldc, c + i * ldc + n), pc / 4 + i * n);
      const alphaBits = new Int32Array(new Float32Array([alpha]).buffer)[0];
      ctrl.set([m, n, k, alphaBits, pa, ra, ca, pb, n, pc, n, panel], 2);
      Atomics.store(ctrl, 1, threads - 1);
      Atomics.add(ctrl, 0, 1);
      Atomics.notify(ctrl, 0);
      runShare(own, ctrl, memory, 0, threads);
      for (let left; (left = Atomics.load(ctrl, 1)) !== 0; ) {
        if (Atomics.wait(ctrl, 1, left, 10000) === "timed-out") {
          throw new Error("kernels: a kernel thread did not finish within 10 s" + (failed ? ": " + failed : ""));
        }
      }
      for (let i = 0; i < m; i++) go.set(sh.subarray(pc / 4 + i * n, pc / 4 + (i + 1) * n), c + i * ldc);
    },
  };
}

if (self.name === "bpp-kernel") kernelThread();
else self.bppKernelPool = newPool;
