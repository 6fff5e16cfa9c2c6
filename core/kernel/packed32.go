package kernel

import (
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Packed32 is gonum's blas.Float32 with Sgemm replaced by a packed,
// cache-blocked and multithreaded product: the float32 kernel of the
// engine on the command line (cmd/mlp installs it with blas32.Use). The
// zero value uses runtime.GOMAXPROCS(0) goroutines.
//
// It is written here because no Go library does it: gonum's float32 Sgemm
// is not packed or register-blocked (config A's X·W1 on 2 threads: 18
// GFLOP/s against 100 for this one, 66 on one thread; BenchmarkSgemm),
// and OpenBLAS needs cgo and a C library (the openblas build tag of
// cmd/mlp), which the default build must not.
//
// The product follows the layout of Goto and van de Geijn ("Anatomy of
// high-performance matrix multiplication", ACM TOMS 34(3), 2008) and BLIS:
// op(B) is copied, kc rows at a time, into nr-wide column panels, and for
// each block of C's rows, alpha·op(A)'s mc×kc blocks into mr-high row
// panels (zero-padded at the edges, any transpose read while copying); a
// micro-kernel adds the mr×nr product of one row panel and one column
// panel to C, keeping the whole tile in registers. On amd64 with AVX2 and
// FMA the micro-kernel is assembly (packed32_amd64.s: 6×16, twelve 8-lane
// accumulators); elsewhere it is Go.
//
// Threads share the work in two phases (see run): the kc-slices of op(B)
// to pack, then the row blocks of C, each taken by whichever thread is
// free, so that no operand is packed twice and a thread slowed down by a
// shared core takes fewer. Every element of C gets the same operations in
// the same order whichever thread computes it: beta·C first, then per
// kc-slice the sum of its terms in the order of l (one fused
// multiply-add each on amd64) added to C. Results are therefore the same,
// bit for bit, for any thread count on one machine, and within the bound
// of float32 summation of BLAS's definition (kerneltest.Sgemm checks it).
// Argument checks, panics and beta's semantics are Dgemm's (see the
// package doc). Packing buffers are pooled: a step allocates none once
// warm.
type Packed32 struct {
	gonum.Implementation

	// Threads is the number of goroutines a large product is split over;
	// 0 means runtime.GOMAXPROCS(0).
	Threads int
}

var _ blas.Float32 = Packed32{}

// Blocking of Packed32: an mr×nr tile of C is the micro-kernel's, a
// kc×nr panel of B (16 KB) stays in L1 while the row panels of an mc×kc
// block of A (at most 120 KB) stream from L2.
const (
	pmr = 6
	pnr = 16
	pkc = 256
	pmc = 120
)

// minParallel is the number of multiply-adds below which a product runs
// on one goroutine: starting one costs about a microsecond.
const minParallel = 1 << 17

// packBufs are one thread's buffers: a packed block of op(A) and an edge
// tile of C.
type packBufs struct {
	a [pmc * pkc]float32
	t [pmr * pnr]float32
}

// Free buffers are kept in channels rather than a sync.Pool, which the
// garbage collector empties at each cycle: a step then allocates none
// once warm. At most a few per thread are kept.
var (
	freeBufs   = make(chan *packBufs, 16)
	freePacked = make(chan *[]float32, 8)
)

func getBufs() *packBufs {
	select {
	case b := <-freeBufs:
		return b
	default:
		return new(packBufs)
	}
}

func putBufs(b *packBufs) {
	select {
	case freeBufs <- b:
	default:
	}
}

// Sgemm computes C = alpha·op(A)·op(B) + beta·C as Dgemm does, in float32.
func (impl Packed32) Sgemm(tA, tB blas.Transpose, m, n, k int, alpha float32, a []float32, lda int, b []float32, ldb int, beta float32, c []float32, ldc int) {
	if !checkGemm(tA, tB, m, n, k, lda, ldb, ldc, len(a), len(b), len(c)) {
		return
	}
	if beta != 1 {
		scale(m, n, beta, c, ldc)
	}
	if alpha == 0 || k == 0 {
		return
	}
	// op(A)[i,l] = a[i·rsA + l·csA], op(B)[l,j] = b[l·rsB + j·csB].
	rsA, csA := lda, 1
	if tA != blas.NoTrans {
		rsA, csA = 1, lda
	}
	rsB, csB := ldb, 1
	if tB != blas.NoTrans {
		rsB, csB = 1, ldb
	}
	g := packedGemm{k: k, alpha: alpha, a: a, rsA: rsA, csA: csA, b: b, rsB: rsB, csB: csB, c: c, ldc: ldc}

	threads := impl.Threads
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	if m*n*k < minParallel || m < 2*pmr {
		threads = 1
	}
	g.run(m, n, threads)
}

// checkGemm panics as Dgemm on bad arguments and reports whether there is
// anything to compute (m, n > 0).
func checkGemm(tA, tB blas.Transpose, m, n, k, lda, ldb, ldc, la, lb, lc int) bool {
	switch tA {
	case blas.NoTrans, blas.Trans, blas.ConjTrans:
	default:
		panic(badTranspose)
	}
	switch tB {
	case blas.NoTrans, blas.Trans, blas.ConjTrans:
	default:
		panic(badTranspose)
	}
	if m < 0 {
		panic(mLT0)
	}
	if n < 0 {
		panic(nLT0)
	}
	if k < 0 {
		panic(kLT0)
	}
	aTrans, bTrans := tA != blas.NoTrans, tB != blas.NoTrans
	if aTrans {
		if lda < max(1, m) {
			panic(badLdA)
		}
	} else if lda < max(1, k) {
		panic(badLdA)
	}
	if bTrans {
		if ldb < max(1, k) {
			panic(badLdB)
		}
	} else if ldb < max(1, n) {
		panic(badLdB)
	}
	if ldc < max(1, n) {
		panic(badLdC)
	}
	if m == 0 || n == 0 {
		return false
	}
	if aTrans {
		if la < (k-1)*lda+m {
			panic(shortA)
		}
	} else if la < (m-1)*lda+k {
		panic(shortA)
	}
	if bTrans {
		if lb < (n-1)*ldb+k {
			panic(shortB)
		}
	} else if lb < (k-1)*ldb+n {
		panic(shortB)
	}
	if lc < (m-1)*ldc+n {
		panic(shortC)
	}
	return true
}

// packedGemm is one product's operands, shared by its threads.
type packedGemm struct {
	k        int
	alpha    float32
	a        []float32
	rsA, csA int
	b        []float32
	rsB, csB int
	c        []float32
	ldc      int
}

// run adds alpha·op(A)·op(B) to C (m×n) on threads goroutines (the
// caller's among them), in two phases. First op(B) is packed whole, its
// kc-slices taken one at a time by whichever thread is free; then C's
// row blocks are, each thread packing the slices of its block of op(A)
// and running the micro-kernel over them. A thread that the machine
// slows down (a shared core) thus takes fewer pieces, and no operand is
// packed twice. Which thread computes a row block changes nothing in
// its results.
func (g *packedGemm) run(m, n, threads int) {
	npad := (n + pnr - 1) / pnr * pnr
	var bp *[]float32
	select {
	case bp = <-freePacked:
	default:
		bp = new([]float32)
	}
	defer func() {
		select {
		case freePacked <- bp:
		default:
		}
	}()
	if cap(*bp) < g.k*npad {
		*bp = make([]float32, g.k*npad)
	}
	pb := (*bp)[:g.k*npad]
	// Row blocks of whole mr-panels, about four per thread, at most mc.
	mb := min(pmc, max(pmr, (m+4*threads-1)/(4*threads)+pmr-1)/pmr*pmr)
	blocks := (m + mb - 1) / mb
	slices := (g.k + pkc - 1) / pkc
	threads = min(threads, blocks)
	var nextSlice, nextBlock atomic.Int64
	var packed, done sync.WaitGroup
	packed.Add(threads)
	work := func() {
		for {
			s := int(nextSlice.Add(1) - 1)
			if s >= slices {
				break
			}
			pc := s * pkc
			g.packB(pb[pc*npad:], pc, min(pkc, g.k-pc), 0, n)
		}
		packed.Done()
		packed.Wait()
		bufs := getBufs()
		defer putBufs(bufs)
		for {
			blk := int(nextBlock.Add(1) - 1)
			if blk >= blocks {
				break
			}
			i0 := blk * mb
			g.rows(bufs, pb, npad, i0, min(i0+mb, m), n)
		}
	}
	done.Add(threads - 1)
	for range threads - 1 {
		go func() {
			defer done.Done()
			work()
		}()
	}
	work()
	done.Wait()
}

// rows adds alpha·op(A)·op(B) to rows i0 ≤ i < i1 of C, with op(B)
// packed in pb (its kc-slice at pc·npad).
func (g *packedGemm) rows(bufs *packBufs, pb []float32, npad, i0, i1, n int) {
	mc := i1 - i0
	for pc := 0; pc < g.k; pc += pkc {
		kc := min(pkc, g.k-pc)
		g.packA(bufs.a[:], i0, mc, pc, kc)
		blk := pb[pc*npad : pc*npad+kc*npad]
		for jr := 0; jr < n; jr += pnr {
			nr := min(pnr, n-jr)
			pbj := blk[jr*kc : (jr+pnr)*kc]
			for ir := 0; ir < mc; ir += pmr {
				mr := min(pmr, mc-ir)
				pa := bufs.a[ir*kc : (ir+pmr)*kc]
				ci := (i0+ir)*g.ldc + jr
				if mr == pmr && nr == pnr {
					microKernel(kc, pa, pbj, g.c[ci:ci+(pmr-1)*g.ldc+pnr], g.ldc)
					continue
				}
				// An edge tile: computed whole into t, then its valid
				// part added to C (the same sums).
				t := bufs.t[:]
				clear(t)
				microKernel(kc, pa, pbj, t, pnr)
				for r := range mr {
					row := g.c[ci+r*g.ldc:][:nr]
					for j, v := range t[r*pnr : r*pnr+nr] {
						row[j] += v
					}
				}
			}
		}
	}
}

// packA copies alpha·op(A)[ic:ic+mc, pc:pc+kc] into dst as mr-high row
// panels: panel p holds rows ic+p·mr …, element (r, l) at p·mr·kc + l·mr + r,
// rows past mc zero.
func (g *packedGemm) packA(dst []float32, ic, mc, pc, kc int) {
	alpha := g.alpha
	whole := mc / pmr * pmr
	if g.csA == 1 {
		// A not transposed: six rows of A, read side by side, per panel.
		for ir := 0; ir < whole; ir += pmr {
			p := dst[ir*kc : (ir+pmr)*kc]
			off := (ic+ir)*g.rsA + pc
			r0 := g.a[off:][:kc]
			r1 := g.a[off+g.rsA:][:kc]
			r2 := g.a[off+2*g.rsA:][:kc]
			r3 := g.a[off+3*g.rsA:][:kc]
			r4 := g.a[off+4*g.rsA:][:kc]
			r5 := g.a[off+5*g.rsA:][:kc]
			for l, v := range r0 {
				q := p[l*pmr:][:pmr:pmr]
				q[0] = alpha * v
				q[1] = alpha * r1[l]
				q[2] = alpha * r2[l]
				q[3] = alpha * r3[l]
				q[4] = alpha * r4[l]
				q[5] = alpha * r5[l]
			}
		}
	} else {
		// Aᵀ: element (i, l) at a[l·lda + i]; a row of a fills one row
		// of every panel.
		for l := range kc {
			src := g.a[(pc+l)*g.csA+ic:][:whole]
			for ir := 0; ir < whole; ir += pmr {
				s := src[ir : ir+pmr : ir+pmr]
				q := dst[ir*kc+l*pmr:][:pmr:pmr]
				q[0] = alpha * s[0]
				q[1] = alpha * s[1]
				q[2] = alpha * s[2]
				q[3] = alpha * s[3]
				q[4] = alpha * s[4]
				q[5] = alpha * s[5]
			}
		}
	}
	if whole == mc {
		return
	}
	// The last, partial panel: its missing rows are zero.
	p := dst[whole*kc : (whole+pmr)*kc]
	clear(p)
	for r := range mc - whole {
		for l := range kc {
			p[l*pmr+r] = alpha * g.a[(ic+whole+r)*g.rsA+(pc+l)*g.csA]
		}
	}
}

// packB copies op(B)[pc:pc+kc, jc:jc+nc] into dst as nr-wide column
// panels: panel p holds columns jc+p·nr …, element (l, j) at
// p·nr·kc + l·nr + j, columns past nc zero.
func (g *packedGemm) packB(dst []float32, pc, kc, jc, nc int) {
	whole := nc / pnr * pnr
	if g.csB == 1 {
		// B not transposed: each row of B, read in order, fills one row
		// of every whole panel (a column-wise read would stride).
		for l := range kc {
			src := g.b[(pc+l)*g.rsB+jc:][:whole]
			for jr := 0; jr < whole; jr += pnr {
				s := src[jr : jr+pnr : jr+pnr]
				d := dst[jr*kc+l*pnr:][:pnr:pnr]
				for q, v := range s {
					d[q] = v
				}
			}
		}
	} else {
		// Bᵀ: element (l, j) at b[j·ldb + l], a column of op(B) in order.
		for jr := 0; jr < whole; jr += pnr {
			p := dst[jr*kc : (jr+pnr)*kc]
			for j := range pnr {
				col := g.b[(jc+jr+j)*g.csB+pc:][:kc]
				for l, v := range col {
					p[l*pnr+j] = v
				}
			}
		}
	}
	if whole == nc {
		return
	}
	// The last, partial panel: its missing columns are zero.
	p := dst[whole*kc : (whole+pnr)*kc]
	clear(p)
	for j := range nc - whole {
		for l := range kc {
			p[l*pnr+j] = g.b[(pc+l)*g.rsB+(jc+whole+j)*g.csB]
		}
	}
}

// microKernelGo adds the mr×nr product of a packed row panel of A
// (kc×mr) and column panel of B (kc×nr) to c (row stride ldc), summing
// each element's kc terms in order. It is the micro-kernel where there is
// no assembly one.
func microKernelGo(kc int, a, b, c []float32, ldc int) {
	var acc [pmr][pnr]float32
	a = a[:kc*pmr]
	b = b[:kc*pnr]
	for l := range kc {
		al := a[l*pmr : l*pmr+pmr]
		bl := b[l*pnr : l*pnr+pnr]
		for r := range pmr {
			x := al[r]
			row := &acc[r]
			for j, v := range bl {
				row[j] += x * v
			}
		}
	}
	for r := range pmr {
		row := c[r*ldc:][:pnr]
		for j, v := range acc[r] {
			row[j] += v
		}
	}
}
