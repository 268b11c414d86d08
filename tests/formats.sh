#!/bin/sh
# formats.sh - the researcher's own files: each fixture of tests/data/formats
# (made by LibreOffice, iconv, or as the transcription tools write them)
# gives the same coded units, speakers and themes as the UTF-8 original;
# Word and LibreOffice files are read with tracked changes accepted and
# without comments, notes, headers or footers; speakers conventions.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
F="$top_srcdir/tests/data/formats"
ORIG="$top_srcdir/corpora/illustratifs/ei-01-cls-petr-rural.txt"
cd "$top_srcdir" || exit 1

# speaker, theme and unit text of every coded segment, sorted; the
# diarised labels of WhisperX mapped to the original's
coded() {
    "$G" code --variables "$F/variables.csv" "$@" 2>>"$work/stderr" | tail -n +2 | cut -f2,12,18 |
        sed -e 's/^SPEAKER_00	/Enquêtrice	/' -e 's/^SPEAKER_01	/Coordinatrice	/' | sort
}
"$G" code "$ORIG" | tail -n +2 | cut -f2,12,18 | sort >"$work/ref"
[ "$(wc -l <"$work/ref")" -gt 50 ] && ok || ko "the original gives too few segments"
for f in ei-01.docx ei-01.odt ei-01-utf16le.txt ei-01-utf16be.txt ei-01-cp1252.txt ei-01.vtt ei-01.srt \
    ei-01-noscribe.html ei-01-noscribe.vtt ei-01-whisperx.json; do
    coded "$F/$f" >"$work/got"
    if diff -u "$work/ref" "$work/got" >"$work/diff"; then ok; else ko "$f codes differently from the .txt"; head -20 "$work/diff"; fi
done
# `grille text --header` writes a transcript that reads back the same
"$G" text --header --variables "$F/variables.csv" "$F/ei-01.vtt" >"$work/ei-01.txt" 2>/dev/null
"$G" code "$work/ei-01.txt" 2>/dev/null | tail -n +2 | cut -f2,12,18 | sort >"$work/got"
diff -q "$work/ref" "$work/got" >/dev/null && ok || ko "grille text --header of ei-01.vtt does not code as the original"
# `grille text -o DIR` writes one file per transcript, never over its input
mkdir -p "$work/texts"
"$G" text -o "$work/texts" "$F/ei-01.docx" "$F/initials.txt" 2>/dev/null
[ -f "$work/texts/ei-01.txt" ] && [ -f "$work/texts/initials.txt" ] &&
    cmp -s "$work/texts/ei-01.txt" "$ORIG" && ok || ko "grille text -o: ei-01.docx does not give the .txt back"
cp "$F/initials.txt" "$work/texts/initials.txt"
"$G" text -o "$work/texts" "$work/texts/initials.txt" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "the transcript itself" "$work/err" && ok || ko "grille text -o over its own input"
# the variables of files without a header come from the table
"$G" tokens --variables "$F/variables.csv" "$F/ei-01.vtt" 2>/dev/null | grep -q "^# variable	dispositif	CLS$" && ok ||
    ko "ei-01.vtt did not get its variables from variables.csv"
# encodings are said; UTF-16 with a BOM needs no warning
"$G" code "$F/ei-01-cp1252.txt" 2>&1 >/dev/null | grep -q "ei-01-cp1252.txt:2: read as Windows-1252" && ok ||
    ko "no warning for the Windows-1252 guess"
"$G" code "$F/ei-01-utf16le.txt" 2>&1 >/dev/null | grep -q "read as" && ko "a warning for UTF-16 with a BOM" || ok
# turn times of subtitles reach the segments
"$G" code "$F/ei-01.vtt" | awk -F'\t' 'NR > 1 && $6 !~ /^[0-9][0-9]:[0-9][0-9]:[0-9][0-9]$/ { bad = 1 } END { exit bad }' &&
    ok || ko "a segment of ei-01.vtt has no hh:mm:ss time"
# the WhisperX interviewer is guessed, and said
"$G" code "$F/ei-01-whisperx.json" 2>&1 >/dev/null | grep -q "'SPEAKER_00' is taken as the interviewer" && ok ||
    ko "SPEAKER_00 not guessed as the interviewer"

# Word and LibreOffice: what a transcriber's file holds besides speech
for f in realistic.docx realistic.odt; do
    "$G" text "$F/$f" >"$work/text" 2>"$work/err"
    grep -q "se réunit tous les deux mois à la mairie, avec le CMP, le CCAS" "$work/text" && ok ||
        ko "$f: tracked changes not read as accepted"
    for gone in "euh, le CCAS" "vérifier à l’écoute" "Projet territorial de santé mentale, arrêté" \
        "COORD-SANTÉ" "Transcription C. Besson"; do
        grep -q "$gone" "$work/text" && ko "$f: '$gone' (deleted, comment, note, header or footer) is in the text" || ok
    done
    "$G" tokens "$F/$f" >"$work/tokens" 2>/dev/null
    for v in "date	14 mars 2025" "duree	1 h 10" "titre	Entretien avec une coordinatrice CLSM" "date_creation	2025-03-14"; do
        grep -q "^# variable	$v" "$work/tokens" && ok || ko "$f: variable '$v' missing"
    done
    [ "$(grep -c '^# turn' "$work/tokens")" = 13 ] && ok || ko "$f: expected 13 turns"
    grep -q "^# turn.*	Date	" "$work/tokens" && ko "$f: 'Date' taken for a speaker" || ok
done
# only the questions labelled: the answers are coded, as the respondent's
"$G" speakers -f tsv "$F/questions-only.docx" >"$work/sp" 2>/dev/null
grep -q "^questions-only	(répondant)	respondent	yes	" "$work/sp" && ok || ko "questions-only.docx: answers not given to the respondent"
[ "$("$G" code "$F/questions-only.docx" 2>/dev/null | tail -n +2 | cut -f2 | sort -u)" = "(répondant)" ] && ok ||
    ko "questions-only.docx: coded segments are not all the respondent's"

# a directory reads every kind, and says what it skips
mkdir -p "$work/mixed"
cp "$F/ei-01.docx" "$work/mixed/A.DOCX"
cp "$F/ei-01.vtt" "$work/mixed/b.vtt"
cp "$F/initials.txt" "$work/mixed/c.TXT"
echo "notes" >"$work/mixed/notes.xlsx"
"$G" matrix "$work/mixed" >"$work/m.csv" 2>"$work/err"
[ "$(head -1 "$work/m.csv" | tr ',' '\n' | grep -c -e '^A$' -e '^b$' -e '^c$')" = 3 ] && ok || ko "the mixed folder did not give 3 documents"
grep -q "skipped 1 file (unknown kind): .*mixed/notes.xlsx" "$work/err" && ok || ko "notes.xlsx skipped silently"

# damaged files: clear errors, exit 2
printf 'PK\003\004garbage' >"$work/broken.docx"
"$G" code "$work/broken.docx" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "broken.docx" "$work/err" && ok || ko "a damaged .docx is not a clear error"
printf '%%PDF-1.4 x' >"$work/t.pdf"
"$G" code "$work/t.pdf" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "PDF" "$work/err" && ok || ko "a PDF is not a clear error"

# tables beside a corpus: any case, one per folder, not in sub-folders
mkdir -p "$work/t1/sub" "$work/t2"
printf 'E : Bonjour ?\nR : Oui.\n' >"$work/t1/x.txt"
printf 'E : Bonjour ?\nR : Oui.\n' >"$work/t2/y.txt"
printf 'document;type\nx;EI\n' >"$work/t1/Variables.CSV"
printf 'document;type\ny;EC\n' >"$work/t2/variables.csv"
printf 'document;type\nz;EC\n' >"$work/t1/sub/variables.csv"
"$G" matrix -c "$top_srcdir/tests/data/codebooks/minimal.xml" --by type -f tsv "$work/t1" "$work/t2" >"$work/m.tsv" 2>"$work/err"
head -1 "$work/m.tsv" | grep -q "	EC	EI	" && ok || ko "each folder's variables table did not apply to its documents"
grep -q "a table in a sub-folder" "$work/err" && ok || ko "a table in a sub-folder ignored silently"
grep -q "no row of" "$work/err" && ko "a document reported without a row" || ok
# a speakers table needs a speaker column; a speaker who never speaks is said
printf 'document,role\nx,élue\n' >"$work/sp1.csv"
"$G" code --speakers "$work/sp1.csv" "$work/t1/x.txt" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "needs a 'speaker' column" "$work/err" && ok || ko "a speakers table without a speaker column"
printf 'document,speaker,role\nx,Zoé,élue\n' >"$work/sp2.csv"
"$G" code --speakers "$work/sp2.csv" "$work/t1/x.txt" >/dev/null 2>"$work/err"
grep -q "speaker 'Zoé' never speaks" "$work/err" && ok || ko "a table speaker who never speaks"
# a JSON that is no transcript is skipped in a folder, an error when named
printf '{"settings": 1}' >"$work/t2/meta.json"
"$G" code "$work/t2" >/dev/null 2>"$work/err" && grep -q "JSON that is not a Whisper transcript" "$work/err" && ok ||
    ko "a stray JSON in a folder"
"$G" code "$work/t2/meta.json" >/dev/null 2>&1
[ $? = 2 ] && ok || ko "a JSON named on the command line that is no transcript"
# UTF-16 subtitles (Notepad's "Unicode") are read
iconv -f UTF-8 -t UTF-16 "$F/ei-01.srt" >"$work/u16.srt"
[ "$("$G" code "$work/u16.srt" 2>/dev/null | wc -l)" = "$("$G" code "$F/ei-01.srt" 2>/dev/null | wc -l)" ] && ok ||
    ko "a UTF-16 .srt"
# misnamed and protected files
cp "$F/initials.txt" "$work/renamed.docx"
"$G" code "$work/renamed.docx" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "renamed.docx" "$work/err" && ok || ko "a text file named .docx"
printf '\320\317\021\340\241\261\032\341 encrypted' >"$work/secret.docx"
"$G" code "$work/secret.docx" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "password-protected" "$work/err" && ok || ko "a password-protected .docx"
# note groups documents: a speaker grouping is refused clearly
"$G" note -c "$top_srcdir/tests/data/codebooks/minimal.xml" --by speaker "$F/focus-group.txt" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "no document has the variable 'speaker'" "$work/err" && ok || ko "note --by speaker"
# --by is not case-sensitive for speakers either
"$G" matrix -c "$top_srcdir/tests/data/codebooks/minimal.xml" --by Speaker "$F/focus-group.txt" 2>/dev/null |
    head -1 | grep -q "Participante 3" && ok || ko "--by Speaker"

# review cases: a table cell "Mme X." is the label "Mme X"; --by takes a
# column's name with its accents; note works without a type variable;
# a Windows-1252 table says how to fix it; texts are never written into
# the corpus; a binary file named .txt is said to be one
mkdir -p "$work/rv"
printf 'Enquêtrice : Et vous ?\nMme X. : Je suis élue.\nEnquêtrice : Et ensuite ?\nMme X. : Le CLS.\n' >"$work/rv/ei-02.txt"
printf 'document;speaker;R\364le\nei-02;Mme X.;\351lue\n' >"$work/rv-sp.csv"
MINCB="$top_srcdir/tests/data/codebooks/minimal.xml"
"$G" matrix -c "$MINCB" -b "Rôle" --speakers "$work/rv-sp.csv" "$work/rv/ei-02.txt" >"$work/m.csv" 2>"$work/err"
head -1 "$work/m.csv" | grep -q "élue" && ok || ko "--by Rôle with a speakers table whose cell is 'Mme X.'"
grep -q "never speaks" "$work/err" && ko "'Mme X.' said never to speak" || ok
grep -q 'save the table again as "CSV UTF-8"' "$work/err" && ok || ko "the advice for a Windows-1252 table"
"$G" note -c "$MINCB" "$work/rv/ei-02.txt" >/dev/null 2>&1 && ok || ko "note without a type variable"
"$G" text -o "$work/rv/textes" "$work/rv" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "inside the corpus folder" "$work/err" && ok || ko "text -o inside the corpus"
head -c 3000 /bin/ls >"$work/bin.txt" 2>/dev/null || printf 'ELF\000\001binary' >"$work/bin.txt"
"$G" code "$work/bin.txt" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "a binary file" "$work/err" && ok || ko "a binary file named .txt"

# Iramuteq: header keys doc, loc and th<theme> are grille's own star
# names; twice on a star line, Iramuteq's per-variable analyses refuse
# them: they get a 'v' before them, with a warning, the line holds each
# name once
printf -- '---\nloc: Lyon\ndoc: rapport\nthreseau: oui\ntype: EI\n---\nE : Et le réseau ?\nA : Le réseau des élus avance.\n' >"$work/stars.txt"
"$G" export -f iramuteq -c "$MINCB" "$work/stars.txt" >"$work/stars.out" 2>"$work/err"
head -1 "$work/stars.out" | tr ' ' '\n' | grep '^\*' | sed 's/_.*//' | sort | uniq -d >"$work/dups"
if [ $? = 0 ] && [ ! -s "$work/dups" ] &&
   [ "$(head -1 "$work/stars.out")" = "**** *doc_stars *vloc_lyon *vdoc_rapport *vthreseau_oui *type_ei *loc_a *threseau_1 *thelus_1 *thars_0 *thcopil_0 *thproj_0 *thregex_0" ] &&
   grep -q "the variable 'loc' is written \*vloc: \*loc is grille's on the star line" "$work/err" &&
   [ "$(grep -c warning "$work/err")" = 3 ]; then ok
else ko "Iramuteq star names that collide"; head -1 "$work/stars.out"; cat "$work/err"; fi

echo "formats: $pass passed, $fail failed"
[ "$fail" = 0 ]
