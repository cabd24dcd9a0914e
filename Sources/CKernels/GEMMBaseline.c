// The portable GEMM tiles, for CPUs the other files do not cover (x86 without AVX2, ARM):
// plain loops the compiler vectorises for the baseline of the target, whatever it is.
#include "GEMMTiles.h"

#define DEFINE_TILE_BASELINE(name, T, NR, store_edge)                                        \
    static inline __attribute__((always_inline))                                             \
    void name(long kc, const T *a, long ars, long acs, const T *b, T *d, long ld, int overwrite) { \
        T t[MR * NR] = {0};                                                                  \
        for (long p = 0; p < kc; p++) {                                                      \
            for (int i = 0; i < MR; i++) {                                                   \
                T x = a[i * ars];                                                            \
                for (int j = 0; j < NR; j++) t[i * NR + j] += x * b[j];                      \
            }                                                                                \
            a += acs; b += NR;                                                               \
        }                                                                                    \
        store_edge(t, NR, d, ld, MR, NR, overwrite);                                         \
    }

DEFINE_TILE_BASELINE(tile_f32, float, ADJOINT_GEMM_NR_F32, store_edge_f32)
DEFINE_TILE_BASELINE(tile_f64, double, ADJOINT_GEMM_NR_F64, store_edge_f64)

/* Edges compute the whole tile: the portable build is the fallback, kept simple. */
#define tile_f32_edge(rows, kc, a, b, d, ld) tile_f32(kc, a, 1, MR, b, d, ld, 1)
#define tile_f64_edge(rows, kc, a, b, d, ld) tile_f64(kc, a, 1, MR, b, d, ld, 1)

void adjoint_gemm_f32_block_baseline(long kc, long mb, long nb, const float *a, const float *b,
                                     float *c, long ldc, int overwrite) {
    BLOCK_LOOP(float, ADJOINT_GEMM_NR_F32, tile_f32, tile_f32_edge, store_edge_f32)
}

void adjoint_gemm_f32_block_strided_baseline(long kc, long mb, long nb, const float *a, long ars, long acs,
                                             const float *b, float *c, long ldc, int overwrite) {
    STRIDED_BLOCK_LOOP(float, ADJOINT_GEMM_NR_F32, tile_f32, tile_f32_edge, store_edge_f32)
}

void adjoint_gemm_f64_block_baseline(long kc, long mb, long nb, const double *a, const double *b,
                                     double *c, long ldc, int overwrite) {
    BLOCK_LOOP(double, ADJOINT_GEMM_NR_F64, tile_f64, tile_f64_edge, store_edge_f64)
}

void adjoint_gemm_f64_block_strided_baseline(long kc, long mb, long nb, const double *a, long ars, long acs,
                                             const double *b, double *c, long ldc, int overwrite) {
    STRIDED_BLOCK_LOOP(double, ADJOINT_GEMM_NR_F64, tile_f64, tile_f64_edge, store_edge_f64)
}
