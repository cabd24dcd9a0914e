// Micro-kernels that need CPU features the package cannot ask the compiler for.
//
// SwiftPM forbids unsafe flags (`-march=native`) in a package used as a versioned dependency,
// and Swift has no per-function target attribute, so Swift SIMD code in such a build compiles
// for baseline x86-64 (SSE2, no FMA), a GEMM at a fraction of AVX-512 FMA's speed. C functions
// can carry `__attribute__((target(...)))` instead: each kernel here is compiled for AVX-512,
// for AVX2 + FMA and for the baseline, and the first call picks the best one the running CPU
// supports (cpuid), as OpenBLAS, oneDNN and simdjson ship one binary for every CPU.
#ifndef ADJOINT_CKERNELS_H
#define ADJOINT_CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Rows of a packed A micro-panel: the register tile is 12 rows high on every ISA. Packing
/// copies panel columns four elements at a time, so it stays a multiple of 4.
#define ADJOINT_GEMM_MR 12
_Static_assert(ADJOINT_GEMM_MR % 4 == 0, "packA copies panel columns as SIMD4 vectors");
/// Columns of a packed B micro-panel: 32 Floats or 16 Doubles (two 512-bit vectors).
#define ADJOINT_GEMM_NR_F32 32
#define ADJOINT_GEMM_NR_F64 16

/// The instruction sets a kernel can be compiled for, best last.
typedef enum {
    ADJOINT_ISA_BASELINE = 0,
    ADJOINT_ISA_AVX2 = 1,
    ADJOINT_ISA_AVX512 = 2,
} adjoint_isa;

/// The best instruction set this CPU (and its operating system) supports.
adjoint_isa adjoint_isa_detected(void);

/// The instruction set the GEMM kernels use: the detected one, unless `adjoint_isa_select`
/// chose another.
adjoint_isa adjoint_isa_selected(void);

/// Makes the kernels use `isa`; returns 0 (and changes nothing) when the CPU lacks it.
int adjoint_isa_select(adjoint_isa isa);

/// `C[0..<mb, 0..<nb] (+)= A * B` on packed operands: `a` holds ceil(mb / 12) micro-panels of
/// `kc` groups of 12 elements, `b` holds ceil(nb / 32) micro-panels of `kc` groups of 32,
/// both zero-padded. `c` has rows `ldc` apart; `overwrite` stores instead of adding.
void adjoint_gemm_f32_block(long kc, long mb, long nb, const float *a, const float *b,
                            float *c, long ldc, int overwrite);

/// The Double twin of `adjoint_gemm_f32_block`, with B micro-panels 16 wide.
void adjoint_gemm_f64_block(long kc, long mb, long nb, const double *a, const double *b,
                            double *c, long ldc, int overwrite);

/// `adjoint_gemm_f32_block` with op(A) read where it lies instead of from packed panels: element
/// (i, p) of the `mb x kc` block is `a[i * ars + p * acs]`, and one of the strides is 1. Same
/// arithmetic, so the same bits.
void adjoint_gemm_f32_block_strided(long kc, long mb, long nb, const float *a, long ars, long acs,
                                    const float *b, float *c, long ldc, int overwrite);

void adjoint_gemm_f64_block_strided(long kc, long mb, long nb, const double *a, long ars, long acs,
                                    const double *b, double *c, long ldc, int overwrite);

/// Packs `rows` memory rows of `len` contiguous elements, `ld` apart, as panels `width` rows
/// high: element `p` of row `q0 + t` goes to `dst[q0 * len + p * width + t]` (`q0` a multiple
/// of `width`), rows past `rows` zero. That is `packA`'s layout for op(A) with contiguous rows
/// (width `ADJOINT_GEMM_MR`) and `packB`'s for op(B) stored transposed (width NR). Reads
/// nothing outside the rows' `len` elements.
void adjoint_gemm_f32_pack_transposed(long rows, long len, const float *src, long ld, long width, float *dst);
void adjoint_gemm_f64_pack_transposed(long rows, long len, const double *src, long ld, long width, double *dst);

/// Lane-wise square roots as vector instructions in every build. Swift's `squareRoot()` is a C
/// `__builtin_sqrtf`, which with errno semantics is one scalar square root and a libm fallback
/// per lane; the root build turns errno off (-fno-math-errno), but a package used as a
/// versioned dependency may not pass that flag. A square root is correctly rounded, so the
/// result is the same either way.
typedef float adjoint_float8 __attribute__((ext_vector_type(8)));
typedef double adjoint_double8 __attribute__((ext_vector_type(8)));
static inline adjoint_float8 adjoint_sqrt_f32x8(adjoint_float8 x) { return __builtin_elementwise_sqrt(x); }
static inline adjoint_double8 adjoint_sqrt_f64x8(adjoint_double8 x) { return __builtin_elementwise_sqrt(x); }

#ifdef __cplusplus
}
#endif
#endif
