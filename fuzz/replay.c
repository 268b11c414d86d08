/* replay.c - runs a fuzz target without libFuzzer: each file given, then
 * deterministic mutations of it (byte flips, truncations, insertions of
 * bytes that matter to grille), so `make check` exercises the target
 * under the sanitizers.  Usage: replay [-n MUTATIONS] FILE... */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint64_t rng = 88172645463325252ULL;
static uint64_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static const char *const tokens[] = {"\xC3",
                                     "\xE2\x80\x99",
                                     "\n",
                                     ":",
                                     " : ",
                                     "---\n",
                                     "****",
                                     "<",
                                     ">",
                                     "&",
                                     "\"",
                                     "(",
                                     ")",
                                     "[",
                                     "]",
                                     "*",
                                     ".",
                                     "·",
                                     "\0",
                                     "\xFF",
                                     "<!ENTITY a SYSTEM \"file:///etc/passwd\">",
                                     "<theme id=\"x\">",
                                     "</theme>",
                                     "(a+)+$",
                                     "euh",
                                     "l'"};

static void mutate(uint8_t *buf, size_t *len, size_t cap) {
    switch (next() % 4) {
    case 0:
        if (*len) buf[next() % *len] ^= (uint8_t)(1u << (next() % 8));
        break;
    case 1:
        if (*len) *len = next() % *len;
        break;
    case 2: {
        const char *t = tokens[next() % (sizeof tokens / sizeof tokens[0])];
        size_t n = strlen(t) ? strlen(t) : 1, at = *len ? next() % *len : 0;
        if (*len + n > cap) break;
        memmove(buf + at + n, buf + at, *len - at);
        memcpy(buf + at, t, n);
        *len += n;
        break;
    }
    default:
        if (*len > 1) {
            size_t a = next() % *len, b = next() % *len;
            uint8_t c = buf[a];
            buf[a] = buf[b];
            buf[b] = c;
        }
    }
}

int main(int argc, char **argv) {
    int mutations = 200, first = 1;
    if (argc > 2 && strcmp(argv[1], "-n") == 0) {
        mutations = atoi(argv[2]);
        first = 3;
    }
    size_t runs = 0;
    for (int i = first; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            fprintf(stderr, "replay: cannot open %s\n", argv[i]);
            return 2;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        size_t cap = (size_t)n + 4096;
        uint8_t *orig = malloc((size_t)n + 1), *buf = malloc(cap);
        if (!orig || !buf || fread(orig, 1, (size_t)n, f) != (size_t)n) return 2;
        fclose(f);
        LLVMFuzzerTestOneInput(orig, (size_t)n);
        runs++;
        for (int m = 0; m < mutations; m++) {
            size_t len = (size_t)n;
            memcpy(buf, orig, len);
            int k = 1 + (int)(next() % 4);
            while (k--) mutate(buf, &len, cap);
            /* an exact-size copy, so ASan sees reads past the end */
            uint8_t *exact = malloc(len ? len : 1);
            memcpy(exact, buf, len);
            LLVMFuzzerTestOneInput(exact, len);
            free(exact);
            runs++;
        }
        free(orig);
        free(buf);
    }
    printf("replay: %zu inputs, 0 crashes\n", runs);
    return 0;
}
