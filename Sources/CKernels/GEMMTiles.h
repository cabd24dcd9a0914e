// What the per-ISA GEMM files share: the loop over the tiles of a packed block, and the copy
// of an edge tile (computed whole into a stack buffer) into the valid part of C.
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

/// The body of a block function: B micro-panel outer, A micro-panel inner, so one kc x NR
/// panel of B (32 KB at kc = 256) stays in L1 while the A block streams past it from L2.
#define BLOCK_LOOP(NR, tile)                                                                 \
    for (long jr = 0; jr < nb; jr += NR) {                                                   \
        long cols = nb - jr < NR ? nb - jr : NR;                                             \
        for (long ir = 0; ir < mb; ir += MR) {                                               \
            long rows = mb - ir < MR ? mb - ir : MR;                                         \
            tile(kc, a + ir * kc, b + jr * kc, c + ir * ldc + jr, ldc, rows, cols, overwrite); \
        }                                                                                    \
    }

void adjoint_gemm_f32_block_baseline(long kc, long mb, long nb, const float *a, const float *b,
                                     float *c, long ldc, int overwrite);
void adjoint_gemm_f64_block_baseline(long kc, long mb, long nb, const double *a, const double *b,
                                     double *c, long ldc, int overwrite);
#if defined(__x86_64__)
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
