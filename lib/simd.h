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
/* a function built for AVX-512BW: call it only where simd_wide().  With
 * BMI1, BMI2 and POPCNT too, which every processor with AVX-512BW has:
 * the bit loops over the masks (tzcnt, shlx, andn) took about 1% less
 * time on man pages with 500 entries. */
#define SIMD_WIDE __attribute__((target("avx512bw,bmi,bmi2,popcnt")))
/* (each __builtin_cpu_supports() answers with the feature's bit, not 1;
 * clang 14 knows no "lzcnt" there, so it is not asked for) */
static inline int simd_wide(void) {
    return __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
           __builtin_cpu_supports("popcnt");
}
#else
#define SIMD_HAS_WIDE 0
static inline int simd_wide(void) { return 0; }
#endif

#endif
