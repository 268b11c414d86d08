/* fuzz_vtt.c - libFuzzer target: any bytes as WebVTT subtitles.  Must
 * never crash, hang or leak; see fuzz_source.h for what is checked. */
#include "fuzz_source.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    fuzz_read_with_head(source_read_vtt, "fuzz.vtt", "WEBVTT\n\n", data, size);
    return 0;
}
