/* fuzz_srt.c - libFuzzer target: any bytes as SubRip subtitles.  Must
 * never crash, hang or leak; see fuzz_source.h for what is checked. */
#include "fuzz_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_read_with_head(source_read_srt, "fuzz.srt", "1\n00:00:01,000 --> 00:00:02,000\n", data, size);
    return 0;
}
