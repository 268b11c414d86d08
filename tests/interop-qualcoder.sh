#!/bin/sh
# interop-qualcoder.sh - grille's REFI-QDA files through the real client:
# QualCoder's own import and export code, run headless by the harness in
# ../shared/interop (next to the source tree).  The sample corpora are
# exported; QualCoder imports them (every coding at the same positions
# with the same text, every code with its colour and parent, every
# document with its variables, checked in QualCoder's database by
# interop_qualcoder.py); QualCoder exports its project; grille imports
# that and 'grille eval' compares it with grille's own coding: 1.000 on
# every theme.  Skipped (77) without the harness or its Debian packages
# (scripts/install-deps.sh installs them).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
needs refi interop-qualcoder
S="$top_srcdir"
I="$S/../shared/interop"
PY=/usr/bin/python3 # Debian's interpreter, which sees the python3-* packages
if [ ! -f "$I/qc_harness.py" ] || [ ! -d "$I/qualcoder/src/qualcoder" ]; then
    echo "interop-qualcoder: no QualCoder harness in $I: skipped"
    exit 77
fi
if ! "$PY" -c 'import PyQt6.QtWidgets, PyQt6.QtSvg, PyQt6.QtMultimedia, PIL, fitz, qtawesome, openpyxl, pandas, odf, charset_normalizer, diff_match_patch, emoji, matplotlib, networkx, pdfminer, ply, vlc, requests, markdown_it, httpx, pydantic, ebooklib, pylatexenc, Bio, plotly, wordcloud' 2>/dev/null; then
    echo "interop-qualcoder: the Python packages of QualCoder are missing (scripts/install-deps.sh): skipped"
    exit 77
fi
# QualCoder writes its settings in HOME; Qt draws nothing
mkdir -p "$work/home" "$work/run" "$work/qc"
chmod 700 "$work/run"
export HOME="$work/home" XDG_RUNTIME_DIR="$work/run" QT_QPA_PLATFORM=offscreen

CB="$S/codebooks/dts-fr.xml"
# grille's coding and its export (ids relative to corpora/)
if ( cd "$S" && "$G" code -c "$CB" -o "$work/segments.tsv" corpora 2>/dev/null &&
     "$G" export -c "$CB" -o "$work/grille.qdpx" corpora 2>/dev/null ); then ok
else ko "grille code or export"; fi

# QualCoder imports it
"$PY" "$I/qc_harness.py" import "$work/grille.qdpx" "$work/qc/proj" >"$work/import.log" 2>&1
if [ $? -eq 0 ] && grep -q '^\[harness\] import returned normally' "$work/import.log" &&
   ! grep -qi 'cannot\|error\|traceback' "$work/import.log"; then ok
else ko "QualCoder's import"; grep -i 'cannot\|error\|traceback' "$work/import.log" | head -20; fi

# what QualCoder holds is what grille coded
if "$PY" "$S/tests/interop_qualcoder.py" "$work/qc/proj.qda/data.qda" "$work/segments.tsv" "$work/grille.qdpx" \
    "$S/corpora" "$I/qualcoder/src" >"$work/compare.out" 2>&1; then ok; cat "$work/compare.out"
else ko "QualCoder's project differs from grille's coding"; cat "$work/compare.out"; fi

# QualCoder exports it, grille imports that: grille's own coding back
"$PY" "$I/qc_harness.py" export "$work/qc/proj.qda" "$work/qc" >"$work/export.log" 2>&1
if [ $? -eq 0 ] && [ -f "$work/qc/proj.qdpx" ]; then ok
else ko "QualCoder's export"; tail -20 "$work/export.log"; fi
# as many documents and selections as grille coded (counted from its segments)
ndocs=$(tail -n +2 "$work/segments.tsv" | cut -f1 | sort -u | wc -l | tr -d ' ')
nsel=$(tail -n +2 "$work/segments.tsv" | wc -l | tr -d ' ')
if "$G" import qdpx "$work/qc/proj.qdpx" -c "$CB" -o "$work/gold.tsv" --report 2>"$work/report" &&
   grep -q '^codes: 48, 48 by label path$' "$work/report" &&
   grep -q "^documents: $ndocs; selections: $nsel, on word boundaries at both ends: $nsel\$" "$work/report"; then ok
else ko "grille import of QualCoder's export"; cat "$work/report"; fi
( cd "$S" && "$G" eval -c "$CB" --gold "$work/gold.tsv" corpora 2>/dev/null ) >"$work/eval.md"
# every theme's row: precision, recall, F1, kappa and alpha all 1.000
rows=$(grep '^| ' "$work/eval.md" | grep -vc '^| theme |')
perfect=$(grep -c '^| .* | 1\.000 | 1\.000 | 1\.000 | 1\.000 | 1\.000 |$' "$work/eval.md")
if [ "$rows" = 49 ] && [ "$perfect" = 49 ] && grep -q '^| (all themes) ' "$work/eval.md"; then
    ok; echo "eval of QualCoder's export against grille's coding: $perfect of $rows rows at 1.000"
else ko "eval: $perfect of $rows rows at 1.000"; grep -v '1.000 | 1.000 | 1.000 | 1.000 | 1.000 |$' "$work/eval.md" | head -20; fi

echo "interop-qualcoder: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
