;; gemm.wat: the SIMD block of core/kernel's Dgemm, in WebAssembly SIMD128.
;; Assembled by wat2wasm (Debian's wabt) into gemm.wasm, which is committed:
;;
;;	wat2wasm gemm.wat -o gemm.wasm
;;
;; It has no memory of its own: it imports the Go program's (go.mem) and
;; works on Go's slices in place, at the byte addresses Go passes.
;;
;; muladd(m, n, k, alpha, a, rsa, csa, b, ldb, c, ldc, buf) adds
;;
;;	C[i,j] += Σ_l (alpha·A[i,l])·B[l,j]   for i < m, j < n, l < k
;;
;; where A[i,l] is the float64 at a + 8·(i·rsa + l·csa) (rsa, csa = lda, 1
;; for A and 1, lda for Aᵀ), B[l,j] at b + 8·(l·ldb + j) and C[i,j] at
;; c + 8·(i·ldc + j). m and n are multiples of 4; buf has room for 4·k
;; float64. Go checks every argument before calling (wasm/simd, simd_js.go).
;;
;; Rounding is the Go kernel's, bit for bit: like gemmNN's madd4x4, it
;; multiplies alpha·A[i,l] first and adds the k terms of each C[i,j] one
;; by one in the order l = 0, 1, …, each with its own rounded product
;; (f64x2.mul then f64x2.add: no fused multiply-add).
;;
;; The loops: for each 4-row strip of C, alpha·A[i…i+3, 0…k-1] is copied
;; into buf as k groups of 4 (the strip's A is then read contiguously, even
;; when A is transposed and its rows are far apart); then each 4×4 tile of
;; the strip is held in eight f64x2 registers while l runs over k: per l,
;; two loads of B[l, j…j+3], four broadcasts of packed A and 8 mul + 8 add.
(module
  (import "go" "mem" (memory 0))

  (func (export "muladd")
    (param $m i32) (param $n i32) (param $k i32) (param $alpha f64)
    (param $a i32) (param $rsa i32) (param $csa i32)
    (param $b i32) (param $ldb i32) (param $c i32) (param $ldc i32) (param $buf i32)
    (local $i i32) (local $j i32) (local $l i32)
    (local $pa i32) (local $pp i32) (local $pb i32) (local $pc i32)
    (local $x v128) (local $b0 v128) (local $b1 v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)

    (if (i32.eqz (local.get $k)) (then (return)))
    ;; Strides in bytes from here on.
    (local.set $rsa (i32.shl (local.get $rsa) (i32.const 3)))
    (local.set $csa (i32.shl (local.get $csa) (i32.const 3)))
    (local.set $ldb (i32.shl (local.get $ldb) (i32.const 3)))
    (local.set $ldc (i32.shl (local.get $ldc) (i32.const 3)))

    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $i) (local.get $m)))

        ;; Pack: buf[4l + r] = alpha·A[i+r, l].
        (local.set $pa (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rsa))))
        (local.set $pp (local.get $buf))
        (local.set $l (local.get $k))
        (loop $pack
          (f64.store offset=0 (local.get $pp)
            (f64.mul (local.get $alpha) (f64.load (local.get $pa))))
          (f64.store offset=8 (local.get $pp)
            (f64.mul (local.get $alpha) (f64.load (i32.add (local.get $pa) (local.get $rsa)))))
          (f64.store offset=16 (local.get $pp)
            (f64.mul (local.get $alpha)
              (f64.load (i32.add (local.get $pa) (i32.shl (local.get $rsa) (i32.const 1))))))
          (f64.store offset=24 (local.get $pp)
            (f64.mul (local.get $alpha)
              (f64.load (i32.add (local.get $pa) (i32.mul (local.get $rsa) (i32.const 3))))))
          (local.set $pa (i32.add (local.get $pa) (local.get $csa)))
          (local.set $pp (i32.add (local.get $pp) (i32.const 32)))
          (br_if $pack (local.tee $l (i32.sub (local.get $l) (i32.const 1)))))

        (local.set $j (i32.const 0))
        (block $cols_done
          (loop $cols
            (br_if $cols_done (i32.ge_u (local.get $j) (local.get $n)))

            ;; The tile C[i…i+3, j…j+3]: row r in $cr0 (columns j, j+1) and $cr1.
            (local.set $pc (i32.add (local.get $c)
              (i32.add (i32.mul (local.get $i) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 3)))))
            (local.set $c00 (v128.load offset=0 (local.get $pc)))
            (local.set $c01 (v128.load offset=16 (local.get $pc)))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
            (local.set $c10 (v128.load offset=0 (local.get $pc)))
            (local.set $c11 (v128.load offset=16 (local.get $pc)))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
            (local.set $c20 (v128.load offset=0 (local.get $pc)))
            (local.set $c21 (v128.load offset=16 (local.get $pc)))
            (local.set $pc (i32.add (local.get $pc) (local.get $ldc)))
            (local.set $c30 (v128.load offset=0 (local.get $pc)))
            (local.set $c31 (v128.load offset=16 (local.get $pc)))

            (local.set $pp (local.get $buf))
            (local.set $pb (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
            (local.set $l (local.get $k))
            (loop $terms
              (local.set $b0 (v128.load offset=0 (local.get $pb)))
              (local.set $b1 (v128.load offset=16 (local.get $pb)))
              (local.set $x (v128.load64_splat offset=0 (local.get $pp)))
              (local.set $c00 (f64x2.add (local.get $c00) (f64x2.mul (local.get $x) (local.get $b0))))
              (local.set $c01 (f64x2.add (local.get $c01) (f64x2.mul (local.get $x) (local.get $b1))))
              (local.set $x (v128.load64_splat offset=8 (local.get $pp)))
              (local.set $c10 (f64x2.add (local.get $c10) (f64x2.mul (local.get $x) (local.get $b0))))
              (local.set $c11 (f64x2.add (local.get $c11) (f64x2.mul (local.get $x) (local.get $b1))))
              (local.set $x (v128.load64_splat offset=16 (local.get $pp)))
              (local.set $c20 (f64x2.add (local.get $c20) (f64x2.mul (local.get $x) (local.get $b0))))
              (local.set $c21 (f64x2.add (local.get $c21) (f64x2.mul (local.get $x) (local.get $b1))))
              (local.set $x (v128.load64_splat offset=24 (local.get $pp)))
              (local.set $c30 (f64x2.add (local.get $c30) (f64x2.mul (local.get $x) (local.get $b0))))
              (local.set $c31 (f64x2.add (local.get $c31) (f64x2.mul (local.get $x) (local.get $b1))))
              (local.set $pp (i32.add (local.get $pp) (i32.const 32)))
              (local.set $pb (i32.add (local.get $pb) (local.get $ldb)))
              (br_if $terms (local.tee $l (i32.sub (local.get $l) (i32.const 1)))))

            ;; Store the tile, last row first ($pc points at row 3).
            (v128.store offset=0 (local.get $pc) (local.get $c30))
            (v128.store offset=16 (local.get $pc) (local.get $c31))
            (local.set $pc (i32.sub (local.get $pc) (local.get $ldc)))
            (v128.store offset=0 (local.get $pc) (local.get $c20))
            (v128.store offset=16 (local.get $pc) (local.get $c21))
            (local.set $pc (i32.sub (local.get $pc) (local.get $ldc)))
            (v128.store offset=0 (local.get $pc) (local.get $c10))
            (v128.store offset=16 (local.get $pc) (local.get $c11))
            (local.set $pc (i32.sub (local.get $pc) (local.get $ldc)))
            (v128.store offset=0 (local.get $pc) (local.get $c00))
            (v128.store offset=16 (local.get $pc) (local.get $c01))

            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $cols)))

        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $rows)))))
