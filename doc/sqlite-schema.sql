-- The database `grille export --format sqlite` writes (grille 0.1).
-- Offsets are into each document's text (documents.text: the file itself
-- for a UTF-8 text file, else the plain text grille extracted from it, as
-- `grille text` prints it), from 0, end exclusive: bytes (byte_*) and
-- Unicode code points (cp_*); lines from 1.
-- Example: units per theme and document type
--   SELECT s.theme, v.value AS type, count(*) FROM segments s
--   JOIN variables v ON v.document = s.document AND v.key = 'type'
--   GROUP BY s.theme, v.value;
PRAGMA foreign_keys = ON;

-- One row per transcript.
CREATE TABLE documents (
    id         TEXT PRIMARY KEY,   -- path relative to the corpus folder, without extension
    path       TEXT NOT NULL,      -- the file as read
    format     TEXT NOT NULL,      -- "UTF-8", "Windows-1252", "Word (.docx)", "WebVTT"...
    size_bytes INTEGER NOT NULL,   -- of the text
    text       TEXT NOT NULL,      -- the text the offsets count in
    units      INTEGER NOT NULL,   -- units (of the codebook's kind) in coded speech
    words      INTEGER NOT NULL    -- words in coded speech
);

-- The variables of each transcript: its header (front matter, Iramuteq
-- stars, "Date : ..." lines), its document properties (.docx, .odt) and
-- the variables table.
CREATE TABLE variables (
    document TEXT NOT NULL REFERENCES documents(id),
    key      TEXT NOT NULL,        -- lower case
    value    TEXT NOT NULL,
    PRIMARY KEY (document, key)
);

-- The codebook's themes, parents before their sub-themes.
CREATE TABLE themes (
    id          TEXT PRIMARY KEY,
    parent      TEXT REFERENCES themes(id),
    path        TEXT NOT NULL,     -- "missions/missions.reseau"
    label       TEXT NOT NULL,
    description TEXT NOT NULL,
    color       TEXT,              -- "#RRGGBB" or NULL
    depth       INTEGER NOT NULL,  -- 0 for a top-level theme
    position    INTEGER NOT NULL   -- order in the codebook
);

-- Every rule, nested ones and those of <exclude> included.
CREATE TABLE rules (
    id      TEXT PRIMARY KEY,      -- given, or derived from theme, kind and text:
                                   -- "missions#word:mission*", "missions#exclude:phrase:chargé* de mission*",
                                   -- "missions#near:1a2b3c4d/word:acteur*" (~2 for a second same rule)
    theme   TEXT NOT NULL REFERENCES themes(id),
    kind    TEXT NOT NULL,         -- word, phrase, lemma, regex, near, all, any
    parent  TEXT REFERENCES rules(id),
    exclude INTEGER NOT NULL,      -- 1 inside an <exclude>
    pattern TEXT,                  -- the text of a word, phrase, lemma or regex
    weight  REAL NOT NULL,         -- what each match adds to the theme's score (1 by default)
    line    INTEGER NOT NULL       -- in the codebook file
);

-- Every unit of coded speech (sentence, paragraph or turn), coded or not.
CREATE TABLE units (
    document   TEXT NOT NULL REFERENCES documents(id),
    kind       TEXT NOT NULL,      -- sentence, paragraph or turn
    unit_index INTEGER NOT NULL,   -- among the document's units of this kind
    turn       INTEGER NOT NULL,
    time_ms    INTEGER,            -- when the turn starts in the recording, or NULL
    speaker    TEXT NOT NULL,      -- "" when the text has no speaker labels
    line       INTEGER NOT NULL,
    byte_start INTEGER NOT NULL, byte_end INTEGER NOT NULL,
    cp_start   INTEGER NOT NULL, cp_end   INTEGER NOT NULL,
    text       TEXT NOT NULL,
    PRIMARY KEY (document, unit_index)
);

-- A unit coded with a theme (the theme's own rules; no roll-up).
CREATE TABLE segments (
    id         INTEGER PRIMARY KEY,
    document   TEXT NOT NULL,
    unit_index INTEGER NOT NULL,
    theme      TEXT NOT NULL REFERENCES themes(id),
    score      REAL NOT NULL,      -- the theme's rules' matches times their weights
    is_primary INTEGER NOT NULL,   -- 1 on the unit's primary theme (highest score, then codebook order)
    FOREIGN KEY (document, unit_index) REFERENCES units(document, unit_index)
);
CREATE INDEX segments_theme ON segments(theme);
CREATE INDEX segments_unit ON segments(document, unit_index);

-- The rule matches that support each segment.
CREATE TABLE hits (
    segment    INTEGER NOT NULL REFERENCES segments(id),
    rule       TEXT NOT NULL REFERENCES rules(id),
    kind       TEXT NOT NULL,      -- kind of the matching rule
    byte_start INTEGER NOT NULL, byte_end INTEGER NOT NULL,
    cp_start   INTEGER NOT NULL, cp_end   INTEGER NOT NULL,
    text       TEXT NOT NULL,      -- the matched text
    ambiguous  INTEGER NOT NULL    -- 1: a lemma rule matched a word with several lemmas
);
CREATE INDEX hits_segment ON hits(segment);
