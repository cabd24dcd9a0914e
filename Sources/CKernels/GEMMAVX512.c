// The AVX-512 GEMM tiles: 12 rows by two 512-bit vectors (12 x 32 Float, 12 x 16 Double).
// 24 accumulators, two B vectors and a broadcast A element use 27 of the 32 zmm registers, so
// nothing spills; each k step issues 24 independent FMAs, more than the 2 pipes x 4 cycles of
// latency need in flight, against 2 vector loads and 12 broadcasts.
#if defined(__x86_64__)
#include <immintrin.h>
#include "GEMMTiles.h"

#define AVX512 __attribute__((target("avx512f")))

#define DEFINE_TILE_512(name, T, V, NR, W, set1, fmadd, loadu, storeu, add, zero)              \
    AVX512 static inline void name##_row(T *d, V lo, V hi, int overwrite) {                     \
        if (overwrite) { storeu(d, lo); storeu(d + W, hi); }                                     \
        else { storeu(d, add(loadu(d), lo)); storeu(d + W, add(loadu(d + W), hi)); }            \
    }                                                                                            \
    /* op(A)(i, p) is a[i * ars + p * acs]: (1, MR) for a packed panel. Always inlined, so each \
       call site's constant stride gives the packed panel's plain displacements. */             \
    AVX512 static inline __attribute__((always_inline))                                          \
    void name(long kc, const T *a, long ars, long acs, const T *b, T *d, long ld, int ow) {      \
        V r0a = zero(), r0b = zero(), r1a = zero(), r1b = zero(), r2a = zero(), r2b = zero();    \
        V r3a = zero(), r3b = zero(), r4a = zero(), r4b = zero(), r5a = zero(), r5b = zero();    \
        V r6a = zero(), r6b = zero(), r7a = zero(), r7b = zero(), r8a = zero(), r8b = zero();    \
        V r9a = zero(), r9b = zero(), r10a = zero(), r10b = zero(), r11a = zero(), r11b = zero();\
        /* Fetch C's rows while the k loop runs: C is swept once per kc block and is seldom \
           still cached (its misses were about a tenth of a 1024^3 product). */                  \
        for (int i = 0; i < MR; i++) {                                                           \
            _mm_prefetch((const char *)(d + i * ld), _MM_HINT_T0);                               \
            _mm_prefetch((const char *)(d + i * ld + W), _MM_HINT_T0);                           \
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
            x = set1(a[6 * ars]); r6a = fmadd(x, b0, r6a); r6b = fmadd(x, b1, r6b);                    \
            x = set1(a[7 * ars]); r7a = fmadd(x, b0, r7a); r7b = fmadd(x, b1, r7b);                    \
            x = set1(a[8 * ars]); r8a = fmadd(x, b0, r8a); r8b = fmadd(x, b1, r8b);                    \
            x = set1(a[9 * ars]); r9a = fmadd(x, b0, r9a); r9b = fmadd(x, b1, r9b);                    \
            x = set1(a[10 * ars]); r10a = fmadd(x, b0, r10a); r10b = fmadd(x, b1, r10b);               \
            x = set1(a[11 * ars]); r11a = fmadd(x, b0, r11a); r11b = fmadd(x, b1, r11b);               \
            a += acs; b += NR;                                                                   \
        }                                                                                        \
        name##_row(d, r0a, r0b, ow); name##_row(d + ld, r1a, r1b, ow);                           \
        name##_row(d + 2 * ld, r2a, r2b, ow); name##_row(d + 3 * ld, r3a, r3b, ow);              \
        name##_row(d + 4 * ld, r4a, r4b, ow); name##_row(d + 5 * ld, r5a, r5b, ow);              \
        name##_row(d + 6 * ld, r6a, r6b, ow); name##_row(d + 7 * ld, r7a, r7b, ow);              \
        name##_row(d + 8 * ld, r8a, r8b, ow); name##_row(d + 9 * ld, r9a, r9b, ow);              \
        name##_row(d + 10 * ld, r10a, r10b, ow); name##_row(d + 11 * ld, r11a, r11b, ow);        \
    }

/* The first R rows of a tile, stored at `d` (rows `ld` apart): the edge tiles of 4 and 8 rows,
   with 8 and 16 accumulators, the fewest that still cover the FMA latency. */
#define DEFINE_TILE_512_ROWS(name, R, T, V, NR, W, set1, fmadd, loadu, storeu, zero)            \
    AVX512 static void name(long kc, const T *a, const T *b, T *d, long ld) {                    \
        V lo[R], hi[R];                                                                          \
        for (int i = 0; i < R; i++) { lo[i] = zero(); hi[i] = zero(); }                          \
        for (long p = 0; p < kc; p++) {                                                          \
            V b0 = loadu(b), b1 = loadu(b + W);                                                  \
            for (int i = 0; i < R; i++) {                                                        \
                V x = set1(a[i]);                                                                \
                lo[i] = fmadd(x, b0, lo[i]);                                                     \
                hi[i] = fmadd(x, b1, hi[i]);                                                     \
            }                                                                                    \
            a += MR; b += NR;                                                                    \
        }                                                                                        \
        for (int i = 0; i < R; i++) { storeu(d + i * ld, lo[i]); storeu(d + i * ld + W, hi[i]); }\
    }

#define DEFINE_TILES_512(name, T, V, NR, W, set1, fmadd, loadu, storeu, add, zero)              \
    DEFINE_TILE_512(name, T, V, NR, W, set1, fmadd, loadu, storeu, add, zero)                   \
    DEFINE_TILE_512_ROWS(name##_4, 4, T, V, NR, W, set1, fmadd, loadu, storeu, zero)            \
    DEFINE_TILE_512_ROWS(name##_8, 8, T, V, NR, W, set1, fmadd, loadu, storeu, zero)            \
    AVX512 static void name##_edge(long rows, long kc, const T *a, const T *b, T *d, long ld) {  \
        if (rows <= 4) name##_4(kc, a, b, d, ld);                                                \
        else if (rows <= 8) name##_8(kc, a, b, d, ld);                                           \
        else name(kc, a, 1, MR, b, d, ld, 1);                                                    \
    }

DEFINE_TILES_512(tile_f32, float, __m512, ADJOINT_GEMM_NR_F32, 16, _mm512_set1_ps, _mm512_fmadd_ps,
                 _mm512_loadu_ps, _mm512_storeu_ps, _mm512_add_ps, _mm512_setzero_ps)
DEFINE_TILES_512(tile_f64, double, __m512d, ADJOINT_GEMM_NR_F64, 8, _mm512_set1_pd, _mm512_fmadd_pd,
                 _mm512_loadu_pd, _mm512_storeu_pd, _mm512_add_pd, _mm512_setzero_pd)

AVX512 void adjoint_gemm_f32_block_avx512(long kc, long mb, long nb, const float *a, const float *b,
                                          float *c, long ldc, int overwrite) {
    BLOCK_LOOP(float, ADJOINT_GEMM_NR_F32, tile_f32, tile_f32_edge, store_edge_f32)
}

AVX512 void adjoint_gemm_f32_block_strided_avx512(long kc, long mb, long nb, const float *a, long ars, long acs,
                                                  const float *b, float *c, long ldc, int overwrite) {
    STRIDED_BLOCK_LOOP(float, ADJOINT_GEMM_NR_F32, tile_f32, tile_f32_edge, store_edge_f32)
}

AVX512 void adjoint_gemm_f64_block_avx512(long kc, long mb, long nb, const double *a, const double *b,
                                          double *c, long ldc, int overwrite) {
    BLOCK_LOOP(double, ADJOINT_GEMM_NR_F64, tile_f64, tile_f64_edge, store_edge_f64)
}

AVX512 void adjoint_gemm_f64_block_strided_avx512(long kc, long mb, long nb, const double *a, long ars, long acs,
                                                  const double *b, double *c, long ldc, int overwrite) {
    STRIDED_BLOCK_LOOP(double, ADJOINT_GEMM_NR_F64, tile_f64, tile_f64_edge, store_edge_f64)
}
#endif
