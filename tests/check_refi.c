/* check_refi.c - REFI-QDA export and import: GUIDs, validity against the
 * official schemas (codebooks/refi-qda), a round trip through .qdpx and
 * the gold reader, GUID normalisation and namespace variants on import,
 * and the errors a damaged file gives. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"
#include "refi.h"
#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/xmlschemas.h>
#include <unistd.h>
#include <zip.h>

/* A file under /tmp of this test run. */
/* grille_refi_import_gold() mapping codes to cb (may be NULL) */
static int import_gold(const char *path, const grille_codebook *cb, FILE *out, grille_error *err) {
    grille_refi_import_options o = GRILLE_REFI_IMPORT_OPTIONS_INIT;
    o.codebook = cb;
    return grille_refi_import_gold(path, out, &o, err);
}

static const char *tmp_path(const char *name) {
    static char buf[8][256];
    static int k;
    k = (k + 1) % 8;
    snprintf(buf[k], sizeof buf[k], "/tmp/grille-check-refi-%ld-%s", (long)getpid(), name);
    return buf[k];
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = calloc((size_t)n + 1, 1);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    if (len) *len = (size_t)n;
    return s;
}

static void spit(const char *path, const char *s, size_t n) {
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(s, 1, n, f), n);
    fclose(f);
}

/* Validates the XML in memory against an XSD of codebooks/refi-qda. */
static void assert_valid(const char *xml, size_t len, const char *xsd) {
    char path[4096];
    snprintf(path, sizeof path, "%s/codebooks/refi-qda/%s", TOP_SRCDIR, xsd);
    xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
    xmlSchemaPtr schema = xmlSchemaParse(pc);
    ck_assert_msg(schema != NULL, "cannot read %s", path);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "mem.xml", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(doc);
    xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
    ck_assert_msg(xmlSchemaValidateDoc(vc, doc) == 0, "not valid against %s", xsd);
    xmlSchemaFreeValidCtxt(vc);
    xmlFreeDoc(doc);
    xmlSchemaFree(schema);
    xmlSchemaFreeParserCtxt(pc);
}

/* Reads a ZIP entry into a new string. */
static char *zip_entry(const char *zpath, const char *name, size_t *len) {
    int code;
    zip_t *za = zip_open(zpath, ZIP_RDONLY, &code);
    ck_assert_msg(za != NULL, "cannot open %s", zpath);
    zip_stat_t st;
    ck_assert_msg(zip_stat(za, name, 0, &st) == 0, "%s: no %s", zpath, name);
    char *s = calloc(st.size + 1, 1);
    zip_file_t *zf = zip_fopen(za, name, 0);
    ck_assert_int_eq(zip_fread(zf, s, st.size), (zip_int64_t)st.size);
    zip_fclose(zf);
    zip_discard(za);
    if (len) *len = st.size;
    return s;
}

static void make_zip(const char *zpath, const char *const *names, const char *const *texts, size_t n) {
    int code;
    zip_t *za = zip_open(zpath, ZIP_CREATE | ZIP_TRUNCATE, &code);
    ck_assert_ptr_nonnull(za);
    for (size_t i = 0; i < n; i++) {
        zip_source_t *src = zip_source_buffer(za, texts[i], strlen(texts[i]), 0);
        ck_assert_int_ge(zip_file_add(za, names[i], src, ZIP_FL_ENC_UTF_8), 0);
    }
    ck_assert_int_eq(zip_close(za), 0);
}

/* ------------------------------------------------------------------ */

START_TEST(test_sha1_vectors) {
    /* FIPS 180 examples: one block, the empty message, two blocks */
    static const struct {
        const char *in, *hex;
    } v[] = {
        {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        unsigned char d[20];
        char hex[41];
        refi_sha1(v[i].in, strlen(v[i].in), d);
        for (int k = 0; k < 20; k++) snprintf(hex + 2 * k, 3, "%02x", d[k]);
        ck_assert_str_eq(hex, v[i].hex);
    }
}
END_TEST

START_TEST(test_guid_format_and_stability) {
    /* Expected values from Python: uuid.uuid5(ns, key) with
     * ns = uuid.uuid5(uuid.NAMESPACE_URL, "urn:grille:refi-qda") */
    char g[37], g2[37];
    refi_guid("grille:source:ei-test", 21, g);
    ck_assert_str_eq(g, "07841927-aa93-547b-945f-e3f0576447e5");
    grille_error err;
    grille_codebook *cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    ck_assert_msg(cb != NULL, "%s", err.message);
    size_t reseau = grille_codebook_theme_find(cb, "reseau");
    ck_assert_uint_ne(reseau, GRILLE_NONE);
    ck_assert_int_eq(grille_refi_theme_guid(cb, reseau, g), GRILLE_OK);
    ck_assert_str_eq(g, "e82c8845-6532-5ae3-936e-fc7c47840411");
    ck_assert_int_eq(grille_refi_theme_guid(cb, reseau, g2), GRILLE_OK);
    ck_assert_str_eq(g, g2);
    ck_assert_int_eq(grille_refi_theme_guid(cb, 999, g), GRILLE_EUSAGE);
    /* 8-4-4-4-12 lower-case hex, version 5, RFC variant; every theme differs */
    size_t n = grille_codebook_theme_count(cb);
    typedef char guid_text[37];
    guid_text *all = calloc(n, sizeof *all);
    for (size_t i = 0; i < n; i++) {
        grille_refi_theme_guid(cb, i, all[i]);
        ck_assert_uint_eq(strlen(all[i]), 36);
        for (int k = 0; k < 36; k++) {
            char c = all[i][k];
            if (k == 8 || k == 13 || k == 18 || k == 23) ck_assert_int_eq(c, '-');
            else ck_assert_msg((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'), "%s", all[i]);
        }
        ck_assert_int_eq(all[i][14], '5');
        ck_assert_ptr_nonnull(strchr("89ab", all[i][19]));
        for (size_t j = 0; j < i; j++) ck_assert_str_ne(all[i], all[j]);
    }
    free(all);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_guid_normalize) {
    char g[37];
    const char *want = "e82c8845-6532-5ae3-936e-fc7c47840411";
    const char *ok[] = {"e82c8845-6532-5ae3-936e-fc7c47840411",   "E82C8845-6532-5AE3-936E-FC7C47840411",
                        "{E82C8845-6532-5AE3-936E-FC7C47840411}", "  {e82c8845-6532-5ae3-936e-fc7c47840411}\n",
                        "e82c884565325ae3936efc7c47840411",       "urn:uuid:e82c8845-6532-5ae3-936e-fc7c47840411"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        ck_assert_msg(refi_guid_normalize(ok[i], g) == 0, "%s", ok[i]);
        ck_assert_str_eq(g, want);
    }
    const char *bad[] = {"",
                         "zzz",
                         "{e82c8845-6532-5ae3-936e-fc7c47840411",
                         "e82c8845-6532-5ae3-936e-fc7c4784041",
                         "e82c8845+6532-5ae3-936e-fc7c47840411",
                         "g82c8845-6532-5ae3-936e-fc7c47840411",
                         "e82c8845-6532-5ae3-936e-fc7c47840411-0"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(refi_guid_normalize(bad[i], g) == -1, "%s", bad[i]);
    ck_assert_int_eq(refi_guid_normalize(NULL, g), -1);
}
END_TEST

START_TEST(test_slug) {
    static const struct {
        const char *in, *out;
    } v[] = {
        {"Réseau", "reseau"},
        {"Comité de pilotage", "comite-de-pilotage"},
        {"  Œuvres & Æsthétique ", "oeuvres-aesthetique"},
        {"l’ARS", "l-ars"},
        {"2024 : bilan", "code-2024-bilan"},
        {"", "code"},
        {"!!!", "code"},
        {"élu·es", "elu-es"},
        {"Projets multi-acteurs et multi-financements croisés", "projets-multi-acteurs-et-multi"},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        gbuf b = {0};
        ck_assert_int_eq(refi_slug(v[i].in, &b), GRILLE_OK);
        ck_assert_str_eq(b.data, v[i].out);
        gbuf_free(&b);
    }
}
END_TEST

static const char *nested_cb =
    CB_HEAD "<theme id=\"missions\" label=\"Missions &amp; rôle\" color=\"#1F77B4\">\n"
            "<description>Ce que fait la coordination.</description>\n"
            "<theme id=\"missions.reseau\" label=\"Mettre en réseau\"><word>réseau</word></theme>\n"
            "<theme id=\"missions.projets\" label=\"Projets\"><word>projet*</word></theme>\n"
            "</theme>\n"
            "<theme id=\"elus\" label=\"Élus\"><word>élus</word>\n"
            "<theme id=\"elus.maire\" label=\"Maire\"><word>maire</word></theme></theme>\n" CB_TAIL;

START_TEST(test_qdc_export) {
    grille_codebook *cb = cb_from(nested_cb);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    grille_error err;
    ck_assert_int_eq(grille_refi_write_qdc(f, cb, NULL, &err), GRILLE_OK);
    fclose(f);
    assert_valid(buf, len, "Codebook.xsd");
    char g[37], needle[200];
    grille_refi_theme_guid(cb, 0, g);
    /* a theme that only groups sub-themes is a folder; one with rules of
     * its own stays codable, sub-themes or not */
    snprintf(needle, sizeof needle,
             "<Code guid=\"%s\" name=\"Missions &amp; rôle\" isCodable=\"false\" color=\"#1F77B4\">", g);
    ck_assert_msg(strstr(buf, needle) != NULL, "%s", buf);
    ck_assert_ptr_nonnull(strstr(buf, "<Description>Ce que fait la coordination.</Description>"));
    ck_assert_ptr_nonnull(strstr(buf, "name=\"Élus\" isCodable=\"true\" color=\"#ff7f0e\">"));
    ck_assert_ptr_nonnull(strstr(buf, "name=\"Mettre en réseau\" isCodable=\"true\" color=\"#78add2\"/>"));
    ck_assert_ptr_nonnull(strstr(buf, "name=\"Maire\" isCodable=\"true\" color=\"#ffb26e\"/>"));
    ck_assert_ptr_nonnull(strstr(buf, "xmlns=\"urn:QDA-XML:codebook:1.0\""));
    /* nesting: the sub-theme's Code is inside its parent's */
    char *parent = strstr(buf, needle), *child = strstr(buf, "name=\"Mettre en réseau\"");
    char *close = strstr(parent, "</Code>\n    <Code");
    ck_assert(child > parent && close && child < close);
    /* the same codebook gives the same bytes */
    char *buf2 = NULL;
    size_t len2 = 0;
    f = open_memstream(&buf2, &len2);
    ck_assert_int_eq(grille_refi_write_qdc(f, cb, NULL, &err), GRILLE_OK);
    fclose(f);
    ck_assert_uint_eq(len, len2);
    ck_assert_int_eq(memcmp(buf, buf2, len), 0);
    free(buf);
    free(buf2);
    grille_codebook_free(cb);
}
END_TEST

/* A full disk is said with what could not be written, for each REFI
 * writer (it said "cannot write the output"). */
START_TEST(test_write_errors_say_what) {
    FILE *f = fopen("/dev/full", "w");
    if (!f) return; /* no /dev/full here */
    grille_codebook *cb = cb_from(nested_cb);
    grille_error err;
    ck_assert_int_eq(grille_refi_write_qdc(f, cb, NULL, &err), GRILLE_EIO);
    ck_assert_str_eq(err.message, "cannot write the codebook (.qdc): No space left on device");
    fclose(f);
    f = fopen("/dev/full", "w");
    ck_assert_int_eq(grille_refi_write_qdpx(f, cb, NULL, 0, NULL, &err), GRILLE_EIO);
    ck_assert_str_eq(err.message, "cannot write the project (.qdpx): No space left on device");
    fclose(f);
    grille_codebook_free(cb);
}
END_TEST

static void count_warning(void *ctx, const grille_error *w) {
    char **last = ctx;
    free(*last);
    *last = strdup(w->message);
    ck_assert_int_eq(w->code, GRILLE_OK);
}

START_TEST(test_qdc_unique_names) {
    /* two themes labelled "Commune" in two branches, and a third at the
     * top: QualCoder keeps one code of a name and drops the other with
     * its codings, so the later ones are qualified, by the parent's label
     * or, at the top, by the id; case does not make names different */
    grille_codebook *cb =
        cb_from(CB_HEAD "<theme id=\"echelles\" label=\"Échelles\">\n"
                        "<theme id=\"echelles.commune\" label=\"Commune\"><word>commune</word></theme></theme>\n"
                        "<theme id=\"acteurs\" label=\"Acteurs\">\n"
                        "<theme id=\"acteurs.commune\" label=\"Commune\"><word>mairie</word></theme></theme>\n"
                        "<theme id=\"commune\" label=\"COMMUNE\"><word>communal</word></theme>\n" CB_TAIL);
    char *buf = NULL, *last = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    grille_error err;
    grille_refi_options o = GRILLE_REFI_OPTIONS_INIT;
    o.warn = count_warning;
    o.warn_ctx = &last;
    ck_assert_int_eq(grille_refi_write_qdc(f, cb, &o, &err), GRILLE_OK);
    fclose(f);
    assert_valid(buf, len, "Codebook.xsd");
    ck_assert_ptr_nonnull(strstr(buf, "name=\"Commune\" isCodable"));
    ck_assert_ptr_nonnull(strstr(buf, "name=\"Commune (Acteurs)\" isCodable"));
    ck_assert_ptr_nonnull(strstr(buf, "name=\"COMMUNE (commune)\" isCodable"));
    ck_assert_ptr_nonnull(last);
    ck_assert_str_eq(last, "theme 'commune' is exported as the code 'COMMUNE (commune)': its label is that of theme "
                           "'echelles.commune', and REFI-QDA tools keep one code of a name");
    free(last);
    free(buf);
    grille_codebook_free(cb);
}
END_TEST

/* Codes tests/data/transcripts with minimal.xml. */
static void code_tests(grille_codebook **cb, grille_document *docs[2], grille_coding *cs[2]) {
    grille_error err;
    *cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    ck_assert_msg(*cb != NULL, "%s", err.message);
    const char *names[2] = {"transcripts/ec-test.txt", "transcripts/ei-test.txt"};
    const char *ids[2] = {"ec-test", "ei-test"};
    for (int i = 0; i < 2; i++) {
        grille_read_options o = GRILLE_READ_OPTIONS_INIT;
        o.id = ids[i];
        docs[i] = grille_document_load(data_path(names[i]), &o, &err);
        ck_assert_msg(docs[i] != NULL, "%s", err.message);
        cs[i] = grille_coding_new(*cb, docs[i], &err);
        ck_assert_ptr_nonnull(cs[i]);
    }
}

static void export_qdpx(const char *path, const grille_codebook *cb, grille_coding *cs[2],
                        const grille_refi_options *opts) {
    FILE *f = fopen(path, "wb");
    grille_error err;
    ck_assert_int_eq(grille_refi_write_qdpx(f, cb, (const grille_coding *const *)cs, 2, opts, &err), GRILLE_OK);
    fclose(f);
}

START_TEST(test_qdpx_round_trip) {
    grille_codebook *cb;
    grille_document *docs[2];
    grille_coding *cs[2];
    code_tests(&cb, docs, cs);
    const char *qdpx = tmp_path("rt.qdpx"), *qdpx2 = tmp_path("rt2.qdpx"), *gold = tmp_path("rt.tsv");
    export_qdpx(qdpx, cb, cs, NULL);

    /* project.qde follows the schema; every source holds the exact bytes */
    size_t len;
    char *qde = zip_entry(qdpx, "project.qde", &len);
    assert_valid(qde, len, "Project.xsd");
    ck_assert_ptr_null(strstr(qde, "creationDateTime"));
    ck_assert_ptr_nonnull(strstr(qde, "<TextValue>Enquêtrice</TextValue>"));
    for (int i = 0; i < 2; i++) {
        char key[64], guid[37], entry[64], ref[128];
        snprintf(key, sizeof key, "grille:source:%s", grille_document_id(docs[i]));
        refi_guid(key, strlen(key), guid);
        snprintf(entry, sizeof entry, "sources/%s.txt", guid);
        snprintf(ref, sizeof ref, "plainTextPath=\"internal://%s.txt\"", guid);
        ck_assert_ptr_nonnull(strstr(qde, ref));
        size_t n;
        char *text = zip_entry(qdpx, entry, &n);
        ck_assert_uint_eq(n, grille_document_size(docs[i]));
        ck_assert_int_eq(memcmp(text, grille_document_text(docs[i]), n), 0);
        free(text);
    }
    free(qde);

    /* the same coding gives the same bytes: no clock in the archive */
    export_qdpx(qdpx2, cb, cs, NULL);
    size_t n1, n2;
    char *a = slurp(qdpx, &n1), *b = slurp(qdpx2, &n2);
    ck_assert_uint_eq(n1, n2);
    ck_assert_int_eq(memcmp(a, b, n1), 0);
    free(a);
    free(b);

    /* back as gold: one span per segment, same offsets, same theme ids */
    grille_error err;
    FILE *f = fopen(gold, "w");
    ck_assert_int_eq(import_gold(qdpx, cb, f, &err), GRILLE_OK);
    fclose(f);
    grille_gold *g = grille_gold_load(gold, &err);
    ck_assert_msg(g != NULL, "%s", err.message);
    size_t k = 0;
    for (int i = 0; i < 2; i++)
        for (size_t s = 0; s < grille_coding_segment_count(cs[i]); s++, k++) {
            const grille_segment *seg = grille_coding_segment_get(cs[i], s);
            grille_gold_span sp;
            ck_assert_int_eq(grille_gold_get(g, k, &sp), GRILLE_OK);
            ck_assert_str_eq(sp.document, seg->document);
            ck_assert_str_eq(sp.theme, seg->theme_id);
            ck_assert_str_eq(sp.coder, "grille");
            ck_assert_uint_eq(sp.cp_start, seg->span.cp_start);
            ck_assert_uint_eq(sp.cp_end, seg->span.cp_end);
        }
    ck_assert_uint_eq(grille_gold_count(g), k);
    ck_assert_uint_gt(k, 4);
    grille_gold_free(g);
    /* the quote column is the selected text */
    char *tsv = slurp(gold, NULL);
    ck_assert_ptr_nonnull(strstr(tsv, "\tOn a un comité de pilotage avec les élu·es et l’ARS.\n"));
    free(tsv);

    /* without the codebook, codes get ids from their names */
    f = fopen(gold, "w");
    ck_assert_int_eq(import_gold(qdpx, NULL, f, &err), GRILLE_OK);
    fclose(f);
    tsv = slurp(gold, NULL);
    ck_assert_ptr_nonnull(strstr(tsv, "\tcomite-de-pilotage\tgrille\t"));
    ck_assert_ptr_nonnull(strstr(tsv, "\tprojets-finances\tgrille\t"));
    free(tsv);

    /* options: a date, a user, a name; a malformed date is refused */
    grille_refi_options o = GRILLE_REFI_OPTIONS_INIT;
    o.project_name = "Mon projet";
    o.creation_time = "2024-05-02T10:00:00Z";
    o.user_name = "Camille";
    export_qdpx(qdpx2, cb, cs, &o);
    qde = zip_entry(qdpx2, "project.qde", &len);
    assert_valid(qde, len, "Project.xsd");
    ck_assert_ptr_nonnull(strstr(qde, "name=\"Mon projet\""));
    ck_assert_ptr_nonnull(strstr(qde, "creationDateTime=\"2024-05-02T10:00:00Z\""));
    ck_assert_ptr_nonnull(strstr(qde, "<User guid="));
    ck_assert_ptr_nonnull(strstr(qde, "name=\"Camille\""));
    free(qde);
    grille_refi_options bad = GRILLE_REFI_OPTIONS_INIT;
    bad.creation_time = "2024-05-02 10:00";
    f = tmpfile();
    ck_assert_int_eq(grille_refi_write_qdpx(f, cb, (const grille_coding *const *)cs, 2, &bad, &err), GRILLE_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.message, "2024-05-02 10:00"));
    ck_assert_int_eq(ftell(f), 0);
    fclose(f);
    /* the same check, on its own (grille export --shard makes it) */
    ck_assert_int_eq(grille_refi_options_check(&bad, &err), GRILLE_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.message, "2024-05-02 10:00"));
    ck_assert_int_eq(grille_refi_options_check(&o, &err), GRILLE_OK);
    ck_assert_int_eq(grille_refi_options_check(NULL, &err), GRILLE_OK);

    for (int i = 0; i < 2; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    grille_codebook_free(cb);
    remove(qdpx);
    remove(qdpx2);
    remove(gold);
}
END_TEST

START_TEST(test_duplicate_document_ids) {
    grille_codebook *cb = cb_from(nested_cb);
    grille_document *d = doc_from("Coordinatrice : le réseau.\n");
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    const grille_coding *cs[2] = {c, c};
    FILE *f = tmpfile();
    ck_assert_int_eq(grille_refi_write_qdpx(f, cb, cs, 2, NULL, &err), GRILLE_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.message, "two documents have the id"));
    fclose(f);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

/* A project written a document at a time, each document freed as soon
 * as it is added (its text kept aside in a temporary file), is the one
 * written from the whole run, byte for byte, a byte order mark and a
 * creation date included; a failed add leaves a project that can only
 * be freed, and writes nothing. */
START_TEST(test_qdpx_streaming) {
    grille_codebook *cb = cb_from(nested_cb);
    static const char *const texts[] = {
        "\xEF\xBB\xBF---\ntype: EI\n---\nCoordinatrice : le r\xC3\xA9seau des acteurs.\n",
        "---\ntype: EC\nlieu: Brest\n---\nE : Et alors ?\nÉlue : le réseau, les élus.\n"};
    static const char *const ids[] = {"a/ei", "b/ei"}; /* one file name: sources named by id */
    grille_refi_options o = GRILLE_REFI_OPTIONS_INIT;
    o.creation_time = "2024-05-02T10:00:00Z";
    o.project_name = "Projet";
    grille_error err;
    grille_document *docs[2];
    grille_coding *cs[2];
    for (int i = 0; i < 2; i++) {
        grille_read_options ro = GRILLE_READ_OPTIONS_INIT;
        ro.id = ids[i];
        docs[i] = grille_document_parse("mem", texts[i], strlen(texts[i]), &ro, &err);
        ck_assert_ptr_nonnull(docs[i]);
        cs[i] = grille_coding_new(cb, docs[i], &err);
    }
    const char *whole = tmp_path("whole.qdpx"), *stream = tmp_path("stream.qdpx");
    FILE *f = fopen(whole, "wb");
    ck_assert_int_eq(grille_refi_write_qdpx(f, cb, (const grille_coding *const *)cs, 2, &o, &err), GRILLE_OK);
    fclose(f);
    for (int i = 0; i < 2; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    f = fopen(stream, "wb");
    grille_refi_project *p = grille_refi_project_new(f, cb, &o, &err);
    ck_assert_ptr_nonnull(p);
    for (int i = 0; i < 2; i++) {
        grille_read_options ro = GRILLE_READ_OPTIONS_INIT;
        ro.id = ids[i];
        grille_document *d = grille_document_parse("mem", texts[i], strlen(texts[i]), &ro, &err);
        grille_coding *c = grille_coding_new(cb, d, &err);
        ck_assert_uint_gt(grille_coding_segment_count(c), 0);
        ck_assert_int_eq(grille_refi_project_add(p, c, &err), GRILLE_OK);
        grille_coding_free(c);
        grille_document_free(d);
    }
    /* nothing is written before close */
    ck_assert_int_eq(ftell(f), 0);
    ck_assert_int_eq(grille_refi_project_close(p, &err), GRILLE_OK);
    fclose(f);
    size_t na, nb;
    char *a = slurp(whole, &na), *b = slurp(stream, &nb);
    ck_assert_uint_gt(na, 0);
    ck_assert_uint_eq(na, nb);
    ck_assert_int_eq(memcmp(a, b, na), 0);
    free(a);
    free(b);
    /* the first source is its text without the byte order mark */
    size_t len;
    char *qde = zip_entry(stream, "project.qde", &len);
    assert_valid(qde, len, "Project.xsd");
    ck_assert_ptr_nonnull(strstr(qde, "name=\"a_ei\""));
    free(qde);
    remove(whole);
    remove(stream);

    /* a document added twice: the add fails, then every add and close */
    grille_document *d = doc_from("Coordinatrice : le réseau.\n");
    grille_coding *c = grille_coding_new(cb, d, &err);
    f = tmpfile();
    p = grille_refi_project_new(f, cb, NULL, &err);
    ck_assert_int_eq(grille_refi_project_add(p, c, &err), GRILLE_OK);
    ck_assert_int_eq(grille_refi_project_add(p, c, &err), GRILLE_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.message, "two documents have the id"));
    ck_assert_int_eq(grille_refi_project_add(p, c, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_refi_project_close(p, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(ftell(f), 0);
    /* a malformed date is refused at once; NULLs are usage errors */
    o.creation_time = "2024-05-02";
    ck_assert_ptr_null(grille_refi_project_new(f, cb, &o, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_ptr_null(grille_refi_project_new(NULL, cb, NULL, &err));
    ck_assert_int_eq(grille_refi_project_add(NULL, c, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_refi_project_close(NULL, &err), GRILLE_OK);
    grille_refi_project_free(NULL);
    /* freed without being written */
    p = grille_refi_project_new(f, cb, NULL, &err);
    ck_assert_int_eq(grille_refi_project_add(p, c, &err), GRILLE_OK);
    grille_refi_project_free(p);
    ck_assert_int_eq(ftell(f), 0);
    fclose(f);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_xml_unsafe_text) {
    /* XML 1.0 cannot hold a form feed or a vertical tab, even as a
     * character reference: names and values get U+FFFD, the source file
     * keeps its bytes */
    grille_codebook *cb = cb_from(nested_cb);
    const char *text = "---\ntitre: a\vb\n---\nCoordinatrice : le r\xC3\xA9seau\f des acteurs.\n";
    grille_document *d = doc_from(text);
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    ck_assert_uint_eq(grille_coding_segment_count(c), 1);
    const grille_coding *cs[1] = {c};
    const char *qdpx = tmp_path("unsafe.qdpx");
    FILE *f = fopen(qdpx, "wb");
    ck_assert_int_eq(grille_refi_write_qdpx(f, cb, cs, 1, NULL, &err), GRILLE_OK);
    fclose(f);
    size_t len;
    char *qde = zip_entry(qdpx, "project.qde", &len);
    assert_valid(qde, len, "Project.xsd");
    ck_assert_ptr_nonnull(strstr(qde, "<TextValue>a\xEF\xBF\xBD"
                                      "b</TextValue>"));
    ck_assert_ptr_nonnull(strstr(qde, "name=\"le r\xC3\xA9seau\xEF\xBF\xBD des acteurs.\""));
    free(qde);
    char key[64], guid[37], entry[64];
    snprintf(key, sizeof key, "grille:source:%s", grille_document_id(d));
    refi_guid(key, strlen(key), guid);
    snprintf(entry, sizeof entry, "sources/%s.txt", guid);
    char *src = zip_entry(qdpx, entry, &len);
    ck_assert_uint_eq(len, strlen(text));
    ck_assert_str_eq(src, text);
    free(src);
    remove(qdpx);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_document_id_like_a_file_name) {
    /* another tool's "entretien.docx" is the document "entretien", but a
     * source grille exported keeps its id, extension-like or not */
    grille_codebook *cb = cb_from(nested_cb);
    const char *text = "Coordinatrice : le r\xC3\xA9seau des acteurs.\n";
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.id = "entretien.md";
    grille_error err;
    grille_document *d = grille_document_parse("entretien.md.txt", text, strlen(text), &o, &err);
    ck_assert_ptr_nonnull(d);
    grille_coding *c = grille_coding_new(cb, d, &err);
    const grille_coding *cs[1] = {c};
    const char *qdpx = tmp_path("ext.qdpx");
    FILE *f = fopen(qdpx, "wb");
    ck_assert_int_eq(grille_refi_write_qdpx(f, cb, cs, 1, NULL, &err), GRILLE_OK);
    fclose(f);
    char *buf = NULL;
    size_t len = 0;
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(import_gold(qdpx, cb, f, &err), GRILLE_OK);
    fclose(f);
    ck_assert_str_eq(buf, "document\tstart\tend\ttheme\tcoder\tquote\n"
                          "entretien.md\t16\t38\tmissions.reseau\tgrille\tle r\xC3\xA9seau des acteurs.\n");
    free(buf);
    remove(qdpx);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

/* A project as another tool writes it: braces, upper case, the "1:0"
 * namespace, a code grille made (its GUID known) and one it did not, a
 * code folder, two users, a selection of no length, a whole-source
 * coding, a picture source. */
static const char *foreign_qde =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<Project xmlns=\"urn:QDA-XML:project:1:0\" name=\"Étude DTS\" origin=\"Tool 2.0\"\n"
    "         creatingUserGUID=\"{AAAAAAAA-0000-4000-8000-000000000001}\">\n"
    "  <Users>\n"
    "    <User guid=\"{AAAAAAAA-0000-4000-8000-000000000001}\" name=\"Camille\"/>\n"
    "    <User guid=\"aaaaaaaa-0000-4000-8000-000000000002\" id=\"dom\"/>\n"
    "  </Users>\n"
    "  <CodeBook><Codes>\n"
    "    <Code guid=\"{E82C8845-6532-5AE3-936E-FC7C47840411}\" name=\"Réseau (renommé)\" isCodable=\"true\"/>\n"
    "    <Code guid=\"bbbbbbbb-0000-4000-8000-000000000001\" name=\"Gouvernance\" isCodable=\"false\" color=\"#ABC\">\n"
    "      <Description>Qui décide.</Description>\n"
    "      <Code guid=\"{BBBBBBBB-0000-4000-8000-000000000002}\" name=\"Rôle des élu·es\" isCodable=\"true\"/>\n"
    "    </Code>\n"
    "  </Codes></CodeBook>\n"
    "  <Sources>\n"
    "    <PictureSource guid=\"cccccccc-0000-4000-8000-000000000009\" name=\"photo.png\"/>\n"
    "    <TextSource guid=\"{CCCCCCCC-0000-4000-8000-000000000001}\" name=\"ei-test.docx\"\n"
    "                plainTextPath=\"internal://CCCCCCCC-0000-4000-8000-000000000001.txt\">\n"
    "      <PlainTextSelection guid=\"dddddddd-0000-4000-8000-000000000001\" startPosition=\"166\" endPosition=\"211\"\n"
    "                          creatingUser=\"AAAAAAAA-0000-4000-8000-000000000002\">\n"
    "        <Coding guid=\"eeeeeeee-0000-4000-8000-000000000001\">\n"
    "          <CodeRef targetGUID=\"E82C8845-6532-5AE3-936E-FC7C47840411\"/>\n"
    "        </Coding>\n"
    "        <Coding guid=\"eeeeeeee-0000-4000-8000-000000000002\" creatingUser=\"{aaaaaaaa-0000-4000-8000-000000000001}\">\n"
    "          <CodeRef targetGUID=\"{bbbbbbbb-0000-4000-8000-000000000002}\"/>\n"
    "        </Coding>\n"
    "      </PlainTextSelection>\n"
    "      <PlainTextSelection guid=\"dddddddd-0000-4000-8000-000000000002\" startPosition=\"5\" endPosition=\"5\">\n"
    "        <Coding guid=\"eeeeeeee-0000-4000-8000-000000000003\"><CodeRef targetGUID=\"bbbbbbbb-0000-4000-8000-000000000002\"/></Coding>\n"
    "      </PlainTextSelection>\n"
    "      <Coding guid=\"eeeeeeee-0000-4000-8000-000000000004\"><CodeRef targetGUID=\"bbbbbbbb-0000-4000-8000-000000000002\"/></Coding>\n"
    "    </TextSource>\n"
    "  </Sources>\n"
    "</Project>\n";

START_TEST(test_import_foreign_project) {
    grille_error err;
    grille_codebook *cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    ck_assert_ptr_nonnull(cb);
    const char *qdpx = tmp_path("foreign.qdpx"), *gold = tmp_path("foreign.tsv");
    char *text = slurp(data_path("transcripts/ei-test.txt"), NULL);
    const char *names[] = {"project.qde", "sources/CCCCCCCC-0000-4000-8000-000000000001.txt"};
    const char *texts[] = {foreign_qde, text};
    make_zip(qdpx, names, texts, 2);
    FILE *f = fopen(gold, "w");
    ck_assert_int_eq(import_gold(qdpx, cb, f, &err), GRILLE_OK);
    fclose(f);
    char *tsv = slurp(gold, NULL);
    /* the known GUID (braces, upper case) maps back to "reseau"; the
     * other code gets the id the skeleton gives it; the coding user wins
     * over the selection's, a user without name is known by its id; the
     * empty selection and the whole-source coding are left out */
    ck_assert_str_eq(tsv, "document\tstart\tend\ttheme\tcoder\tquote\n"
                          "ei-test\t166\t211\treseau\tdom\tle réseau des acteurs, c’est le cœur du poste\n"
                          "ei-test\t166\t211\tgouvernance.role-des-elu-es\tCamille\t"
                          "le réseau des acteurs, c’est le cœur du poste\n");
    free(tsv);
    grille_gold *g = grille_gold_load(gold, &err);
    ck_assert_msg(g != NULL, "%s", err.message);
    ck_assert_uint_eq(grille_gold_count(g), 2);
    grille_gold_free(g);

    /* its codebook as a skeleton: ids, labels, #RGB as #RRGGBB, nesting */
    char *buf = NULL;
    size_t len = 0;
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(grille_refi_import_codebook(qdpx, f, &err), GRILLE_OK);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "<codebook xmlns=\"urn:grille:codebook:1\" id=\"etude-dts\">"));
    ck_assert_ptr_nonnull(strstr(buf, "<title>Étude DTS</title>"));
    ck_assert_ptr_nonnull(strstr(buf, "<theme id=\"reseau-renomme\" label=\"Réseau (renommé)\"/>"));
    ck_assert_ptr_nonnull(strstr(buf, "<theme id=\"gouvernance\" label=\"Gouvernance\" color=\"#AABBCC\">\n"
                                      "    <description>Qui décide.</description>\n"
                                      "    <theme id=\"gouvernance.role-des-elu-es\" label=\"Rôle des élu·es\"/>\n"
                                      "  </theme>"));
    ck_assert_ptr_nonnull(strstr(buf, "no rules"));
    free(buf);
    free(text);
    grille_codebook_free(cb);
    remove(qdpx);
    remove(gold);
}
END_TEST

static int rng_valid(const char *xml, size_t len) {
    char path[4096];
    snprintf(path, sizeof path, "%s/codebooks/grille-codebook.rng", TOP_SRCDIR);
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewParserCtxt(path);
    xmlRelaxNGPtr rng = xmlRelaxNGParse(pc);
    ck_assert_ptr_nonnull(rng);
    xmlDocPtr doc = xmlReadMemory(xml, (int)len, "mem.xml", NULL, XML_PARSE_NONET);
    ck_assert_ptr_nonnull(doc);
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(rng);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    xmlFreeDoc(doc);
    xmlRelaxNGFree(rng);
    xmlRelaxNGFreeParserCtxt(pc);
    return rc;
}

START_TEST(test_skeleton_from_qdc) {
    /* grille's own .qdc, with a namespace variant, comes back as a
     * skeleton that follows grille's schema but that the loader refuses
     * until rules are added */
    grille_codebook *cb = cb_from(nested_cb);
    char *qdc = NULL;
    size_t len = 0;
    grille_error err;
    FILE *f = open_memstream(&qdc, &len);
    ck_assert_int_eq(grille_refi_write_qdc(f, cb, NULL, &err), GRILLE_OK);
    fclose(f);
    char *v = strstr(qdc, "codebook:1.0");
    memcpy(v, "codebook:1:0", 12);
    const char *path = tmp_path("Ma grille.qdc");
    spit(path, qdc, len);
    char *sk = NULL;
    size_t sklen = 0;
    f = open_memstream(&sk, &sklen);
    ck_assert_int_eq(grille_refi_import_codebook(path, f, &err), GRILLE_OK);
    fclose(f);
    ck_assert_int_eq(rng_valid(sk, sklen), 0);
    ck_assert_ptr_nonnull(strstr(sk, "<title>grille-check-refi-"));
    ck_assert_ptr_nonnull(strstr(sk, "<theme id=\"missions-role\" label=\"Missions &amp; rôle\" color=\"#1F77B4\">"));
    /* sub-themes came with their parents' colours two fifths of the way
     * to white: 0x1F + (0xFF - 0x1F) * 2 / 5 = 0x78...; Élus had none:
     * the palette's second, #ff7f0e */
    ck_assert_ptr_nonnull(
        strstr(sk, "<theme id=\"missions-role.mettre-en-reseau\" label=\"Mettre en réseau\" color=\"#78add2\"/>"));
    ck_assert_ptr_nonnull(strstr(sk, "<theme id=\"elus.maire\" label=\"Maire\" color=\"#ffb26e\"/>"));
    grille_codebook_source src = {.name = "skeleton.xml", .xml = sk, .len = sklen};
    ck_assert_ptr_null(grille_codebook_open(&src, NULL, NULL, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "no rules"));
    free(sk);
    free(qdc);
    remove(path);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_import_errors) {
    grille_error err;
    FILE *out = tmpfile();
    /* a damaged archive: the export cut in half */
    grille_codebook *cb;
    grille_document *docs[2];
    grille_coding *cs[2];
    code_tests(&cb, docs, cs);
    const char *qdpx = tmp_path("cut.qdpx");
    export_qdpx(qdpx, cb, cs, NULL);
    size_t n;
    char *z = slurp(qdpx, &n);
    spit(qdpx, z, n / 2);
    ck_assert_int_eq(import_gold(qdpx, cb, out, &err), GRILLE_EIO);
    ck_assert_str_eq(err.file, qdpx);
    ck_assert_ptr_nonnull(strstr(err.message, "not a valid ZIP archive"));
    /* damaged compressed data: named with the entry */
    memset(z + 100, 0x55, 40);
    spit(qdpx, z, n);
    ck_assert_int_ne(import_gold(qdpx, cb, out, &err), GRILLE_OK);
    ck_assert_ptr_nonnull(strstr(err.file, ":project.qde"));
    free(z);
    /* not there */
    ck_assert_int_eq(import_gold(tmp_path("none.qdpx"), cb, out, &err), GRILLE_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot open"));
    /* a ZIP without project.qde */
    const char *names[] = {"readme.txt"}, *texts[] = {"hello"};
    make_zip(qdpx, names, texts, 1);
    ck_assert_int_eq(import_gold(qdpx, cb, out, &err), GRILLE_ESCHEMA);
    ck_assert_ptr_nonnull(strstr(err.message, "no project.qde"));

    /* XML errors name the file and the line */
    static const struct {
        const char *xml;
        int code;
        unsigned line;
        const char *msg;
    } v[] = {
        {"<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\">\n<Codes>\n<Code>\n</Codes>",
         GRILLE_EXML, 5, "mismatch"},
        {"<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n"
         "<Code guid=\"12\" name=\"x\" isCodable=\"true\"/></Codes></CodeBook>",
         GRILLE_ESCHEMA, 3, "is not a GUID"},
        {"<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:other\"><Codes/></CodeBook>", GRILLE_ESCHEMA, 2,
         "root element"},
        {"<?xml version=\"1.0\"?>\n<!DOCTYPE CodeBook [\n<!ENTITY x SYSTEM \"file:///etc/passwd\">\n]>\n<CodeBook/>",
         GRILLE_EXML, 3, "entity"},
        {"<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>\n</Codes></CodeBook>",
         GRILLE_ESCHEMA, 2, "no <Code>"},
    };
    const char *qdc = tmp_path("bad.qdc");
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        spit(qdc, v[i].xml, strlen(v[i].xml));
        ck_assert_int_eq(grille_refi_import_codebook(qdc, out, &err), v[i].code);
        ck_assert_str_eq(err.file, qdc);
        ck_assert_uint_eq(err.line, v[i].line);
        ck_assert_msg(strstr(err.message, v[i].msg) != NULL, "case %zu: %s", i, err.message);
    }
    /* inside a project: an unknown code, positions backwards */
    static const struct {
        const char *sel;
        const char *msg;
    } p[] = {
        {"<PlainTextSelection guid=\"dddddddd-0000-4000-8000-000000000001\" startPosition=\"1\" endPosition=\"3\">"
         "<Coding guid=\"eeeeeeee-0000-4000-8000-000000000001\"><CodeRef targetGUID=\"ffffffff-0000-4000-8000-000000000001\"/></Coding>"
         "</PlainTextSelection>",
         "lacks"},
        {"<PlainTextSelection guid=\"dddddddd-0000-4000-8000-000000000001\" startPosition=\"3\" endPosition=\"1\"/>",
         "before startPosition"},
        {"<PlainTextSelection guid=\"dddddddd-0000-4000-8000-000000000001\" startPosition=\"-3\" endPosition=\"1\"/>",
         "whole numbers"},
    };
    for (size_t i = 0; i < sizeof p / sizeof p[0]; i++) {
        char xml[2048];
        snprintf(
            xml, sizeof xml,
            "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"
            "<CodeBook><Codes><Code guid=\"bbbbbbbb-0000-4000-8000-000000000001\" name=\"a\" isCodable=\"true\"/></Codes></CodeBook>\n"
            "<Sources><TextSource guid=\"cccccccc-0000-4000-8000-000000000001\" name=\"d\">\n%s\n</TextSource></Sources>\n"
            "</Project>\n",
            p[i].sel);
        const char *qn[] = {"project.qde"}, *qt[] = {xml};
        make_zip(qdpx, qn, qt, 1);
        ck_assert_int_eq(import_gold(qdpx, NULL, out, &err), GRILLE_ESCHEMA);
        ck_assert_ptr_nonnull(strstr(err.file, ":project.qde"));
        ck_assert_uint_eq(err.line, 5);
        ck_assert_msg(strstr(err.message, p[i].msg) != NULL, "case %zu: %s", i, err.message);
    }
    /* a codebook has no codings */
    const char *cbk = "<?xml version=\"1.0\"?>\n<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>"
                      "<Code guid=\"bbbbbbbb-0000-4000-8000-000000000001\" name=\"a\" isCodable=\"true\"/>"
                      "</Codes></CodeBook>\n";
    spit(qdc, cbk, strlen(cbk));
    ck_assert_int_eq(import_gold(qdc, NULL, out, &err), GRILLE_ESCHEMA);
    ck_assert_ptr_nonnull(strstr(err.message, "holds no codings"));
    /* nothing was written on any failure */
    ck_assert_int_eq(ftell(out), 0);
    fclose(out);
    for (int i = 0; i < 2; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    grille_codebook_free(cb);
    remove(qdpx);
    remove(qdc);
}
END_TEST

/* ------------------------------------------------------------------ */
/* A damaged project is refused, with where and why                     */

#define VAL_HEAD                                                                                           \
    "<?xml version=\"1.0\"?>\n<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">\n"                    \
    "<CodeBook><Codes><Code guid=\"bbbbbbbb-0000-4000-8000-000000000001\" name=\"a\" isCodable=\"true\"/>" \
    "</Codes></CodeBook>\n<Sources>\n"
#define VAL_TAIL "</Sources>\n</Project>\n"
#define VAL_SEL(a, b)                                                                            \
    "<PlainTextSelection guid=\"dddddddd-0000-4000-8000-000000000001\" startPosition=\"" a "\" " \
    "endPosition=\"" b "\"><Coding guid=\"eeeeeeee-0000-4000-8000-000000000001\">"               \
    "<CodeRef targetGUID=\"bbbbbbbb-0000-4000-8000-000000000001\"/></Coding></PlainTextSelection>\n"
#define VAL_SRC(n, name, path) \
    "<TextSource guid=\"cccccccc-0000-4000-8000-00000000000" n "\" name=\"" name "\" plainTextPath=\"" path "\">\n"

/* Imports the gold of a project.qde with sources/x.txt holding text (and
 * sources/y.txt "y"); returns the status, the gold in *gold. */
static int import_project(const char *qde, const char *text, grille_error *err, char **gold) {
    const char *qdpx = tmp_path("val.qdpx");
    const char *names[] = {"project.qde", "sources/x.txt", "sources/y.txt"}, *texts[] = {qde, text, "y"};
    make_zip(qdpx, names, texts, 3);
    size_t len = 0;
    *gold = NULL;
    FILE *f = open_memstream(gold, &len);
    int rc = import_gold(qdpx, NULL, f, err);
    fclose(f);
    remove(qdpx);
    return rc;
}

/* One project per case, with the file, line:column and message expected. */
static const struct damaged {
    const char *sources, *text, *file;
    unsigned line, col;
    const char *msg;
} damaged[] = {
    {VAL_SRC(
         "1", "d1",
         "internal://x.txt") "</TextSource>\n"
                             "<TextSource guid=\"{CCCCCCCC-0000-4000-8000-000000000001}\" name=\"d2\" plainTextPath=\"internal://y.txt\"/>\n",
     "abc", ":project.qde", 7, 0,
     "two <TextSource> have the GUID cccccccc-0000-4000-8000-000000000001 (lines 5 and 7)"},
    {VAL_SRC("1", "d", "internal://x.txt") "</TextSource>\n" VAL_SRC("2", "d", "internal://y.txt") "</TextSource>\n",
     "abc", ":project.qde", 7, 0,
     "two <TextSource> are named 'd' (lines 5 and 7): the gold could not tell their codings apart"},
    {VAL_SRC("1", "d.docx", "internal://x.txt") "</TextSource>\n" VAL_SRC("2", "d.txt",
                                                                          "internal://y.txt") "</TextSource>\n",
     "abc", ":project.qde", 7, 0,
     "<TextSource> 'd.docx' (line 5) and 'd.txt' (line 7) both give the document 'd': "
     "the gold could not tell their codings apart"},
    /* "le réseau" is 9 code points in 10 bytes */
    {VAL_SRC("1", "d", "internal://x.txt") VAL_SEL("5", "10") "</TextSource>\n", "le r\xC3\xA9seau", ":project.qde", 6,
     0, "endPosition 10 is past the end of the source 'd' (9 code points)"},
    {VAL_SRC("1", "d", "internal://x.txt") VAL_SEL("12", "14") "</TextSource>\n", "le r\xC3\xA9seau", ":project.qde", 6,
     0, "startPosition 12 is past the end of the source 'd' (9 code points)"},
    {"<TextSource guid=\"cccccccc-0000-4000-8000-000000000001\" name=\"d\">"
     "<PlainTextContent>abc</PlainTextContent>\n" VAL_SEL("1", "4") "</TextSource>\n",
     "", ":project.qde", 6, 0, "endPosition 4 is past the end of the source 'd' (3 code points)"},
    {VAL_SRC("1", "d", "internal://none.txt") VAL_SEL("1", "2") "</TextSource>\n", "abc", ":project.qde", 5, 0,
     "the text of <TextSource> 'd' (internal://none.txt) is not in the archive: no sources/none.txt"},
    /* two errors: the first in the file is told, though its entry (y.txt)
     * comes after the other's in the archive */
    {VAL_SRC("1", "d", "internal://y.txt") VAL_SEL("0", "2") "</TextSource>\n" VAL_SRC("2", "e", "internal://x.txt")
         VAL_SEL("12", "14") "</TextSource>\n",
     "le r\xC3\xA9seau", ":project.qde", 6, 0, "endPosition 2 is past the end of the source 'd' (1 code point)"},
    /* Latin-1: the é is byte 7, line 2, column 5 */
    {VAL_SRC("1", "d", "internal://x.txt") VAL_SEL("1", "2") "</TextSource>\n", "ab\nle r\xE9seau", ":sources/x.txt", 2,
     5, "the text of <TextSource> 'd' is not UTF-8 (byte 7)"},
};

START_TEST(test_import_damaged_projects) {
    const struct damaged *v = &damaged[_i];
    char qde[4096];
    snprintf(qde, sizeof qde, "%s%s%s", VAL_HEAD, v->sources, VAL_TAIL);
    grille_error err;
    char *gold;
    ck_assert_int_eq(import_project(qde, v->text, &err, &gold), GRILLE_ESCHEMA);
    ck_assert_msg(strlen(err.file) > strlen(v->file) &&
                      strcmp(err.file + strlen(err.file) - strlen(v->file), v->file) == 0,
                  "%s", err.file);
    ck_assert_msg(err.line == v->line && err.column == v->col, "%u:%u", err.line, err.column);
    ck_assert_str_eq(err.message, v->msg);
    ck_assert_str_eq(gold, ""); /* nothing written */
    free(gold);
}
END_TEST

START_TEST(test_import_positions_at_the_edges) {
    /* a selection may end at the last code point; a path in another case
     * finds its entry; a source outside the archive cannot be checked */
    const char *qde = VAL_HEAD VAL_SRC("1", "d", "internal://X.TXT") VAL_SEL("4", "9")
        VAL_SEL("0", "0") "</TextSource>\n" VAL_SRC("2", "e", "absolute:///nowhere.txt")
            VAL_SEL("100", "200") "</TextSource>\n" VAL_TAIL;
    grille_error err;
    char *gold;
    ck_assert_int_eq(import_project(qde, "le r\xC3\xA9seau", &err, &gold), GRILLE_OK);
    ck_assert_str_eq(gold, "document\tstart\tend\ttheme\tcoder\tquote\n"
                           "d\t4\t9\ta\tunknown\t\xC3\xA9seau\n"
                           "e\t100\t200\ta\tunknown\t\n");
    free(gold);
}
END_TEST

/* The first n code points of s, in bytes. */
static size_t cp_bytes(const char *s, size_t n) {
    size_t b = 0;
    for (; n; n--) do
            b++;
        while (((unsigned char)s[b] & 0xC0) == 0x80);
    return b;
}

START_TEST(test_import_order_and_shared_entries) {
    /* selections listed backwards, and sources that share an entry with a
     * source on another between them: rows in the sources' order, each
     * source's in the order listed, with their quotes */
    gbuf text = {0}, qde = {0};
    for (int i = 0; i < 3000; i++)
        gbuf_printf(&text,
                    "%d le r\xC3\xA9seau, c\xE2\x80\x99"
                    "est le c\xC5\x93ur ; ",
                    i);
    size_t ncp = 0;
    for (size_t b = 0; b < text.len; b++) ncp += ((unsigned char)text.data[b] & 0xC0) != 0x80;
    gbuf_append(&qde, VAL_HEAD, strlen(VAL_HEAD));
    static const char *const srcs[] = {"x", "y", "x"};
    for (int s = 0; s < 3; s++) {
        gbuf_printf(&qde,
                    "<TextSource guid=\"cccccccc-0000-4000-8000-00000000000%d\" name=\"d%d\" "
                    "plainTextPath=\"internal://%s.txt\">\n",
                    s, s, srcs[s]);
        size_t top = s == 1 ? 1 : ncp;
        for (size_t a = top - 1; s != 1 || a == 0; a -= 997) {
            gbuf_printf(&qde,
                        "<PlainTextSelection guid=\"dddddddd-0000-4000-8000-000000000001\" "
                        "startPosition=\"%zu\" endPosition=\"%zu\"><Coding guid=\"eeeeeeee-0000-4000-8000-"
                        "000000000001\"><CodeRef targetGUID=\"bbbbbbbb-0000-4000-8000-000000000001\"/>"
                        "</Coding></PlainTextSelection>\n",
                        a, a + 1);
            if (a < 997) break;
        }
        gbuf_append(&qde, "</TextSource>\n", 14);
    }
    gbuf_append(&qde, VAL_TAIL, strlen(VAL_TAIL));
    grille_error err;
    char *gold;
    ck_assert_int_eq(import_project(qde.data, text.data, &err, &gold), GRILLE_OK);
    gbuf want = {0};
    gbuf_append(&want, "document\tstart\tend\ttheme\tcoder\tquote\n", 37);
    for (int s = 0; s < 3; s++) {
        if (s == 1) {
            gbuf_append(&want, "d1\t0\t1\ta\tunknown\ty\n", 19);
            continue;
        }
        for (size_t a = ncp - 1;; a -= 997) {
            size_t b0 = cp_bytes(text.data, a), b1 = cp_bytes(text.data, a + 1);
            gbuf_printf(&want, "d%d\t%zu\t%zu\ta\tunknown\t%.*s\n", s, a, a + 1, (int)(b1 - b0), text.data + b0);
            if (a < 997) break;
        }
    }
    ck_assert_uint_eq(strlen(gold), want.len);
    ck_assert_str_eq(gold, want.data);
    free(gold);
    /* the same from memory: a bare project with its text inline */
    char *buf = NULL;
    size_t len = 0;
    const char *inline_qde =
        VAL_HEAD "<TextSource guid=\"cccccccc-0000-4000-8000-000000000001\" name=\"d\">"
                 "<PlainTextContent>le r\xC3\xA9seau</PlainTextContent>" VAL_SEL("4", "9") "</TextSource>" VAL_TAIL;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(refi_import_gold_buffer("mem.qde", inline_qde, strlen(inline_qde), NULL, f, &err), GRILLE_OK);
    fclose(f);
    ck_assert_str_eq(buf, "document\tstart\tend\ttheme\tcoder\tquote\nd\t4\t9\ta\tunknown\t\xC3\xA9seau\n");
    free(buf);
    gbuf_free(&want);
    gbuf_free(&text);
    gbuf_free(&qde);
}
END_TEST

START_TEST(test_import_many_codes_of_one_name) {
    /* ids stay unique and as before (the suffix is remembered, not probed
     * from -2 each time): x, x-2, then a code named "x 3", then x-4... */
    static const char *const names[] = {"x", "x", "x 3", "x", "x"};
    static const char *const ids[] = {"x", "x-2", "x-3", "x-4", "x-5"};
    gbuf qdc = {0};
    gbuf_printf(&qdc, "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>");
    for (int i = 0; i < 5; i++)
        gbuf_printf(&qdc, "<Code guid=\"bbbbbbbb-0000-4000-8000-00000000000%d\" name=\"%s\" isCodable=\"true\"/>", i,
                    names[i]);
    gbuf_printf(&qdc, "</Codes></CodeBook>");
    char *buf = NULL;
    size_t len = 0;
    grille_error err;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(refi_import_codebook_buffer("x.qdc", qdc.data, qdc.len, f, &err), GRILLE_OK);
    fclose(f);
    const char *at = buf;
    for (int i = 0; i < 5; i++) {
        char needle[64];
        snprintf(needle, sizeof needle, "<theme id=\"%s\" label=\"%s\"/>", ids[i], names[i]);
        at = strstr(at, needle);
        ck_assert_msg(at != NULL, "no %s in %s", needle, buf);
    }
    free(buf);
    gbuf_free(&qdc);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("refi");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_sha1_vectors);
    tcase_add_test(tc, test_guid_format_and_stability);
    tcase_add_test(tc, test_guid_normalize);
    tcase_add_test(tc, test_slug);
    tcase_add_test(tc, test_qdc_export);
    tcase_add_test(tc, test_write_errors_say_what);
    tcase_add_test(tc, test_qdc_unique_names);
    tcase_add_test(tc, test_qdpx_round_trip);
    tcase_add_test(tc, test_duplicate_document_ids);
    tcase_add_test(tc, test_qdpx_streaming);
    tcase_add_test(tc, test_xml_unsafe_text);
    tcase_add_test(tc, test_document_id_like_a_file_name);
    tcase_add_test(tc, test_import_foreign_project);
    tcase_add_test(tc, test_skeleton_from_qdc);
    tcase_add_test(tc, test_import_errors);
    tcase_add_loop_test(tc, test_import_damaged_projects, 0, sizeof damaged / sizeof damaged[0]);
    tcase_add_test(tc, test_import_positions_at_the_edges);
    tcase_add_test(tc, test_import_order_and_shared_entries);
    tcase_add_test(tc, test_import_many_codes_of_one_name);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)
