// The AVX2 + FMA GEMM tiles, for x86 CPUs without AVX-512. They read the same packed panels
// as the AVX-512 tiles (12 x 32 Float, 12 x 16 Double) but, with 16 ymm registers, compute
// them as four sub-tiles of 6 rows by two 256-bit vectors: 12 accumulators, two B vectors and
// a broadcast, so nothing spills; the panels stay in L1 between the four passes.
#if defined(__x86_64__)
#include <immintrin.h>
#include "GEMMTiles.h"

#define AVX2 __attribute__((target("avx2,fma")))

#define DEFINE_TILE_256(name, T, V, NR, W, set1, fmadd, loadu, storeu, add, zero)              \
    AVX2 static inline void name##_row(T *d, V lo, V hi, int overwrite) {                       \
        if (overwrite) { storeu(d, lo); storeu(d + W, hi); }                                     \
        else { storeu(d, add(loadu(d), lo)); storeu(d + W, add(loadu(d + W), hi)); }            \
    }                                                                                            \
    /* Rows 0..<6 and columns 0..<2W of the panels `a` and `b` point into; op(A)(i, p) is      \
       a[i * ars + p * acs], (1, MR) for a packed panel. */                                    \
    AVX2 static inline __attribute__((always_inline))                                            \
    void name##_part(long kc, const T *a, long ars, long acs, const T *b, T *d, long ld, int ow) { \
        V r0a = zero(), r0b = zero(), r1a = zero(), r1b = zero(), r2a = zero(), r2b = zero();    \
        V r3a = zero(), r3b = zero(), r4a = zero(), r4b = zero(), r5a = zero(), r5b = zero();    \
        /* Fetch C's rows while the k loop runs: C is swept once per kc block and is seldom \
           still cached (its misses were about a tenth of a 1024^3 product). */                  \
        for (int i = 0; i < 6; i++) {                                                            \
            _mm_prefetch((const char *)(d + i * ld), _MM_HINT_T0);                               \
            _mm_prefetch((const char *)(d + i * ld + 2 * W - 1), _MM_HINT_T0);                   \
        }                                                                                        \
        for (long p = 0; p < kc; p++) {                                                          \
            V b0 = loadu(b), b1 = loadu(b + W), x;                                               \
            x = set1(a[0 * ars]); r0a = fmadd(x, b0, r0a); r0b = fmadd(x, b1, r0b);                    \
            x = set1(a[1 * ars]); r1a = fmadd(x, b0, r1a); r1b = fmadd(x, b1, r1b);                    \
            x = set1(a[2 * ars]); r2a = fmadd(x, b0, r2a); r2b = fmadd(x, b1, r2b);                    \
            x = set1(a[3 * ars]); r3a = fmadd(x, b0, r3a); r3b = fmadd(x, b1, r3b);                    \
            x = set1(a[4 * ars]); r4a = fmadd(x, b0, r4a); r4b = fmadd(x, b1, r4b);                    \
            x = set1(a[5 * ars]); r5a = fmadd(x, b0, r5a); r5b = fmadd(x, b1, r5b);                    \
            a += acs; b += NR;                                                                   \
        }                                                                                        \
        name##_row(d, r0a, r0b, ow); name##_row(d + ld, r1a, r1b, ow);                           \
        name##_row(d + 2 * ld, r2a, r2b, ow); name##_row(d + 3 * ld, r3a, r3b, ow);              \
        name##_row(d + 4 * ld, r4a, r4b, ow); name##_row(d + 5 * ld, r5a, r5b, ow);              \
    }                                                                                            \
    AVX2 static inline __attribute__((always_inline))                                            \
    void name(long kc, const T *a, long ars, long acs, const T *b, T *d, long ld, int ow) {      \
        for (int i = 0; i < MR; i += 6)                                                          \
            for (int j = 0; j < NR; j += 2 * W)                                                  \
                name##_part(kc, a + i * ars, ars, acs, b + j, d + i * ld + j, ld, ow);           \
    }                                                                                            \
    /* The 6-row sub-tiles that cover the first `rows` rows. */                                  \
    AVX2 static void name##_edge(long rows, long kc, const T *a, const T *b, T *d, long ld) {     \
        for (int i = 0; i < rows; i += 6)                                                        \
            for (int j = 0; j < NR; j += 2 * W)                                                  \
                name##_part(kc, a + i, 1, MR, b + j, d + i * ld + j, ld, 1);                     \
    }

DEFINE_TILE_256(tile_f32, float, __m256, ADJOINT_GEMM_NR_F32, 8, _mm256_set1_ps, _mm256_fmadd_ps,
                _mm256_loadu_ps, _mm256_storeu_ps, _mm256_add_ps, _mm256_setzero_ps)
DEFINE_TILE_256(tile_f64, double, __m256d, ADJOINT_GEMM_NR_F64, 4, _mm256_set1_pd, _mm256_fmadd_pd,
                _mm256_loadu_pd, _mm256_storeu_pd, _mm256_add_pd, _mm256_setzero_pd)

AVX2 void adjoint_gemm_f32_block_avx2(long kc, long mb, long nb, const float *a, const float *b,
                                      float *c, long ldc, int overwrite) {
    BLOCK_LOOP(float, ADJOINT_GEMM_NR_F32, tile_f32, tile_f32_edge, store_edge_f32)
}

AVX2 void adjoint_gemm_f32_block_strided_avx2(long kc, long mb, long nb, const float *a, long ars, long acs,
                                              const float *b, float *c, long ldc, int overwrite) {
    STRIDED_BLOCK_LOOP(float, ADJOINT_GEMM_NR_F32, tile_f32, tile_f32_edge, store_edge_f32)
}

AVX2 void adjoint_gemm_f64_block_avx2(long kc, long mb, long nb, const double *a, const double *b,
                                      double *c, long ldc, int overwrite) {
    BLOCK_LOOP(double, ADJOINT_GEMM_NR_F64, tile_f64, tile_f64_edge, store_edge_f64)
}

AVX2 void adjoint_gemm_f64_block_strided_avx2(long kc, long mb, long nb, const double *a, long ars, long acs,
                                              const double *b, double *c, long ldc, int overwrite) {
    STRIDED_BLOCK_LOOP(double, ADJOINT_GEMM_NR_F64, tile_f64, tile_f64_edge, store_edge_f64)
}
#endif
