// Packing that turns its operand around: op(A) with contiguous rows into MR-row panels, and
// op(B) stored transposed into NR-column panels. Both read `rows` memory rows of `len`
// contiguous elements and write them as panel columns. Swift SIMD code without target flags
// transposes with SSE2 shuffles, about three cycles an element; AVX2 transposes 8 x 8 Float
// (4 x 4 Double) blocks in registers.
#include "CKernels.h"

/// The portable version, element by element; also the ragged columns of the AVX2 version.
#define DEFINE_PACK_SCALAR(name, T)                                                          \
    static void name(long rows, long len, const T *src, long ld, long width, T *dst, long p0) { \
        for (long q0 = 0; q0 < rows; q0 += width) {                                          \
            long valid = rows - q0 < width ? rows - q0 : width;                              \
            T *panel = dst + q0 * len;                                                       \
            for (long p = p0; p < len; p++)                                                  \
                for (long t = 0; t < width; t++)                                             \
                    panel[p * width + t] = t < valid ? src[(q0 + t) * ld + p] : 0;           \
        }                                                                                    \
    }
DEFINE_PACK_SCALAR(pack_f32_scalar, float)
DEFINE_PACK_SCALAR(pack_f64_scalar, double)

#if defined(__x86_64__)
#include <immintrin.h>
#define AVX2 __attribute__((target("avx2,fma")))

/// Rows `t0 ..< t0 + 8` of the panel at `q0` (those past `valid` or the panel's `width` as
/// zeros), columns `p ..< p + 8`, transposed: `out[c]` is column `p + c`.
AVX2 static inline void transpose_f32(const float *src, long ld, long q0, long t0, long valid, long width, long p,
                                      __m256 out[8]) {
    __m256 r[8];
    for (int i = 0; i < 8; i++)
        r[i] = t0 + i < valid && t0 + i < width ? _mm256_loadu_ps(src + (q0 + t0 + i) * ld + p) : _mm256_setzero_ps();
    __m256 t[8], s[8];
    for (int i = 0; i < 4; i++) {
        t[2 * i] = _mm256_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm256_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    for (int h = 0; h < 2; h++) {
        s[4 * h] = _mm256_shuffle_ps(t[4 * h], t[4 * h + 2], _MM_SHUFFLE(1, 0, 1, 0));
        s[4 * h + 1] = _mm256_shuffle_ps(t[4 * h], t[4 * h + 2], _MM_SHUFFLE(3, 2, 3, 2));
        s[4 * h + 2] = _mm256_shuffle_ps(t[4 * h + 1], t[4 * h + 3], _MM_SHUFFLE(1, 0, 1, 0));
        s[4 * h + 3] = _mm256_shuffle_ps(t[4 * h + 1], t[4 * h + 3], _MM_SHUFFLE(3, 2, 3, 2));
    }
    for (int c = 0; c < 4; c++) {
        out[c] = _mm256_permute2f128_ps(s[c], s[c + 4], 0x20);
        out[c + 4] = _mm256_permute2f128_ps(s[c], s[c + 4], 0x31);
    }
}

AVX2 static void pack_f32_avx2(long rows, long len, const float *src, long ld, long width, float *dst) {
    long whole = len / 8 * 8;
    for (long q0 = 0; q0 < rows; q0 += width) {
        long valid = rows - q0 < width ? rows - q0 : width;
        float *panel = dst + q0 * len;
        for (long p = 0; p < whole; p += 8) {
            for (long t0 = 0; t0 < width; t0 += 8) {
                __m256 out[8];
                transpose_f32(src, ld, q0, t0, valid, width, p, out);
                // A 12-row panel ends in half a block: its last four rows.
                if (width - t0 >= 8) {
                    for (int c = 0; c < 8; c++) _mm256_storeu_ps(panel + (p + c) * width + t0, out[c]);
                } else {
                    for (int c = 0; c < 8; c++) _mm_storeu_ps(panel + (p + c) * width + t0, _mm256_castps256_ps128(out[c]));
                }
            }
        }
    }
    if (whole < len) pack_f32_scalar(rows, len, src, ld, width, dst, whole);
}

/// Rows `t0 ..< t0 + 4`, columns `p ..< p + 4`, transposed (rows past `valid` as zeros).
AVX2 static inline void transpose_f64(const double *src, long ld, long q0, long t0, long valid, long p, __m256d out[4]) {
    __m256d r[4];
    for (int i = 0; i < 4; i++)
        r[i] = t0 + i < valid ? _mm256_loadu_pd(src + (q0 + t0 + i) * ld + p) : _mm256_setzero_pd();
    __m256d t0v = _mm256_unpacklo_pd(r[0], r[1]), t1v = _mm256_unpackhi_pd(r[0], r[1]);
    __m256d t2v = _mm256_unpacklo_pd(r[2], r[3]), t3v = _mm256_unpackhi_pd(r[2], r[3]);
    out[0] = _mm256_permute2f128_pd(t0v, t2v, 0x20);
    out[1] = _mm256_permute2f128_pd(t1v, t3v, 0x20);
    out[2] = _mm256_permute2f128_pd(t0v, t2v, 0x31);
    out[3] = _mm256_permute2f128_pd(t1v, t3v, 0x31);
}

AVX2 static void pack_f64_avx2(long rows, long len, const double *src, long ld, long width, double *dst) {
    long whole = len / 4 * 4;
    for (long q0 = 0; q0 < rows; q0 += width) {
        long valid = rows - q0 < width ? rows - q0 : width;
        double *panel = dst + q0 * len;
        for (long p = 0; p < whole; p += 4) {
            for (long t0 = 0; t0 < width; t0 += 4) {
                __m256d out[4];
                transpose_f64(src, ld, q0, t0, valid, p, out);
                for (int c = 0; c < 4; c++) _mm256_storeu_pd(panel + (p + c) * width + t0, out[c]);
            }
        }
    }
    if (whole < len) pack_f64_scalar(rows, len, src, ld, width, dst, whole);
}
#endif

// AVX-512 CPUs run the AVX2 version: packing is a small part of a product's time.
void adjoint_gemm_f32_pack_transposed(long rows, long len, const float *src, long ld, long width, float *dst) {
#if defined(__x86_64__)
    if (adjoint_isa_selected() >= ADJOINT_ISA_AVX2) { pack_f32_avx2(rows, len, src, ld, width, dst); return; }
#endif
    pack_f32_scalar(rows, len, src, ld, width, dst, 0);
}

void adjoint_gemm_f64_pack_transposed(long rows, long len, const double *src, long ld, long width, double *dst) {
#if defined(__x86_64__)
    if (adjoint_isa_selected() >= ADJOINT_ISA_AVX2) { pack_f64_avx2(rows, len, src, ld, width, dst); return; }
#endif
    pack_f64_scalar(rows, len, src, ld, width, dst, 0);
}
