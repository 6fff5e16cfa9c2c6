;; peak.wat: the wasm SIMD ceiling of this machine, for bench/tfjs. peak(n)
;; runs n iterations of 12 independent f32x4 chains a ← a·x + y (12 mul
;; and 12 add of 4 lanes: 96 flops per iteration) with nothing but
;; registers, so that its GFLOP/s is what one core's SIMD units allow
;; without fused multiply-add. It returns a lane of the sums so that the
;; work is not optimized away. bench/tfjs assembles it with wat2wasm.
(module
  (func (export "peak") (param $n i32) (result f32)
    (local $x v128) (local $y v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $a4 v128) (local $a5 v128) (local $a6 v128) (local $a7 v128)
    (local $a8 v128) (local $a9 v128) (local $a10 v128) (local $a11 v128)
    (local.set $x (f32x4.splat (f32.const 0.999999)))
    (local.set $y (f32x4.splat (f32.const 0.000001)))
    (local.set $a1 (local.get $y)) (local.set $a2 (local.get $x)) (local.set $a3 (local.get $y))
    (local.set $a5 (local.get $y)) (local.set $a6 (local.get $x)) (local.set $a7 (local.get $y))
    (local.set $a9 (local.get $y)) (local.set $a10 (local.get $x)) (local.set $a11 (local.get $y))
    (loop $l
      (local.set $a0 (f32x4.add (f32x4.mul (local.get $a0) (local.get $x)) (local.get $y)))
      (local.set $a1 (f32x4.add (f32x4.mul (local.get $a1) (local.get $x)) (local.get $y)))
      (local.set $a2 (f32x4.add (f32x4.mul (local.get $a2) (local.get $x)) (local.get $y)))
      (local.set $a3 (f32x4.add (f32x4.mul (local.get $a3) (local.get $x)) (local.get $y)))
      (local.set $a4 (f32x4.add (f32x4.mul (local.get $a4) (local.get $x)) (local.get $y)))
      (local.set $a5 (f32x4.add (f32x4.mul (local.get $a5) (local.get $x)) (local.get $y)))
      (local.set $a6 (f32x4.add (f32x4.mul (local.get $a6) (local.get $x)) (local.get $y)))
      (local.set $a7 (f32x4.add (f32x4.mul (local.get $a7) (local.get $x)) (local.get $y)))
      (local.set $a8 (f32x4.add (f32x4.mul (local.get $a8) (local.get $x)) (local.get $y)))
      (local.set $a9 (f32x4.add (f32x4.mul (local.get $a9) (local.get $x)) (local.get $y)))
      (local.set $a10 (f32x4.add (f32x4.mul (local.get $a10) (local.get $x)) (local.get $y)))
      (local.set $a11 (f32x4.add (f32x4.mul (local.get $a11) (local.get $x)) (local.get $y)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (f32x4.extract_lane 0
      (f32x4.add
        (f32x4.add (f32x4.add (f32x4.add (local.get $a0) (local.get $a1)) (f32x4.add (local.get $a2) (local.get $a3)))
                   (f32x4.add (f32x4.add (local.get $a4) (local.get $a5)) (f32x4.add (local.get $a6) (local.get $a7))))
        (f32x4.add (f32x4.add (local.get $a8) (local.get $a9)) (f32x4.add (local.get $a10) (local.get $a11)))))))
