// What the per-ISA GEMM files share: the loop over the tiles of a packed block, which hands
// each ISA's tile function whole MR x NR tiles only: an edge tile is computed whole into a
// stack buffer and its valid part copied into C.
#ifndef ADJOINT_GEMM_TILES_H
#define ADJOINT_GEMM_TILES_H

#include "CKernels.h"

#define MR ADJOINT_GEMM_MR

/// Adds (or, with `overwrite`, stores) `rows x cols` of the tile `t` (rows `ldt` apart) to C.
#define DEFINE_STORE_EDGE(name, T)                                                          \
    static inline void name(const T *t, long ldt, T *c, long ldc, long rows, long cols,      \
                            int overwrite) {                                                 \
        for (long i = 0; i < rows; i++) {                                                    \
            const T *src = t + i * ldt;                                                      \
            T *dst = c + i * ldc;                                                            \
            if (overwrite) { for (long j = 0; j < cols; j++) dst[j] = src[j]; }              \
            else { for (long j = 0; j < cols; j++) dst[j] += src[j]; }                       \
        }                                                                                    \
    }
DEFINE_STORE_EDGE(store_edge_f32, float)
DEFINE_STORE_EDGE(store_edge_f64, double)

/// The loop over the tiles of a block, for both block functions: B micro-panel outer, A
/// micro-panel inner, so one kc x NR panel of B stays in L1 while the A block streams past it
/// from L2. The whole 12-row panels of op(A) start at `a + ir * STEP`, element (i, p) at
/// `[i * RS + p * CS]`; the last `mb - full` rows are read from the packed panel `EDGE`.
/// `tile(kc, a, rs, cs, b, d, ld, overwrite)` stores (or adds) a whole MR x NR tile at `d`,
/// rows `ld` apart; `edge(rows, kc, a, b, d, ld)` stores at least the first `rows` rows of one
/// from a packed panel, computing no more rows than its ISA needs (a batch of 100 leaves a
/// 4-row edge, which a 12-row tile computes 3 times over). Tiles cut by the block's right edge
/// are computed whole into a stack buffer and their valid part copied into C.
#define TILE_LOOP(T, NR, tile, edge, store_edge, RS, CS, STEP, EDGE)                         \
    for (long jr = 0; jr < nb; jr += NR) {                                                   \
        long cols = nb - jr < NR ? nb - jr : NR;                                             \
        T buffer[MR * NR] __attribute__((aligned(64)));                                      \
        for (long ir = 0; ir < full; ir += MR) {                                             \
            T *d = c + ir * ldc + jr;                                                        \
            if (cols == NR) {                                                                \
                tile(kc, a + ir * (STEP), RS, CS, b + jr * kc, d, ldc, overwrite);           \
            } else {                                                                         \
                tile(kc, a + ir * (STEP), RS, CS, b + jr * kc, buffer, NR, 1);               \
                store_edge(buffer, NR, d, ldc, MR, cols, overwrite);                         \
            }                                                                                \
        }                                                                                    \
        if (full < mb) {                                                                     \
            edge(mb - full, kc, EDGE, b + jr * kc, buffer, NR);                              \
            store_edge(buffer, NR, c + full * ldc + jr, ldc, mb - full, cols, overwrite);    \
        }                                                                                    \
    }

/// The body of a block function on packed panels of op(A), `MR x kc` each, one after another.
#define BLOCK_LOOP(T, NR, tile, edge, store_edge)                                            \
    long full = mb / MR * MR;                                                                \
    TILE_LOOP(T, NR, tile, edge, store_edge, 1, MR, kc, a + full * kc)

/// The body of a strided block function: op(A) read where it lies, element (i, p) at
/// `a[i * ars + p * acs]`. The last, partial panel is packed first (rows past `mb` zero), so
/// no tile reads past op(A). One of the strides is 1 (a matrix or its transpose), and each
/// case gets its own inlined tiles, so the packed panel's constant stride keeps its
/// displacements.
#define STRIDED_BLOCK_LOOP(T, NR, tile, edge, store_edge)                                    \
    long full = mb / MR * MR;                                                                \
    T panel[full < mb ? MR * kc : 1] __attribute__((aligned(64)));                           \
    if (full < mb) {                                                                         \
        for (long p = 0; p < kc; p++)                                                        \
            for (long i = 0; i < MR; i++)                                                    \
                panel[p * MR + i] = full + i < mb ? a[(full + i) * ars + p * acs] : 0;       \
    }                                                                                        \
    if (ars == 1) { TILE_LOOP(T, NR, tile, edge, store_edge, 1, acs, 1, panel) }             \
    else { TILE_LOOP(T, NR, tile, edge, store_edge, ars, 1, ars, panel) }

void adjoint_gemm_f32_block_baseline(long kc, long mb, long nb, const float *a, const float *b,
                                     float *c, long ldc, int overwrite);
void adjoint_gemm_f64_block_baseline(long kc, long mb, long nb, const double *a, const double *b,
                                     double *c, long ldc, int overwrite);
void adjoint_gemm_f32_block_strided_baseline(long kc, long mb, long nb, const float *a, long ars, long acs,
                                             const float *b, float *c, long ldc, int overwrite);
void adjoint_gemm_f64_block_strided_baseline(long kc, long mb, long nb, const double *a, long ars, long acs,
                                             const double *b, double *c, long ldc, int overwrite);
#if defined(__x86_64__)
void adjoint_gemm_f32_block_strided_avx2(long kc, long mb, long nb, const float *a, long ars, long acs,
                                         const float *b, float *c, long ldc, int overwrite);
void adjoint_gemm_f64_block_strided_avx2(long kc, long mb, long nb, const double *a, long ars, long acs,
                                         const double *b, double *c, long ldc, int overwrite);
void adjoint_gemm_f32_block_strided_avx512(long kc, long mb, long nb, const float *a, long ars, long acs,
                                           const float *b, float *c, long ldc, int overwrite);
void adjoint_gemm_f64_block_strided_avx512(long kc, long mb, long nb, const double *a, long ars, long acs,
                                           const double *b, double *c, long ldc, int overwrite);
void adjoint_gemm_f32_block_avx2(long kc, long mb, long nb, const float *a, const float *b,
                                 float *c, long ldc, int overwrite);
void adjoint_gemm_f64_block_avx2(long kc, long mb, long nb, const double *a, const double *b,
                                 double *c, long ldc, int overwrite);
void adjoint_gemm_f32_block_avx512(long kc, long mb, long nb, const float *a, const float *b,
                                   float *c, long ldc, int overwrite);
void adjoint_gemm_f64_block_avx512(long kc, long mb, long nb, const double *a, const double *b,
                                   double *c, long ldc, int overwrite);
#endif

#endif
