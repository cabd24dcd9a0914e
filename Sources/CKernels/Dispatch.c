// Picks the kernels for the running CPU once, on first use.
#include <stdatomic.h>
#include "GEMMTiles.h"

adjoint_isa adjoint_isa_detected(void) {
#if defined(__x86_64__)
    // The compiler's cpuid check also asks the OS (xgetbv) whether it saves the vector state.
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return ADJOINT_ISA_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return ADJOINT_ISA_AVX2;
#endif
    return ADJOINT_ISA_BASELINE;
}

/// The selected ISA plus one, so that 0 means "not chosen yet".
static _Atomic int selected;

adjoint_isa adjoint_isa_selected(void) {
    int s = atomic_load_explicit(&selected, memory_order_relaxed);
    if (s == 0) {
        s = (int)adjoint_isa_detected() + 1;
        atomic_store_explicit(&selected, s, memory_order_relaxed);
    }
    return (adjoint_isa)(s - 1);
}

int adjoint_isa_select(adjoint_isa isa) {
    if (isa < ADJOINT_ISA_BASELINE || isa > adjoint_isa_detected()) return 0;
    atomic_store_explicit(&selected, (int)isa + 1, memory_order_relaxed);
    return 1;
}

/// `name(params)` calls `name_avx512`, `name_avx2` or `name_baseline(args)`, as selected.
#if defined(__x86_64__)
#define DISPATCH(name, params, args)                                                         \
    void name params {                                                                       \
        switch (adjoint_isa_selected()) {                                                    \
        case ADJOINT_ISA_AVX512: name##_avx512 args; return;                                 \
        case ADJOINT_ISA_AVX2: name##_avx2 args; return;                                     \
        default: name##_baseline args; return;                                               \
        }                                                                                    \
    }
#else
#define DISPATCH(name, params, args) void name params { name##_baseline args; }
#endif

DISPATCH(adjoint_gemm_f32_block,
         (long kc, long mb, long nb, const float *a, const float *b, float *c, long ldc, int overwrite),
         (kc, mb, nb, a, b, c, ldc, overwrite))
DISPATCH(adjoint_gemm_f64_block,
         (long kc, long mb, long nb, const double *a, const double *b, double *c, long ldc, int overwrite),
         (kc, mb, nb, a, b, c, ldc, overwrite))
DISPATCH(adjoint_gemm_f32_block_strided,
         (long kc, long mb, long nb, const float *a, long ars, long acs, const float *b, float *c, long ldc,
          int overwrite),
         (kc, mb, nb, a, ars, acs, b, c, ldc, overwrite))
DISPATCH(adjoint_gemm_f64_block_strided,
         (long kc, long mb, long nb, const double *a, long ars, long acs, const double *b, double *c, long ldc,
          int overwrite),
         (kc, mb, nb, a, ars, acs, b, c, ldc, overwrite))
