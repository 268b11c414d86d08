/* sqlite.c - a coding run as an SQLite database a researcher can query
 * (or open in a browser for SQLite): documents, variables, units, themes,
 * rules, coded segments and their hits.  The schema is documented in
 * doc/sqlite-schema.sql, which is also what creates it. */
#include "codebook.h"
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

extern const char grille_sqlite_schema[]; /* sqlite_schema.c, generated from doc/sqlite-schema.sql */

typedef struct db {
    sqlite3 *h;
    grille_error *err;
    const char *path;
} db;

static int db_fail(db *d, const char *what) {
    return grille_fail(d->err, GRILLE_EIO, d->path, 0, 0, 0, "SQLite: %s: %s", what,
                       d->h ? sqlite3_errmsg(d->h) : grille_msg("cannot open"));
}

static int prep(db *d, sqlite3_stmt **st, const char *sql) {
    if (sqlite3_prepare_v2(d->h, sql, -1, st, NULL) != SQLITE_OK) return db_fail(d, "prepare");
    return GRILLE_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s, size_t n) {
    sqlite3_bind_text(st, i, s, (int)n, SQLITE_TRANSIENT);
}

static void bind_str(sqlite3_stmt *st, int i, const char *s) {
    if (s) sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else sqlite3_bind_null(st, i);
}

static int step(db *d, sqlite3_stmt *st) {
    int rc = sqlite3_step(st);
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
    return rc == SQLITE_DONE ? GRILLE_OK : db_fail(d, "insert");
}

static int write_codebook(db *d, const grille_codebook *cb) {
    sqlite3_stmt *st = NULL;
    int rc = prep(d, &st,
                  "INSERT INTO themes(id, parent, path, label, description, color, depth, position) "
                  "VALUES (?,?,?,?,?,?,?,?)");
    for (size_t t = 0; rc == GRILLE_OK && t < cb->nthemes; t++) {
        const ctheme *th = &cb->themes[t];
        bind_str(st, 1, th->id);
        bind_str(st, 2, th->parent >= 0 ? cb->themes[th->parent].id : NULL);
        bind_str(st, 3, th->path);
        bind_str(st, 4, th->label);
        bind_str(st, 5, th->description);
        bind_str(st, 6, th->color[0] ? th->color : NULL);
        sqlite3_bind_int(st, 7, th->depth);
        sqlite3_bind_int64(st, 8, (sqlite3_int64)t);
        rc = step(d, st);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == GRILLE_OK)
        rc =
            prep(d, &st,
                 "INSERT INTO rules(id, theme, kind, parent, exclude, pattern, weight, line) VALUES (?,?,?,?,?,?,?,?)");
    for (size_t r = 0; rc == GRILLE_OK && r < cb->nrules; r++) {
        const rnode *n = &cb->rules[r];
        bind_str(st, 1, n->id);
        bind_str(st, 2, cb->themes[n->theme].id);
        bind_str(st, 3, grille_rule_kind_name(n->kind));
        bind_str(st, 4, n->parent >= 0 ? cb->rules[n->parent].id : NULL);
        sqlite3_bind_int(st, 5, n->exclude);
        bind_str(st, 6, n->text);
        sqlite3_bind_double(st, 7, n->weight);
        sqlite3_bind_int(st, 8, (int)n->line);
        rc = step(d, st);
    }
    sqlite3_finalize(st);
    return rc;
}

static int write_document(db *d, const grille_codebook *cb, const grille_coding *c, sqlite3_stmt *const *st) {
    const grille_document *doc = grille_coding_document(c);
    const char *id = grille_document_id(doc), *text = grille_document_text(doc);
    bind_str(st[0], 1, id);
    bind_str(st[0], 2, grille_document_name(doc));
    bind_str(st[0], 3, grille_document_format(doc));
    sqlite3_bind_int64(st[0], 4, (sqlite3_int64)grille_document_size(doc));
    bind_text(st[0], 5, text, grille_document_size(doc));
    sqlite3_bind_int64(st[0], 6, (sqlite3_int64)grille_coding_unit_count(c));
    sqlite3_bind_int64(st[0], 7, (sqlite3_int64)grille_coding_word_count(c));
    int rc = step(d, st[0]);
    for (size_t i = 0; rc == GRILLE_OK && i < grille_document_variable_count(doc); i++) {
        const char *k, *v;
        grille_document_variable_get(doc, i, &k, &v);
        bind_str(st[1], 1, id);
        bind_str(st[1], 2, k);
        bind_str(st[1], 3, v);
        rc = step(d, st[1]);
    }
    /* every unit of coded speech, coded or not, so shares can be computed */
    for (size_t i = 0; rc == GRILLE_OK && i < grille_coding_unit_count(c); i++) {
        grille_unit u;
        grille_document_unit_get(doc, cb->unit, grille_coding_unit_get(c, i), &u);
        bind_str(st[2], 1, id);
        bind_str(st[2], 2, grille_unit_kind_name(u.kind));
        sqlite3_bind_int64(st[2], 3, (sqlite3_int64)u.index);
        sqlite3_bind_int64(st[2], 4, (sqlite3_int64)u.turn);
        long ms = grille_document_turn_time(doc, u.turn);
        if (ms >= 0) sqlite3_bind_int64(st[2], 5, (sqlite3_int64)ms);
        else sqlite3_bind_null(st[2], 5);
        bind_str(st[2], 6, grille_document_turn_speaker(doc, u.turn));
        sqlite3_bind_int(st[2], 7, (int)u.span.line);
        sqlite3_bind_int64(st[2], 8, (sqlite3_int64)u.span.byte_start);
        sqlite3_bind_int64(st[2], 9, (sqlite3_int64)u.span.byte_end);
        sqlite3_bind_int64(st[2], 10, (sqlite3_int64)u.span.cp_start);
        sqlite3_bind_int64(st[2], 11, (sqlite3_int64)u.span.cp_end);
        bind_text(st[2], 12, text + u.span.byte_start, u.span.byte_end - u.span.byte_start);
        rc = step(d, st[2]);
    }
    for (size_t i = 0; rc == GRILLE_OK && i < grille_coding_segment_count(c); i++) {
        const grille_segment *s = grille_coding_segment_get(c, i);
        bind_str(st[3], 1, id);
        sqlite3_bind_int64(st[3], 2, (sqlite3_int64)s->unit_index);
        bind_str(st[3], 3, s->theme_id);
        sqlite3_bind_double(st[3], 4, s->score);
        sqlite3_bind_int(st[3], 5, (s->flags & GRILLE_SEGMENT_PRIMARY) != 0);
        rc = step(d, st[3]);
        sqlite3_int64 seg = sqlite3_last_insert_rowid(d->h);
        for (size_t h = 0; rc == GRILLE_OK && h < s->hit_count; h++) {
            const grille_hit *hit = &s->hits[h];
            sqlite3_bind_int64(st[4], 1, seg);
            bind_str(st[4], 2, hit->rule_id);
            bind_str(st[4], 3, grille_rule_kind_name(hit->kind));
            sqlite3_bind_int64(st[4], 4, (sqlite3_int64)hit->span.byte_start);
            sqlite3_bind_int64(st[4], 5, (sqlite3_int64)hit->span.byte_end);
            sqlite3_bind_int64(st[4], 6, (sqlite3_int64)hit->span.cp_start);
            sqlite3_bind_int64(st[4], 7, (sqlite3_int64)hit->span.cp_end);
            bind_text(st[4], 8, text + hit->span.byte_start, hit->span.byte_end - hit->span.byte_start);
            sqlite3_bind_int(st[4], 9, (hit->flags & GRILLE_HIT_AMBIGUOUS) != 0);
            rc = step(d, st[4]);
        }
    }
    return rc;
}

static const char *const insert_sql[5] = {
    "INSERT INTO documents(id, path, format, size_bytes, text, units, words) VALUES (?,?,?,?,?,?,?)",
    "INSERT INTO variables(document, key, value) VALUES (?,?,?)",
    "INSERT INTO units(document, kind, unit_index, turn, time_ms, speaker, line, byte_start, byte_end, "
    "cp_start, cp_end, text) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO segments(document, unit_index, theme, score, is_primary) VALUES (?,?,?,?,?)",
    "INSERT INTO hits(segment, rule, kind, byte_start, byte_end, cp_start, cp_end, text, ambiguous) "
    "VALUES (?,?,?,?,?,?,?,?,?)"};

/* One transaction from new to close: a database is whole or has no row
 * of the run; SQLite's page cache spills to its journal, so memory does
 * not grow with the corpus. */
struct grille_sqlite {
    db d;
    const grille_codebook *cb;
    sqlite3_stmt *st[5];
    char *path;
    int failed; /* an add failed: close rolls back */
};

static void sqlite_release(grille_sqlite *w) {
    for (int i = 0; i < 5; i++) sqlite3_finalize(w->st[i]);
    sqlite3_close(w->d.h);
    free(w->path);
    free(w);
}

grille_sqlite *grille_sqlite_new(const char *path, const grille_codebook *cb, grille_error *err) {
    grille_error_clear(err);
    if (!path || !cb) {
        grille_fail(err, GRILLE_EUSAGE, path ? path : "", 0, 0, 0, !path ? "no path" : "no codebook");
        return NULL;
    }
    grille_sqlite *w = calloc(1, sizeof *w);
    char *copy = w ? strdup(path) : NULL;
    if (!copy) {
        free(w);
        grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
        return NULL;
    }
    w->path = copy;
    w->cb = cb;
    w->d = (db){NULL, err, w->path};
    /* a new database, not an old one with rows added; an empty file (the
     * temporary one a caller made, with the mode the output must have) is
     * one already */
    struct stat sb;
    if (stat(path, &sb) != 0 || sb.st_size != 0) remove(path);
    if (sqlite3_open_v2(path, &w->d.h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        db_fail(&w->d, "open");
        sqlite_release(w);
        return NULL;
    }
    char *msg = NULL;
    /* the rollback journal in memory: the run's one transaction leaves no
     * FILE-journal beside the database when the program is killed (the
     * file itself is a temporary one, or is replaced); a new database
     * journals only its few schema pages */
    if (sqlite3_exec(w->d.h, "PRAGMA journal_mode=MEMORY", NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(w->d.h, grille_sqlite_schema, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(w->d.h, "BEGIN", NULL, NULL, &msg) != SQLITE_OK) {
        grille_fail(err, GRILLE_EIO, path, 0, 0, 0, "SQLite: %s", msg ? msg : "error");
        sqlite3_free(msg);
        sqlite_release(w);
        return NULL;
    }
    int rc = write_codebook(&w->d, cb);
    for (int i = 0; rc == GRILLE_OK && i < 5; i++) rc = prep(&w->d, &w->st[i], insert_sql[i]);
    if (rc) {
        sqlite_release(w);
        return NULL;
    }
    return w;
}

int grille_sqlite_add(grille_sqlite *w, const grille_coding *c, grille_error *err) {
    grille_error_clear(err);
    if (!w || !c) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, !w ? "no database" : "no coding");
    if (w->failed) return grille_fail(err, GRILLE_EUSAGE, w->path, 0, 0, 0, "an earlier document failed");
    w->d.err = err;
    int rc = write_document(&w->d, w->cb, c, w->st);
    if (rc) w->failed = 1;
    return rc;
}

void grille_sqlite_free(grille_sqlite *w) {
    if (!w) return;
    for (int i = 0; i < 5; i++) {
        sqlite3_finalize(w->st[i]);
        w->st[i] = NULL;
    }
    sqlite3_exec(w->d.h, "ROLLBACK", NULL, NULL, NULL);
    sqlite_release(w);
}

int grille_sqlite_close(grille_sqlite *w, grille_error *err) {
    grille_error_clear(err);
    if (!w) return GRILLE_OK;
    w->d.err = err;
    for (int i = 0; i < 5; i++) {
        sqlite3_finalize(w->st[i]);
        w->st[i] = NULL;
    }
    int rc = GRILLE_OK;
    char *msg = NULL;
    if (w->failed) {
        /* no half run: the rows of the documents added go too */
        sqlite3_exec(w->d.h, "ROLLBACK", NULL, NULL, NULL);
        rc = grille_fail(err, GRILLE_EUSAGE, w->path, 0, 0, 0, "a document failed: nothing committed");
    } else if (sqlite3_exec(w->d.h, "COMMIT", NULL, NULL, &msg) != SQLITE_OK) {
        rc = grille_fail(err, GRILLE_EIO, w->path, 0, 0, 0, "SQLite: %s", msg ? msg : "error");
        sqlite3_free(msg);
    }
    if (sqlite3_close(w->d.h) != SQLITE_OK && rc == GRILLE_OK) rc = db_fail(&w->d, "close");
    w->d.h = NULL;
    sqlite_release(w);
    return rc;
}

int grille_export_sqlite(const char *path, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                         grille_error *err) {
    grille_error e;
    grille_sqlite *w = grille_sqlite_new(path, cb, &e);
    int rc = w ? GRILLE_OK : e.code;
    for (size_t i = 0; rc == GRILLE_OK && i < n; i++) rc = grille_sqlite_add(w, codings[i], &e);
    if (w) {
        grille_error closing;
        int crc = grille_sqlite_close(w, &closing);
        if (rc == GRILLE_OK) {
            rc = crc;
            e = closing;
        }
    }
    if (err) {
        if (rc) *err = e;
        else grille_error_clear(err);
    }
    return rc;
}
