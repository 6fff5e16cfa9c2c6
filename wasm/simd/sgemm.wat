;; sgemm.wat: the SIMD block of core/kernel's Sgemm (float32), in
;; WebAssembly SIMD128 at four float32 lanes per instruction. Assembled by
;; wat2wasm (Debian's wabt) into sgemm.wasm, which is committed:
;;
;;	wat2wasm sgemm.wat -o sgemm.wasm
;;
;; Like gemm.wat it imports the Go program's memory (go.mem) and works on
;; Go's slices in place.
;;
;; muladd(m, n, k, alpha, a, rsa, csa, b, ldb, c, ldc, buf) adds
;;
;;	C[i,j] += alpha · Σ_l A[i,l]·B[l,j]   for i < m, j < n, l < k
;;
;; where A[i,l] is the float32 at a + 4·(i·rsa + l·csa) (rsa, csa = lda, 1
;; for A and 1, lda for Aᵀ), B[l,j] at b + 4·(l·ldb + j) and C[i,j] at
;; c + 4·(i·ldc + j). m and n are multiples of 4; buf has room for 4·k
;; float32. Go checks every argument before calling (sgemm_js.go) and
;; calls once per panel of at most 256 rows of B (core/kernel's kb32).
;;
;; The loops: rows of C in groups of 4. A[i…i+3, 0…k-1] is first copied
;; into buf as k groups of 4, so that it is read contiguously from L1
;; whatever the layout of A (the rows of Xᵀ in Xᵀ·dZ are 12 KB apart, a
;; multiple of 4 KB: read in place they all fall in the same cache sets).
;; Then columns in strips of 8 (a last strip of 4 if n is not a multiple
;; of 8): a 4×8 tile of C is summed in eight f32x4 registers while l runs
;; over k; per l, two loads of B[l, j…j+7] (the panel of B stays in L2),
;; four broadcast loads of packed A (v128.load32_splat), 8 mul + 8 add
;; (64 flops).
;; Each C[i,j] gets its k terms in the order of l, then alpha times their
;; sum: the same result on every call.
;;
;; Two conversions of the float32 training path as well, two values per
;; instruction, rounding as Go's conversions do (to nearest, bit for bit):
;;
;;	demote(src, dst, n):       float32 dst[i] = float64 src[i]
;;	addpromoted(src, dst, n):  float64 dst[i] += float32 src[i]
;;
;; and two float64 loops of every step (the L2 penalty, its gradient and
;; the SGD update), bit for bit as Go's loops round them:
;;
;;	axpy(alpha, x, y, n):   float64 y[i] += alpha·x[i] (mul, then add)
;;	addsquares(s, x, n):    s + Σ x[i]², added one by one in order
;;
;; and the passes over the float32 path's activations and core/train's
;; finiteness check, four float32 or two float64 lanes per instruction,
;; with Go's loops' results (f32x4.max is math.Max: NaN stays NaN, the
;; maximum of -0 and +0 is +0):
;;
;;	relu(src, dst, n):          float32 dst[i] = max(src[i], 0)
;;	relugrad(d, z, dst, n):     float32 dst[i] = d[i] where z[i] > 0, else +0
;;	addrows(c, b, rows, w):     float32 c[r·w + j] += b[j] for r < rows, j < w
;;	allfinite(x, n):            1 if every float64 x[i] is finite, else 0
(module
  (import "go" "mem" (memory 0))

  (func (export "muladd")
    (param $m i32) (param $n i32) (param $k i32) (param $alpha f32)
    (param $a i32) (param $rsa i32) (param $csa i32)
    (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32) (param $buf i32)
    (local $i i32) (local $j i32) (local $l i32) (local $w i32)
    (local $rsa2 i32) (local $rsa3 i32)
    (local $pa i32) (local $pp i32) (local $pb i32) (local $pc i32)
    (local $al v128) (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)

    (if (i32.eqz (local.get $k)) (then (return)))
    ;; Strides in bytes from here on.
    (local.set $rsa (i32.shl (local.get $rsa) (i32.const 2)))
    (local.set $csa (i32.shl (local.get $csa) (i32.const 2)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 2)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 2)))
    (local.set $rsa2 (i32.shl (local.get $rsa) (i32.const 1)))
    (local.set $rsa3 (i32.add (local.get $rsa2) (local.get $rsa)))
    (local.set $al (f32x4.splat (local.get $alpha)))

    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))

        ;; Pack: buf[4l + r] = A[i+r, l].
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rsa))))
        (local.set $pp (local.get $buf))
        (local.set $l (local.get $k))
        (loop $pack
          (f32.store offset=0 (local.get $pp) (f32.load (local.get $pa)))
          (f32.store offset=4 (local.get $pp) (f32.load (i32.add (local.get $pa) (local.get $rsa))))
          (f32.store offset=8 (local.get $pp) (f32.load (i32.add (local.get $pa) (local.get $rsa2))))
          (f32.store offset=12 (local.get $pp) (f32.load (i32.add (local.get $pa) (local.get $rsa3))))
          (local.set $pa (i32.add (local.get $pa) (local.get $csa)))
          (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
          (br_if $pack (local.tee $l (i32.sub (local.get $l) (i32.const 1)))))

        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))
            ;; $w: 8 columns in this strip, or the last 4.
            (local.set $w (select (i32.const 8) (i32.const 4)
              (i32.le_u (i32.add (local.get $j) (i32.const 8)) (local.get $n))))
            (local.set $pp (local.get $buf))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
            (local.set $l (local.get $k))
            (local.set $c00 (v128.const i32x4 0 0 0 0))
            (local.set $c10 (v128.const i32x4 0 0 0 0))
            (local.set $c20 (v128.const i32x4 0 0 0 0))
            (local.set $c30 (v128.const i32x4 0 0 0 0))
            (local.set $c01 (v128.const i32x4 0 0 0 0))
            (local.set $c11 (v128.const i32x4 0 0 0 0))
            (local.set $c21 (v128.const i32x4 0 0 0 0))
            (local.set $c31 (v128.const i32x4 0 0 0 0))
            (if (i32.eq (local.get $w) (i32.const 8))
              (then
                (loop $terms8
                  (local.set $b0 (v128.load offset=0 (local.get $pb)))
                  (local.set $b1 (v128.load offset=16 (local.get $pb)))
                  (local.set $x (v128.load32_splat offset=0 (local.get $pp)))
                  (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
                  (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
                  (local.set $x (v128.load32_splat offset=4 (local.get $pp)))
                  (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
                  (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
                  (local.set $x (v128.load32_splat offset=8 (local.get $pp)))
                  (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
                  (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
                  (local.set $x (v128.load32_splat offset=12 (local.get $pp)))
                  (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
                  (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
                  (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
                  (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                  (br_if $terms8 (local.tee $l (i32.sub (local.get $l) (i32.const 1))))))
              (else
                (loop $terms4
                  (local.set $b0 (v128.load offset=0 (local.get $pb)))
                  (local.set $c00 (f32x4.add (local.get $c00)
                    (f32x4.mul (v128.load32_splat offset=0 (local.get $pp)) (local.get $b0))))
                  (local.set $c10 (f32x4.add (local.get $c10)
                    (f32x4.mul (v128.load32_splat offset=4 (local.get $pp)) (local.get $b0))))
                  (local.set $c20 (f32x4.add (local.get $c20)
                    (f32x4.mul (v128.load32_splat offset=8 (local.get $pp)) (local.get $b0))))
                  (local.set $c30 (f32x4.add (local.get $c30)
                    (f32x4.mul (v128.load32_splat offset=12 (local.get $pp)) (local.get $b0))))
                  (local.set $pp (i32.add (local.get $pp) (i32.const 16)))
                  (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
                  (br_if $terms4 (local.tee $l (i32.sub (local.get $l) (i32.const 1)))))))

            ;; C[i+r, j…] += alpha · sums, row by row.
            (local.set $pc (i32.add (local.get $c)
              (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 2)))))
            (v128.store offset=0 (local.get $pc) (f32x4.add (v128.load offset=0 (local.get $pc))
              (f32x4.mul (local.get $al) (local.get $c00))))
            (if (i32.eq (local.get $w) (i32.const 8)) (then
              (v128.store offset=16 (local.get $pc) (f32x4.add (v128.load offset=16 (local.get $pc))
                (f32x4.mul (local.get $al) (local.get $c01))))))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
            (v128.store offset=0 (local.get $pc) (f32x4.add (v128.load offset=0 (local.get $pc))
              (f32x4.mul (local.get $al) (local.get $c10))))
            (if (i32.eq (local.get $w) (i32.const 8)) (then
              (v128.store offset=16 (local.get $pc) (f32x4.add (v128.load offset=16 (local.get $pc))
                (f32x4.mul (local.get $al) (local.get $c11))))))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
            (v128.store offset=0 (local.get $pc) (f32x4.add (v128.load offset=0 (local.get $pc))
              (f32x4.mul (local.get $al) (local.get $c20))))
            (if (i32.eq (local.get $w) (i32.const 8)) (then
              (v128.store offset=16 (local.get $pc) (f32x4.add (v128.load offset=16 (local.get $pc))
                (f32x4.mul (local.get $al) (local.get $c21))))))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
            (v128.store offset=0 (local.get $pc) (f32x4.add (v128.load offset=0 (local.get $pc))
              (f32x4.mul (local.get $al) (local.get $c30))))
            (if (i32.eq (local.get $w) (i32.const 8)) (then
              (v128.store offset=16 (local.get $pc) (f32x4.add (v128.load offset=16 (local.get $pc))
                (f32x4.mul (local.get $al) (local.get $c31))))))

            (local.set $j (i32.add (local.get $j) (local.get $w)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows))))

  (func (export "demote") (param $src i32) (param $dst i32) (param $n i32)
    (block $done
      (loop $pairs
        (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
        (v128.store64_lane 0 (local.get $dst) (f32x4.demote_f64x2_zero (v128.load (local.get $src))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (local.set $n (i32.sub (local.get $n) (i32.const 2)))
        (br $pairs)))
    (if (local.get $n) (then
      (f32.store (local.get $dst) (f32.demote_f64 (f64.load (local.get $src)))))))

  (func (export "addpromoted") (param $src i32) (param $dst i32) (param $n i32)
    (block $done
      (loop $pairs
        (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
        (v128.store (local.get $dst) (f64x2.add (v128.load (local.get $dst))
          (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (i32.const 8)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $n (i32.sub (local.get $n) (i32.const 2)))
        (br $pairs)))
    (if (local.get $n) (then
      (f64.store (local.get $dst) (f64.add (f64.load (local.get $dst)) (f64.promote_f32 (f32.load (local.get $src))))))))

  (func (export "axpy") (param $alpha f64) (param $x i32) (param $y i32) (param $n i32)
    (local $a v128)
    (local.set $a (f64x2.splat (local.get $alpha)))
    (block $done
      (loop $pairs
        (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
        (v128.store (local.get $y) (f64x2.add (v128.load (local.get $y))
          (f64x2.mul (local.get $a) (v128.load (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (local.set $n (i32.sub (local.get $n) (i32.const 2)))
        (br $pairs)))
    (if (local.get $n) (then
      (f64.store (local.get $y) (f64.add (f64.load (local.get $y))
        (f64.mul (local.get $alpha) (f64.load (local.get $x))))))))

  (func (export "addsquares") (param $s f64) (param $x i32) (param $n i32) (result f64)
    (local $v f64)
    (block $done
      (loop $each
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $v (f64.load (local.get $x)))
        (local.set $s (f64.add (local.get $s) (f64.mul (local.get $v) (local.get $v))))
        (local.set $x (i32.add (local.get $x) (i32.const 8)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $each)))
    (local.get $s))

  (func (export "relu") (param $src i32) (param $dst i32) (param $n i32)
    (local $zero v128)
    (block $done
      (loop $quads
        (br_if $done (i32.lt_u (local.get $n) (i32.const 4)))
        (v128.store (local.get $dst) (f32x4.max (v128.load (local.get $src)) (local.get $zero)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $n (i32.sub (local.get $n) (i32.const 4)))
        (br $quads)))
    (block $end
      (loop $each
        (br_if $end (i32.eqz (local.get $n)))
        (f32.store (local.get $dst) (f32.max (f32.load (local.get $src)) (f32.const 0)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $each))))

  (func (export "relugrad") (param $d i32) (param $z i32) (param $dst i32) (param $n i32)
    (local $zero v128)
    (block $done
      (loop $quads
        (br_if $done (i32.lt_u (local.get $n) (i32.const 4)))
        (v128.store (local.get $dst) (v128.and (v128.load (local.get $d))
          (f32x4.gt (v128.load (local.get $z)) (local.get $zero))))
        (local.set $d (i32.add (local.get $d) (i32.const 16)))
        (local.set $z (i32.add (local.get $z) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $n (i32.sub (local.get $n) (i32.const 4)))
        (br $quads)))
    (block $end
      (loop $each
        (br_if $end (i32.eqz (local.get $n)))
        (f32.store (local.get $dst) (select (f32.load (local.get $d)) (f32.const 0)
          (f32.gt (f32.load (local.get $z)) (f32.const 0))))
        (local.set $d (i32.add (local.get $d) (i32.const 4)))
        (local.set $z (i32.add (local.get $z) (i32.const 4)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $each))))

  (func (export "addrows") (param $c i32) (param $b i32) (param $rows i32) (param $w i32)
    (local $j i32) (local $pb i32)
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.eqz (local.get $rows)))
        (local.set $j (local.get $w))
        (local.set $pb (local.get $b))
        (block $done
          (loop $quads
            (br_if $done (i32.lt_u (local.get $j) (i32.const 4)))
            (v128.store (local.get $c) (f32x4.add (v128.load (local.get $c)) (v128.load (local.get $pb))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 16)))
            (local.set $j (i32.sub (local.get $j) (i32.const 4)))
            (br $quads)))
        (block $end
          (loop $each
            (br_if $end (i32.eqz (local.get $j)))
            (f32.store (local.get $c) (f32.add (f32.load (local.get $c)) (f32.load (local.get $pb))))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (local.set $pb (i32.add (local.get $pb) (i32.const 4)))
            (local.set $j (i32.sub (local.get $j) (i32.const 1)))
            (br $each)))
        (local.set $rows (i32.sub (local.get $rows) (i32.const 1)))
        (br $row))))

  ;; x·0 is 0 for a finite x and NaN otherwise, and a NaN stays in a sum.
  (func (export "allfinite") (param $x i32) (param $n i32) (result i32)
    (local $acc v128) (local $zero v128)
    (block $done
      (loop $pairs
        (br_if $done (i32.lt_u (local.get $n) (i32.const 2)))
        (local.set $acc (f64x2.add (local.get $acc) (f64x2.mul (v128.load (local.get $x)) (local.get $zero))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $n (i32.sub (local.get $n) (i32.const 2)))
        (br $pairs)))
    (if (local.get $n) (then
      (local.set $acc (f64x2.add (local.get $acc) (f64x2.splat (f64.mul (f64.load (local.get $x)) (f64.const 0)))))))
    (i64x2.all_true (f64x2.eq (local.get $acc) (local.get $acc))))
)
