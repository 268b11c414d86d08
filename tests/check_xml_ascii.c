/* check_xml_ascii.c - the all-ASCII copy libxml2 parses fast (xml_ascii.h):
 * exact round trips, the documents it must leave alone, and a streaming
 * parse that hands the readers the same events as a parse of the
 * original, falls back on it, and reports the original's errors. */
#include "testutil.h"
#include "internal.h"
#include "xml_ascii.h"
#include "xml_prune.h"
#include "xmlsafe.h"
#include "source.h"
#include "zipread.h"

/* The escaped copy of a whole document; *rc 1, or 0 when it is to be
 * parsed as it is. */
static char *encode(const char *xml, int *rc, size_t *len, int *in_markup) {
    xml_ascii_stream st = {0};
    gbuf out = {0};
    long used = xml_ascii_encode_piece(&st, xml, strlen(xml), 1, &out);
    ck_assert_int_ne(used, -1);
    *rc = used >= 0;
    *in_markup = st.in_markup;
    *len = out.len;
    if (used < 0) {
        gbuf_free(&out);
        return NULL;
    }
    ck_assert_uint_eq((size_t)used, strlen(xml));
    gbuf_putc(&out, 0);
    return out.data;
}

/* The same, from pieces of `step` bytes fed as a reader would: what was
 * not consumed comes again, with the next piece. */
static char *encode_in_pieces(const char *xml, size_t step, int *rc, int *in_markup) {
    xml_ascii_stream st = {0};
    gbuf out = {0}, raw = {0};
    size_t n = strlen(xml), at = 0;
    *rc = 1;
    for (;;) {
        size_t k = n - at < step ? n - at : step;
        gbuf_append(&raw, xml + at, k);
        at += k;
        int last = at == n;
        long used = xml_ascii_encode_piece(&st, raw.data, raw.len, last, &out);
        if (used < 0) {
            *rc = 0;
            break;
        }
        memmove(raw.data, raw.data + used, raw.len - (size_t)used);
        raw.len -= (size_t)used;
        if (last) {
            ck_assert_uint_eq(raw.len, 0);
            break;
        }
    }
    *in_markup = st.in_markup;
    gbuf_free(&raw);
    gbuf_putc(&out, 0);
    return out.data;
}

/* Decodes in pieces of `step` bytes, as libxml2 may hand text over. */
static char *decode_in_pieces(const char *in, size_t len, size_t step, size_t cap) {
    char *out = malloc(len + 1), buf[64];
    size_t o = 0;
    xml_ascii_state st = {0, 0};
    for (size_t at = 0; at < len;) {
        size_t piece = len - at < step ? len - at : step, done = 0;
        while (done < piece) {
            size_t used, n = xml_ascii_decode(&st, in + at + done, piece - done, buf, cap, &used);
            memcpy(out + o, buf, n);
            o += n;
            done += used;
        }
        at += piece;
    }
    ck_assert_uint_eq(st.pending, 0);
    out[o] = 0;
    return out;
}

START_TEST(test_round_trip) {
    const char *xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><d a=\"x\"><t>Élue à la santé — « CLS » 😀 œ</t></d>";
    int rc, in_markup;
    size_t len;
    char *e = encode(xml, &rc, &len, &in_markup);
    ck_assert_int_eq(rc, 1);
    for (size_t i = 0; i < len; i++) ck_assert_int_lt((unsigned char)e[i], 0x80);
    ck_assert_ptr_nonnull(strstr(e, "<t>\x7F"
                                    "C3\x7F"
                                    "89lue")); /* É */
    ck_assert_int_eq(in_markup, 0);            /* every escape is followed by '<' first */
    /* any piece size, any output room: the same bytes back */
    for (size_t step = 1; step <= len; step++)
        for (size_t cap = 1; cap <= 5; cap += 4) {
            char *d = decode_in_pieces(e, len, step, cap);
            ck_assert_str_eq(d, xml);
            free(d);
        }
    free(e);
}
END_TEST

START_TEST(test_bom_dropped) {
    int rc, in_markup;
    size_t len;
    char *e = encode("\xEF\xBB\xBF<d>été</d>", &rc, &len, &in_markup);
    ck_assert_int_eq(rc, 1);
    ck_assert(len > 3 && memcmp(e, "<d>", 3) == 0);
    free(e);
}
END_TEST

START_TEST(test_left_alone) {
    /* each of these must be parsed as written: escaping would change
     * what libxml2 says of them */
    static const char *const cases[] = {
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><d>\xE9t\xE9</d>", /* another encoding */
        "<?xml version='1.0' encoding='windows-1252'?><d>été</d>",
        "<d>\xE9t\xE9</d>", /* not UTF-8 */
        "<d>a\xC3</d>",     /* truncated sequence */
        "<d>été\x7F</d>",   /* DEL */
        "<d>été&#127;</d>",
        "<d>été&#x7f;</d>",
        "<d>été&#x007F;</d>", /* references to DEL */
        "<d>été\xEF\xBF\xBE</d>",
        "<d>été\xEF\xBF\xBF</d>", /* U+FFFE, U+FFFF */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int rc, in_markup;
        size_t len;
        char *e = encode(cases[i], &rc, &len, &in_markup);
        ck_assert_msg(rc == 0, "case %zu was escaped", i);
        ck_assert_ptr_null(e);
    }
    /* references to other characters are fine */
    int rc, in_markup;
    size_t len;
    char *e = encode("<d>été&#233;&#x80;&amp;</d>", &rc, &len, &in_markup);
    ck_assert_int_eq(rc, 1);
    free(e);
}
END_TEST

/* Any cut into pieces gives the copy of the whole, and the same verdicts. */
START_TEST(test_pieces) {
    static const char *const docs[] = {
        "\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><d a=\"é\">Élue &#233;&amp;&#x80; « CLS » 😀 œ</d>",
        "<d><w:ins w:author=\"Hélène\">x</w:ins>é > e &#x1F600;</d>",
        "<d>plain ASCII &lt; only</d>",
        "<d>été&#127;</d>",
        "<d>été&#x0000007F;</d>",
        "<d>été\x7F</d>",
        "<d>a\xC3</d>",
        "<d>é\xC3x</d>",
        "<d>&#00000000000000000000000000000000000000233;é</d>", /* too long to carry: left alone */
    };
    for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
        int rc, in_markup;
        size_t len;
        char *whole = encode(docs[d], &rc, &len, &in_markup);
        for (size_t step = 1; step <= strlen(docs[d]); step++) {
            int rc2, in_markup2;
            char *cut = encode_in_pieces(docs[d], step, &rc2, &in_markup2);
            ck_assert_msg(rc2 == rc, "document %zu, pieces of %zu: verdict %d, whole %d", d, step, rc2, rc);
            if (rc) {
                ck_assert_str_eq(cut, whole);
                ck_assert_int_eq(in_markup2, in_markup);
            }
            free(cut);
        }
        free(whole);
    }
    /* all ASCII: the same bytes */
    int rc, in_markup;
    size_t len;
    char *e = encode("<d>plain ASCII</d>", &rc, &len, &in_markup);
    ck_assert_int_eq(rc, 1);
    ck_assert_str_eq(e, "<d>plain ASCII</d>");
    free(e);
}
END_TEST

START_TEST(test_in_markup) {
    int rc, in_markup;
    size_t len;
    char *e = encode("<d><w:ins w:author=\"Hélène\">x</w:ins></d>", &rc, &len, &in_markup);
    ck_assert_int_eq(rc, 1);
    ck_assert_int_eq(in_markup, 1);
    free(e);
    /* a '>' in text after an accent: told conservatively */
    e = encode("<d>é > e</d>", &rc, &len, &in_markup);
    ck_assert_int_eq(rc, 1);
    ck_assert_int_eq(in_markup, 1);
    free(e);
}
END_TEST

/* ------------------------------------------------------------------ */
/* streaming: the same events either way                               */

typedef struct recorder {
    gbuf out;
    int restarts;
} recorder;

static int rec_start(void *user, const char *local, const char *uri, int nattr, const char **attrs) {
    recorder *r = user;
    gbuf_printf(&r->out, "<%s {%s}", local, uri ? uri : "");
    for (int i = 0; i < nattr; i++)
        gbuf_printf(&r->out, " %s=\"%.*s\"", attrs[5 * i], (int)(attrs[5 * i + 4] - attrs[5 * i + 3]),
                    attrs[5 * i + 3]);
    gbuf_putc(&r->out, '>');
    return GRILLE_OK;
}

static int rec_end(void *user, const char *local, const char *uri) {
    (void)uri;
    gbuf_printf(&((recorder *)user)->out, "</%s>", local);
    return GRILLE_OK;
}

static int rec_text(void *user, const char *text, size_t len) {
    gbuf_append(&((recorder *)user)->out, text, len);
    return GRILLE_OK;
}

static int rec_restart(void *user) {
    recorder *r = user;
    r->out.len = 0;
    r->restarts++;
    return GRILLE_OK;
}

/* Parses xml with the escaped copy (fast) or without (slow). */
static int stream(const char *xml, size_t len, int fast, recorder *r, grille_error *err) {
    static const xmlsafe_events slow_events = {rec_start, rec_end, rec_text, NULL, NULL};
    static const xmlsafe_events fast_events = {rec_start, rec_end, rec_text, rec_restart, NULL};
    memset(r, 0, sizeof *r);
    int rc = xmlsafe_stream_xml(xml, len, "t.docx", "word/document.xml", fast ? &fast_events : &slow_events, r, err);
    gbuf_putc(&r->out, 0);
    return rc;
}

static void same_events(const char *xml, size_t len, int restarts) {
    recorder fast, slow;
    grille_error e1, e2;
    int rc1 = stream(xml, len, 1, &fast, &e1), rc2 = stream(xml, len, 0, &slow, &e2);
    ck_assert_int_eq(rc1, rc2);
    if (rc2) {
        ck_assert_str_eq(e1.message, e2.message);
        ck_assert_uint_eq(e1.line, e2.line);
        ck_assert_uint_eq(e1.column, e2.column);
    } else ck_assert_str_eq(fast.out.data, slow.out.data);
    ck_assert_int_eq(fast.restarts, restarts);
    /* read in small pieces (as an archive's entry inflates), formatting
     * left out or not: the same */
    static const xmlsafe_events fast_events = {rec_start, rec_end, rec_text, rec_restart, NULL};
    static const char *const none[] = {"nothing-here", NULL};
    static const xmlsafe_events pruning = {rec_start, rec_end, rec_text, rec_restart, none};
    static const size_t sizes[] = {1, 5, 64, 4096};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++)
        for (int prune = 0; prune < 2; prune++) {
            xmlsafe_memory in;
            xmlsafe_input input = xmlsafe_memory_input(&in, xml, len, sizes[k]);
            recorder r;
            grille_error e3;
            memset(&r, 0, sizeof r);
            int rc3 =
                xmlsafe_stream_input(&input, "t.docx", "word/document.xml", prune ? &pruning : &fast_events, &r, &e3);
            gbuf_putc(&r.out, 0);
            ck_assert_int_eq(rc3, rc2);
            if (rc2) {
                ck_assert_str_eq(e3.message, e2.message);
                ck_assert_uint_eq(e3.line, e2.line);
                ck_assert_uint_eq(e3.column, e2.column);
            } else ck_assert_msg(strcmp(r.out.data, slow.out.data) == 0, "pieces of %zu: %s", sizes[k], r.out.data);
            ck_assert_msg(r.restarts == restarts, "pieces of %zu, prune %d: %d restarts (%s)", sizes[k], prune,
                          r.restarts, r.out.data);
            gbuf_free(&r.out);
        }
    gbuf_free(&fast.out);
    gbuf_free(&slow.out);
}
#define SAME(xml, restarts) same_events(xml, strlen(xml), restarts)

START_TEST(test_stream_same) {
    SAME("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
         "<w:document xmlns:w=\"urn:w\"><w:body><w:p><w:r><w:t xml:space=\"preserve\">Élue à la santé, "
         "l’ARS &amp; le « CLS » &#233;&#x1F600;</w:t></w:r></w:p>"
         "<w:ins w:author=\"Hélène Dupré\" w:date=\"2025\"><w:t>ajouté</w:t></w:ins>"
         "<!-- un commentaire \" > é --><?pi é?><w:t><![CDATA[données <brutes> é]]></w:t>"
         "<w:t>ligne\r\nsuivante é\rfin</w:t></w:body></w:document>",
         0);
}
END_TEST

START_TEST(test_stream_long_text) {
    /* a text node of 20 kB with accents: decoded in several pieces */
    gbuf b = {0};
    gbuf_printf(&b, "<d><t>");
    for (int i = 0; i < 1000; i++) gbuf_printf(&b, "préfète n°%d ; ", i);
    gbuf_printf(&b, "</t></d>");
    same_events(b.data, b.len, 0);
    gbuf_free(&b);
}
END_TEST

START_TEST(test_stream_fallback) {
    /* XML allows accented names; the escaped copy cannot have them: the
     * original is parsed after a restart, with the same result */
    SAME("<d><élément attr=\"é\">texte é</élément></d>", 1);
    /* libxml2 checks namespace URIs, and an escaped one is not valid */
    SAME("<d xmlns:x=\"urn:é\"><x:e x:a=\"é\">é</x:e></d>", 1);
    /* not well-formed: the original's error, with its line and column */
    SAME("<d>\n  <t>été</t>\n  <t>là<b></t>\n</d>", 1);
    SAME("<d>é</e>", 1);
}
END_TEST


/* ------------------------------------------------------------------ */
/* formatting left out                                                 */

#define DOC_HEAD "<?xml version=\"1.0\"?>\n<w:document xmlns:w=\"urn:w\"><w:body><w:p><w:pPr>"
#define DOC_TAIL "</w:pPr><w:r><w:t>x</w:t><w:tab/></w:r></w:p></w:body></w:document>"

static const char *const prune_names[] = {"jc", "tab2", "rPr", NULL};

static char *pruned(const char *xml) {
    size_t n = strlen(xml);
    char *b = malloc(n + 1);
    memcpy(b, xml, n);
    xml_prune_stream st;
    xml_prune_init(&st, prune_names);
    ck_assert_uint_eq(xml_prune_piece(&st, b, &n, 1), n);
    b[n] = '\0';
    return b;
}

/* The same, from pieces of `step` bytes: a tag cut by a piece's end is
 * passed again with the next. */
static char *pruned_in_pieces(const char *xml, size_t step) {
    size_t n = strlen(xml), at = 0;
    gbuf out = {0}, pending = {0};
    xml_prune_stream st;
    xml_prune_init(&st, prune_names);
    for (;;) {
        size_t k = n - at < step ? n - at : step;
        gbuf_append(&pending, xml + at, k);
        at += k;
        size_t len = pending.len, ready = xml_prune_piece(&st, pending.data, &len, at == n);
        ck_assert_uint_le(ready, len);
        gbuf_append(&out, pending.data, ready);
        memmove(pending.data, pending.data + ready, len - ready);
        pending.len = len - ready;
        if (at == n) break;
    }
    ck_assert_uint_eq(pending.len, 0);
    gbuf_free(&pending);
    gbuf_putc(&out, 0);
    return out.data;
}

START_TEST(test_prune) {
    char *p = pruned(DOC_HEAD "<w:jc w:val=\"left\"/><w:jc  w:val=\"a\"\n w:other=\"b\" />" DOC_TAIL);
    ck_assert_str_eq(p, DOC_HEAD DOC_TAIL); /* both dropped, <w:tab/> kept */
    free(p);
    /* what is kept: each of these could make the document mean, or fail,
     * otherwise */
    static const char *const kept[] = {
        "<w:jc w:val=\"a\" w:val=\"b\"/>", /* a duplicate attribute */
        "<w:jc w:val=\"a&amp;b\"/>",       /* a reference */
        "<w:jc w:val='a'/>",               /* other quotes */
        "<x:jc w:val=\"a\"/>",             /* an undeclared prefix */
        "<w:jc w:val=\"a\"w:b=\"c\"/>",    /* no space between attributes */
        "<w:jc w:val=\"a\x01\"/>",         /* a control character */
        "<w:jc xmlns:y=\"urn:y\"/>",       /* a declaration */
        "<w:jcx w:val=\"a\"/>",            /* another name */
    };
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        gbuf d = {0};
        gbuf_printf(&d, DOC_HEAD "%s" DOC_TAIL, kept[i]);
        gbuf_putc(&d, 0);
        p = pruned(d.data);
        ck_assert_msg(strcmp(p, d.data) == 0, "case %zu was changed: %s", i, p);
        free(p);
        gbuf_free(&d);
    }
    /* where the same bytes could be text (from a comment, a CDATA
     * section, a processing instruction or a DOCTYPE on): nothing more
     * is dropped */
    static const char *const whole[] = {
        "<?xml version=\"1.0\"?><!DOCTYPE d><w:document xmlns:w=\"urn:w\"><w:jc w:val=\"a\"/></w:document>",
        "<!-- c --><w:document xmlns:w=\"urn:w\"><w:jc w:val=\"a\"/></w:document>",
        "<w:jc xmlns:w=\"urn:w\" w:val=\"a\"/>", /* the root itself */
        DOC_HEAD "<!-- <w:jc w:val=\"a\"/> -->" DOC_TAIL,
        DOC_HEAD "<![CDATA[<w:jc w:val=\"a\"/>]]>" DOC_TAIL,
    };
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++) {
        p = pruned(whole[i]);
        ck_assert_msg(strcmp(p, whole[i]) == 0, "document %zu was changed: %s", i, p);
        free(p);
    }
    /* an empty element written with an end tag is empty all the same */
    p = pruned(DOC_HEAD "<w:jc w:val=\"a\"></w:jc>" DOC_TAIL);
    ck_assert_str_eq(p, DOC_HEAD DOC_TAIL);
    free(p);
    p = pruned(DOC_HEAD "<w:jc w:val=\"a\"/><!-- c --><w:jc w:val=\"b\"/>" DOC_TAIL "<?pi x?>");
    ck_assert_str_eq(p, DOC_HEAD "<!-- c --><w:jc w:val=\"b\"/>" DOC_TAIL "<?pi x?>");
    free(p);
}
END_TEST

/* Elements left empty once their content is dropped go too, start and
 * end tags, when the start tag is as strict as a droppable empty one. */
START_TEST(test_prune_emptied) {
    static const char *const names[] = {"jc", "rPr", "pPr", NULL};
    const char *xml = DOC_HEAD "<w:jc w:val=\"a\"/><w:rPr></w:rPr><w:rPr w:x=\"1\"><w:jc/></w:rPr>" DOC_TAIL;
    size_t n = strlen(xml);
    char *b = strdup(xml);
    xml_prune_stream st;
    xml_prune_init(&st, names);
    xml_prune_piece(&st, b, &n, 1);
    b[n] = 0;
    /* the w:pPr of DOC_HEAD was emptied too */
    ck_assert_str_eq(b, "<?xml version=\"1.0\"?>\n<w:document xmlns:w=\"urn:w\"><w:body><w:p>"
                        "<w:r><w:t>x</w:t><w:tab/></w:r></w:p></w:body></w:document>");
    free(b);
    /* kept: something in between, another end tag, a text, a space */
    static const char *const kept[] = {
        "<w:rPr><w:b/></w:rPr>",
        "<w:rPr> </w:rPr>",
        "<w:rPr>x</w:rPr>",
        "<w:rPr></w:rPr >",
        "<w:rPr w:a=\"&amp;\"></w:rPr>",
        "<w:rPr xmlns:y=\"urn:y\"></w:rPr>",
    };
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        gbuf d = {0};
        gbuf_printf(&d, "<w:document xmlns:w=\"urn:w\"><w:p>%s</w:p></w:document>", kept[i]);
        n = d.len;
        xml_prune_init(&st, names);
        xml_prune_piece(&st, d.data, &n, 1);
        ck_assert_msg(n == d.len, "case %zu was changed", i);
        gbuf_free(&d);
    }
}
END_TEST

/* Cut anywhere, the pruning is that of the whole document. */
START_TEST(test_prune_pieces) {
    static const char *const docs[] = {
        DOC_HEAD "<w:jc w:val=\"left\"/><w:jc  w:val=\"a\"\n w:other=\"b\" /><w:jc w:val=\"a>b\"/>" DOC_TAIL,
        DOC_HEAD "<w:jc w:val=\"a\"/><!-- c --><w:jc w:val=\"b\"/>" DOC_TAIL,
        DOC_HEAD "<w:rPr><w:jc w:val=\"a\"/><w:rPr></w:rPr></w:rPr><w:rPr>x</w:rPr><w:rPr></w:rPr >" DOC_TAIL,
        "<?xml version=\"1.0\"?>\n<w:document xmlns:w=\"urn:w\"\n xmlns:wp=\"urn:wp\" a=\"x>y\"><w:jc w:val=\"a\"/>"
        "<wp:jc wp:val=\"1\"/></w:document>",
    };
    for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
        char *whole = pruned(docs[d]);
        ck_assert_uint_lt(strlen(whole), strlen(docs[d])); /* something was dropped */
        for (size_t step = 1; step <= strlen(docs[d]); step++) {
            char *cut = pruned_in_pieces(docs[d], step);
            ck_assert_msg(strcmp(cut, whole) == 0, "document %zu, pieces of %zu: %s", d, step, cut);
            free(cut);
        }
        free(whole);
    }
}
END_TEST

/* The Word documents of the tests read fast give the text they give read
 * plainly, notes included. */
START_TEST(test_docx_same_text) {
    static const char *const files[] = {"formats/ei-01.docx", "formats/realistic.docx", "formats/questions-only.docx"};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        FILE *in = fopen(data_path(files[f]), "rb");
        ck_assert_ptr_nonnull(in);
        static char raw[1 << 20];
        size_t n = fread(raw, 1, sizeof raw, in);
        fclose(in);
        grille_error err;
        zipread *z;
        ck_assert_int_eq(zipread_open(&z, raw, n, files[f], ".docx", &err), GRILLE_OK);
        char *xml;
        size_t xlen;
        ck_assert_int_eq(zipread_entry(z, "word/document.xml", &xml, &xlen, &err), GRILLE_OK);
        zipread_close(z);
        source a, b;
        source_init(&a, files[f]);
        source_init(&b, files[f]);
        ck_assert_int_eq(source_read_docx_body(&a, xml, xlen, 1, &err), GRILLE_OK);
        ck_assert_int_eq(source_read_docx_body(&b, xml, xlen, 0, &err), GRILLE_OK);
        ck_assert_uint_gt(a.text.len, 100);
        ck_assert_uint_eq(a.text.len, b.text.len);
        ck_assert(memcmp(a.text.data, b.text.data, a.text.len) == 0);
        ck_assert_uint_eq(a.nnotes, b.nnotes);
        /* and the fast reading did leave formatting out */
        static const char *const names[] = {"pStyle", "jc", "rFonts", "sz", "lang", "spacing", "bidi", NULL};
        xml_ascii_stream enc = {0};
        gbuf copy = {0};
        ck_assert_int_eq(xml_ascii_encode_piece(&enc, xml, xlen, 1, &copy), (long)xlen);
        xml_prune_stream pr;
        xml_prune_init(&pr, names);
        size_t clen = copy.len;
        xml_prune_piece(&pr, copy.data, &clen, 1);
        ck_assert_uint_lt(clen, copy.len);
        gbuf_free(&copy);
        source_free(&a);
        source_free(&b);
        free(xml);
    }
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("xml_ascii");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_bom_dropped);
    tcase_add_test(tc, test_left_alone);
    tcase_add_test(tc, test_in_markup);
    tcase_add_test(tc, test_pieces);
    tcase_add_test(tc, test_stream_same);
    tcase_add_test(tc, test_stream_long_text);
    tcase_add_test(tc, test_stream_fallback);
    tcase_add_test(tc, test_prune);
    tcase_add_test(tc, test_prune_pieces);
    tcase_add_test(tc, test_prune_emptied);
    tcase_add_test(tc, test_docx_same_text);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)
