/* simd.h - the wide form of the 64-byte scans: AVX-512BW, picked at run
 * time where the processor has it.
 *
 * The scans that class a text's bytes (the tokenizer's blocks, the
 * sentence splitter's stops, UTF-8 validation, the code-point index, the
 * regex gates' lowered copy) work on 64 bytes as 64 bits.  SSE2, which every x86-64 has, builds
 * those bits 16 bytes at a time, with a movemask and a shift for each
 * class; AVX-512BW compares 64 bytes into a 64-bit mask at once, which
 * was a sixth of the loading and tokenizing time on 100 MB of man pages.
 * Each wide function has a narrow twin that gives the same answer, and
 * the callers say which one to use (`wide`), so that tests compare the
 * two on the same input.
 *
 * The choice is libgcc's record of the processor (__builtin_cpu_supports,
 * which also checks that the system saves the 512-bit registers), read,
 * never written, here: no state of ours. */
#ifndef GRILLE_SIMD_H
#define GRILLE_SIMD_H

#if defined(__x86_64__) && defined(__GNUC__) && defined(__SSE2__) && \
    (defined(__clang__) ? __clang_major__ >= 8 : __GNUC__ >= 8)
#include <immintrin.h>
#define SIMD_HAS_WIDE 1
/* a function built for AVX-512BW: call it only where simd_wide() */
#define SIMD_WIDE __attribute__((target("avx512bw")))
/* != 0: it answers with the feature's bit, not with 1 */
static inline int simd_wide(void) { return __builtin_cpu_supports("avx512bw") != 0; }
#else
#define SIMD_HAS_WIDE 0
static inline int simd_wide(void) { return 0; }
#endif

#endif
