package kernel

// The four loop orders, for float64 (Dgemm) and float32 (Sgemm) alike: Go
// compiles a separate copy of each for the two types, so the generic code
// runs as fast as the float64-only code it replaced. Each adds
// alpha·op(A)·op(B) to C (already scaled by beta), with m, n, k > 0 and
// arguments checked by Dgemm or Sgemm; gemmNN and gemmTN hand their full
// 4×4 tiles to a block when there is one, panel by panel (kb×nb of B).
// Slices are cut to their exact lengths before the inner loops, so that
// the compiler drops the bounds checks there.

// float is the element type of a product.
type float interface{ ~float32 | ~float64 }

// mulAdder is Block (float64) or Block32 (float32).
type mulAdder[T float] interface {
	MulAdd(m, n, k int, alpha T, a []T, rsA, csA int, b []T, ldb int, c []T, ldc int)
}

// panel is the blocking of gemmNN and gemmTN: kb rows and nb columns of B.
type panel struct{ kb, nb int }

// gemmNN: C[i,j] += alpha Σ_l A[i,l] B[l,j], over panels of kb rows and nb
// columns of B. With a Block, the panel's full 4×4 tiles go to it and
// nnRows does the columns and rows left over; either way each element of C
// gets its terms one by one in the order of l.
func gemmNN[T float](blk mulAdder[T], p panel, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	kb, nb := p.kb, p.nb
	for j0 := 0; j0 < n; j0 += nb {
		nj := min(nb, n-j0)
		for l0 := 0; l0 < k; l0 += kb {
			l1 := min(l0+kb, k)
			i0 := 0
			if blk != nil && m >= 4 && nj >= 4 {
				mt, nt := m&^3, nj&^3
				blk.MulAdd(mt, nt, l1-l0, alpha, a[l0:], lda, 1, b[l0*ldb+j0:], ldb, c[j0:], ldc)
				nnRows(0, mt, j0+nt, nj-nt, l0, l1, alpha, a, lda, b, ldb, c, ldc)
				i0 = mt
			}
			nnRows(i0, m, j0, nj, l0, l1, alpha, a, lda, b, ldb, c, ldc)
		}
	}
}

// nnRows adds the terms l0 ≤ l < l1 to rows i0 ≤ i < i1 and columns
// j0 ≤ j < j0+nj of C = A·B. Four rows of C take a pass over the panel of
// B together, four rows of the panel at a time (madd4x4): each element of
// B loaded is used 4 times and each element of C is loaded and stored once
// per 4 terms.
func nnRows[T float](i0, i1, j0, nj, l0, l1 int, alpha T, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if nj == 0 {
		return
	}
	var x [4][4]T
	i := i0
	for ; i+4 <= i1; i += 4 {
		a0 := a[i*lda:][:l1]
		a1 := a[(i+1)*lda:][:l1]
		a2 := a[(i+2)*lda:][:l1]
		a3 := a[(i+3)*lda:][:l1]
		c0 := c[i*ldc+j0:][:nj]
		c1 := c[(i+1)*ldc+j0:][:nj]
		c2 := c[(i+2)*ldc+j0:][:nj]
		c3 := c[(i+3)*ldc+j0:][:nj]
		l := l0
		for ; l+4 <= l1; l += 4 {
			for q := range 4 {
				x[0][q] = alpha * a0[l+q]
				x[1][q] = alpha * a1[l+q]
				x[2][q] = alpha * a2[l+q]
				x[3][q] = alpha * a3[l+q]
			}
			madd4x4(&x, b[l*ldb+j0:][:nj], b[(l+1)*ldb+j0:][:nj], b[(l+2)*ldb+j0:][:nj], b[(l+3)*ldb+j0:][:nj], c0, c1, c2, c3)
		}
		for ; l < l1; l++ {
			axpy4(alpha*a0[l], alpha*a1[l], alpha*a2[l], alpha*a3[l], b[l*ldb+j0:][:nj], c0, c1, c2, c3)
		}
	}
	for ; i < i1; i++ {
		ai := a[i*lda:][:l1]
		ci := c[i*ldc+j0:][:nj]
		for l := l0; l < l1; l++ {
			axpy(alpha*ai[l], b[l*ldb+j0:][:nj], ci)
		}
	}
}

// gemmTN: C[i,j] += alpha Σ_l A[l,i] B[l,j], blocked as gemmNN.
func gemmTN[T float](blk mulAdder[T], p panel, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	kb, nb := p.kb, p.nb
	for j0 := 0; j0 < n; j0 += nb {
		nj := min(nb, n-j0)
		for l0 := 0; l0 < k; l0 += kb {
			l1 := min(l0+kb, k)
			i0 := 0
			if blk != nil && m >= 4 && nj >= 4 {
				mt, nt := m&^3, nj&^3
				blk.MulAdd(mt, nt, l1-l0, alpha, a[l0*lda:], 1, lda, b[l0*ldb+j0:], ldb, c[j0:], ldc)
				tnRows(0, mt, j0+nt, nj-nt, l0, l1, alpha, a, lda, b, ldb, c, ldc)
				i0 = mt
			}
			tnRows(i0, m, j0, nj, l0, l1, alpha, a, lda, b, ldb, c, ldc)
		}
	}
}

// tnRows is nnRows for C = Aᵀ·B: it reads the multipliers of rows l … l+3
// of A four side by side.
func tnRows[T float](i0, i1, j0, nj, l0, l1 int, alpha T, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if nj == 0 {
		return
	}
	var x [4][4]T
	i := i0
	for ; i+4 <= i1; i += 4 {
		c0 := c[i*ldc+j0:][:nj]
		c1 := c[(i+1)*ldc+j0:][:nj]
		c2 := c[(i+2)*ldc+j0:][:nj]
		c3 := c[(i+3)*ldc+j0:][:nj]
		l := l0
		for ; l+4 <= l1; l += 4 {
			for q := range 4 {
				al := a[(l+q)*lda+i:][:4]
				x[0][q] = alpha * al[0]
				x[1][q] = alpha * al[1]
				x[2][q] = alpha * al[2]
				x[3][q] = alpha * al[3]
			}
			madd4x4(&x, b[l*ldb+j0:][:nj], b[(l+1)*ldb+j0:][:nj], b[(l+2)*ldb+j0:][:nj], b[(l+3)*ldb+j0:][:nj], c0, c1, c2, c3)
		}
		for ; l < l1; l++ {
			al := a[l*lda+i:][:4]
			axpy4(alpha*al[0], alpha*al[1], alpha*al[2], alpha*al[3], b[l*ldb+j0:][:nj], c0, c1, c2, c3)
		}
	}
	for ; i < i1; i++ {
		ci := c[i*ldc+j0:][:nj]
		for l := l0; l < l1; l++ {
			axpy(alpha*a[l*lda+i], b[l*ldb+j0:][:nj], ci)
		}
	}
}

// gemmNT: C[i,j] += alpha Σ_l A[i,l] B[j,l], dot products of rows. Four
// rows of A meet two rows of B at a time (dot4x2: eight sums in
// registers); the rows of B come in blocks of about 128 KB so that a block
// stays in cache for all the rows of A.
func gemmNT[T float](m, n, k int, alpha T, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	jb := max(2, (128<<10)/8/k)
	for j0 := 0; j0 < n; j0 += jb {
		j1 := min(j0+jb, n)
		i := 0
		for ; i+4 <= m; i += 4 {
			a0 := a[i*lda:][:k]
			a1 := a[(i+1)*lda:][:k]
			a2 := a[(i+2)*lda:][:k]
			a3 := a[(i+3)*lda:][:k]
			c0 := c[i*ldc:][:n]
			c1 := c[(i+1)*ldc:][:n]
			c2 := c[(i+2)*ldc:][:n]
			c3 := c[(i+3)*ldc:][:n]
			j := j0
			for ; j+2 <= j1; j += 2 {
				s := dot4x2(a0, a1, a2, a3, b[j*ldb:][:k], b[(j+1)*ldb:][:k])
				c0[j] += alpha * s[0][0]
				c1[j] += alpha * s[1][0]
				c2[j] += alpha * s[2][0]
				c3[j] += alpha * s[3][0]
				c0[j+1] += alpha * s[0][1]
				c1[j+1] += alpha * s[1][1]
				c2[j+1] += alpha * s[2][1]
				c3[j+1] += alpha * s[3][1]
			}
			for ; j < j1; j++ {
				bj := b[j*ldb:][:k]
				c0[j] += alpha * dot(a0, bj)
				c1[j] += alpha * dot(a1, bj)
				c2[j] += alpha * dot(a2, bj)
				c3[j] += alpha * dot(a3, bj)
			}
		}
		for ; i < m; i++ {
			ai := a[i*lda:][:k]
			for j := j0; j < j1; j++ {
				c[i*ldc+j] += alpha * dot(ai, b[j*ldb:][:k])
			}
		}
	}
}

// gemmTT: C[i,j] += alpha Σ_l A[l,i] B[j,l]. Four columns of C (four rows
// of B) take a pass over row l of A together; rows of C come in blocks of
// ib so that the strided 4-wide column strip stays in cache.
func gemmTT[T float](m, n, k int, alpha T, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	const ib = 256
	for i0 := 0; i0 < m; i0 += ib {
		mi := min(ib, m-i0)
		j := 0
		for ; j+4 <= n; j += 4 {
			b0 := b[j*ldb:][:k]
			b1 := b[(j+1)*ldb:][:k]
			b2 := b[(j+2)*ldb:][:k]
			b3 := b[(j+3)*ldb:][:k]
			for l := range k {
				x0, x1, x2, x3 := alpha*b0[l], alpha*b1[l], alpha*b2[l], alpha*b3[l]
				al := a[l*lda+i0:][:mi]
				for i, v := range al {
					cr := c[(i0+i)*ldc+j:][:4]
					cr[0] += v * x0
					cr[1] += v * x1
					cr[2] += v * x2
					cr[3] += v * x3
				}
			}
		}
		for ; j < n; j++ {
			bj := b[j*ldb:][:k]
			for l := range k {
				x := alpha * bj[l]
				al := a[l*lda+i0:][:mi]
				for i, v := range al {
					c[(i0+i)*ldc+j] += v * x
				}
			}
		}
	}
}

// madd4x4 adds Σ_q x[r][q]·b_q to c_r for r = 0…3 (all slices of len(b0)).
// Each element of C is updated in registers with its four terms in order
// q = 0…3, so the sum is rounded exactly as four axpy passes would round
// it; the 16 multipliers, 4 loads of B and 4 of C per column fit in the
// registers that Go's wasm back end and the browser's JIT give a loop.
func madd4x4[T float](x *[4][4]T, b0, b1, b2, b3, c0, c1, c2, c3 []T) {
	n := len(b0)
	b1, b2, b3 = b1[:n], b2[:n], b3[:n]
	c0, c1, c2, c3 = c0[:n], c1[:n], c2[:n], c3[:n]
	x00, x01, x02, x03 := x[0][0], x[0][1], x[0][2], x[0][3]
	x10, x11, x12, x13 := x[1][0], x[1][1], x[1][2], x[1][3]
	x20, x21, x22, x23 := x[2][0], x[2][1], x[2][2], x[2][3]
	x30, x31, x32, x33 := x[3][0], x[3][1], x[3][2], x[3][3]
	for j, v0 := range b0 {
		v1, v2, v3 := b1[j], b2[j], b3[j]
		c0[j] = c0[j] + x00*v0 + x01*v1 + x02*v2 + x03*v3
		c1[j] = c1[j] + x10*v0 + x11*v1 + x12*v2 + x13*v3
		c2[j] = c2[j] + x20*v0 + x21*v1 + x22*v2 + x23*v3
		c3[j] = c3[j] + x30*v0 + x31*v1 + x32*v2 + x33*v3
	}
}

// axpy4 adds a0·b, a1·b, a2·b and a3·b to c0, c1, c2 and c3 (all of len(b)),
// four elements per iteration.
func axpy4[T float](a0, a1, a2, a3 T, b, c0, c1, c2, c3 []T) {
	n := len(b)
	c0, c1, c2, c3 = c0[:n:n], c1[:n:n], c2[:n:n], c3[:n:n]
	j := 0
	for ; j <= n-4; j += 4 {
		bb := b[j : j+4 : j+4]
		x0, x1, x2, x3 := bb[0], bb[1], bb[2], bb[3]
		r := c0[j : j+4]
		r[0] += a0 * x0
		r[1] += a0 * x1
		r[2] += a0 * x2
		r[3] += a0 * x3
		r = c1[j : j+4]
		r[0] += a1 * x0
		r[1] += a1 * x1
		r[2] += a1 * x2
		r[3] += a1 * x3
		r = c2[j : j+4]
		r[0] += a2 * x0
		r[1] += a2 * x1
		r[2] += a2 * x2
		r[3] += a2 * x3
		r = c3[j : j+4]
		r[0] += a3 * x0
		r[1] += a3 * x1
		r[2] += a3 * x2
		r[3] += a3 * x3
	}
	for ; j < n; j++ {
		x := b[j]
		c0[j] += a0 * x
		c1[j] += a1 * x
		c2[j] += a2 * x
		c3[j] += a3 * x
	}
}

// axpy adds a·b to c (of len(b)).
func axpy[T float](a T, b, c []T) {
	c = c[:len(b)]
	for j, x := range b {
		c[j] += a * x
	}
}

// dot4x2 returns the dot products s[r][q] of a_r with b_q (all of
// len(b0)), each summed in index order.
func dot4x2[T float](a0, a1, a2, a3, b0, b1 []T) (s [4][2]T) {
	n := len(b0)
	b1 = b1[:n]
	a0, a1, a2, a3 = a0[:n], a1[:n], a2[:n], a3[:n]
	var s00, s01, s10, s11, s20, s21, s30, s31 T
	for l, u := range b0 {
		v := b1[l]
		x0, x1, x2, x3 := a0[l], a1[l], a2[l], a3[l]
		s00 += x0 * u
		s01 += x0 * v
		s10 += x1 * u
		s11 += x1 * v
		s20 += x2 * u
		s21 += x2 * v
		s30 += x3 * u
		s31 += x3 * v
	}
	return [4][2]T{{s00, s01}, {s10, s11}, {s20, s21}, {s30, s31}}
}

// dot returns the dot product of a and b (of len(b)).
func dot[T float](a, b []T) T {
	a = a[:len(b)]
	var s T
	for l, x := range b {
		s += a[l] * x
	}
	return s
}
