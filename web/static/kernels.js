// Kernel threads for the training worker: the float32 SIMD kernel of
// wasm/simd (sgemm.wat, assembled for a shared memory) run by several Web
// Workers over one shared WebAssembly.Memory, so that one matrix product
// uses every core. Go's own memory cannot be shared, so each product's
// operands are copied into the shared memory and C is copied back.
//
// The rows of C are cut into chunks of CHUNK_ROWS, which the threads
// claim one at a time from a counter (Atomics.compareExchange), the
// training worker's thread too: a kernel thread that the system runs late
// (the cores are shared with other programs) takes fewer chunks, or none,
// instead of holding up the product, which is never slower than the one
// thread by more than a chunk. Every element of C is computed by one
// thread with the same code and the same order of terms (panels of
// `panel` rows of B, as Go's Sgemm calls the one-thread kernel) whichever
// thread takes its chunk, so results are the same, bit for bit, for every
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
// hand-off. Threads block in Atomics.wait between products: they need
// cross-origin isolation (SharedArrayBuffer), which the caller checks
// first.
"use strict";

// Layout of the shared memory: a control block of Int32s, then one pack
// buffer per thread (4·MAX_PANEL float32), then A, B and C.
//
// The control block: [GEN] the job's generation, [NEXT] the next chunk to
// claim, tagged with the generation's low 16 bits (tag << 16 | chunk), so
// that a thread that read a job late cannot claim a chunk of the next
// one; [DONE] chunks finished; [JOB…] the job. The training worker writes
// the job, resets NEXT and DONE, then advances GEN: a thread that claims a
// chunk of generation g read g's job (the job of g+1 is written only once
// every chunk of g is done, and so claimed).
const CTRL_INTS = 32;
const GEN = 0, NEXT = 1, DONE = 14, JOB = 2; // JOB…JOB+11: m n k alpha a rsa csa b ldb c ldc panel
const MAX_K = 4096; // rows of B per call (pool_js.go's poolRows)
const MAX_PANEL = 1024; // rows of B per muladd (Go's kernel.Panel32 is 256)
const CHUNK_ROWS = 16; // rows of C per claim, a multiple of 4
const BUF_BYTES = 4 * 4 * MAX_PANEL;
const PAGE = 65536;

function kernelThread() {
  self.onmessage = (e) => {
    const { memory, module, index } = e.data;
    const inst = new WebAssembly.Instance(module, { go: { mem: memory } });
    const ctrl = new Int32Array(memory.buffer, 0, CTRL_INTS);
    self.postMessage("up");
    let gen = 0;
    for (;;) {
      Atomics.wait(ctrl, GEN, gen);
      gen = Atomics.load(ctrl, GEN);
      runChunks(inst.exports.muladd, ctrl, index, gen);
    }
  };
}

// runChunks claims and computes chunks of generation gen's job until none
// is left (or the job is another's), and returns how many it did.
function runChunks(muladd, ctrl, index, gen) {
  const [m, n, k, alphaBits, a, rsa, csa, b, ldb, c, ldc, panel] = ctrl.slice(JOB, JOB + 12);
  const alpha = new Float32Array(new Int32Array([alphaBits]).buffer)[0];
  const chunks = Math.ceil(m / CHUNK_ROWS);
  const tag = (gen & 0xffff) << 16;
  const buf = CTRL_INTS * 4 + index * BUF_BYTES;
  let did = 0;
  for (;;) {
    const v = Atomics.load(ctrl, NEXT);
    if ((v & ~0xffff) !== tag || (v & 0xffff) >= chunks) return did;
    if (Atomics.compareExchange(ctrl, NEXT, v, v + 1) !== v) continue;
    const i0 = (v & 0xffff) * CHUNK_ROWS;
    const rows = Math.min(CHUNK_ROWS, m - i0);
    // The panels in Go's Sgemm order (columns outer, terms inner).
    for (let j0 = 0; j0 < n; j0 += panel) {
      const nj = Math.min(panel, n - j0);
      for (let l0 = 0; l0 < k; l0 += panel) {
        muladd(rows, nj, Math.min(panel, k - l0), alpha, a + 4 * (i0 * rsa + l0 * csa), rsa, csa,
          b + 4 * (l0 * ldb + j0), ldb, c + 4 * (i0 * ldc + j0), ldc, buf);
      }
    }
    did++;
    if (Atomics.add(ctrl, DONE, 1) === chunks - 1) Atomics.notify(ctrl, DONE);
  }
}

// copyRows copies count rows of len floats from `from` at src (rows
// srcStride apart) to `to` at dst (rows dstStride apart): in one piece
// when both are contiguous.
function copyRows(from, src, srcStride, to, dst, dstStride, count, len) {
  if (count === 1 || (srcStride === len && dstStride === len)) {
    to.set(from.subarray(src, src + count * len), dst);
    return;
  }
  for (let r = 0; r < count; r++) to.set(from.subarray(src + r * srcStride, src + r * srcStride + len), dst + r * dstStride);
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
    w.postMessage({ memory, module, index: t });
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
      if (m > CHUNK_ROWS * 0xffff) throw new Error(`kernels: m = ${m} > ${CHUNK_ROWS * 0xffff}`);
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
        copyRows(go, a, rsa, sh, pa / 4, k, m, k);
        ra = k; ca = 1;
      } else if (rsa === 1) { // Aᵀ: k rows of m
        copyRows(go, a, csa, sh, pa / 4, m, k, m);
        ra = 1; ca = m;
      } else {
        for (let i = 0; i < m; i++) for (let l = 0; l < k; l++) sh[pa / 4 + i * k + l] = go[a + i * rsa + l * csa];
        ra = k; ca = 1;
      }
      copyRows(go, b, ldb, sh, pb / 4, n, k, n);
      copyRows(go, c, ldc, sh, pc / 4, n, m, n);
      const alphaBits = new Int32Array(new Float32Array([alpha]).buffer)[0];
      ctrl.set([m, n, k, alphaBits, pa, ra, ca, pb, n, pc, n, panel], JOB);
      const gen = (Atomics.load(ctrl, GEN) + 1) | 0;
      Atomics.store(ctrl, DONE, 0);
      Atomics.store(ctrl, NEXT, (gen & 0xffff) << 16);
      Atomics.store(ctrl, GEN, gen);
      Atomics.notify(ctrl, GEN);
      runChunks(own, ctrl, 0, gen);
      const chunks = Math.ceil(m / CHUNK_ROWS);
      for (let done; (done = Atomics.load(ctrl, DONE)) < chunks; ) {
        if (Atomics.wait(ctrl, DONE, done, 10000) === "timed-out") {
          throw new Error("kernels: a kernel thread did not finish its part within 10 s" + (failed ? ": " + failed : ""));
        }
      }
      copyRows(sh, pc / 4, n, go, c, ldc, m, n);
    },
  };
}

if (self.name === "bpp-kernel") kernelThread();
else self.bppKernelPool = newPool;
