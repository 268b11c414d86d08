"""validity_data.py - what bench/validity_context.py and
bench/validity_linear.py both read: the dev/test split and the two golds
of corpora/gold, and, per gold document, its sentences as `grille tokens`
shows them, what `grille code` gives them, and the gold themes of each.
Run from corpora/ (the scripts chdir there); G is the grille binary."""
import collections, csv, subprocess

G = '../build/grille'
TOP = ['missions', 'echelles', 'pilotage', 'ists', 'participation', 'positionnement', 'articulation']


def split():
    """document -> 'dev' or 'test' (gold/split.tsv)"""
    parts = {}
    for l in open('gold/split.tsv'):
        if l.startswith('#') or l.startswith('document'):
            continue
        d, p = l.rstrip('\n').split('\t')
        parts[d] = p
    return parts


def gold():
    """document -> [(first code point, end, top-level theme)]"""
    spans = collections.defaultdict(list)
    for f in ['gold/illustratifs.tsv', 'gold/illustratifs-b.tsv']:
        r = csv.reader(open(f), delimiter='\t')
        next(r)
        for row in r:
            spans[row[0]].append((int(row[1]), int(row[2]), row[3].split('.')[0]))
    return spans


def units(doc, cb, features=False):
    """sentence index -> {turn, s, e (code points), int (interviewer)},
    with f, the set of 'w:form' and 'l:lemma' of its words, if features"""
    out = subprocess.run([G, 'tokens', '-c', cb, doc + '.txt'], capture_output=True, text=True).stdout
    U = {}
    for line in out.split('\n'):
        if line.startswith('# sentence '):
            h = line.split('\t')[0]
            idx = int(h.split()[2])
            turn = int(h.split('turn ')[1].split(',')[0])
            U[idx] = {'turn': turn, 's': None, 'e': None, 'int': False}
            if features:
                U[idx]['f'] = set()
        elif line and line[0].isdigit():
            f = line.split('\t')
            u = U[int(f[0])]
            cs, ce = int(f[4]), int(f[5])
            u['s'] = cs if u['s'] is None else min(u['s'], cs)
            u['e'] = ce if u['e'] is None else max(u['e'], ce)
            if 'interviewer' in f[6]:
                u['int'] = True
            if not features or 'word' not in f[6]:
                continue
            lem = [x.split('/')[0] for x in f[9].split(',') if x] if len(f) > 9 and f[9] else []
            u['f'].add('w:' + f[8])
            for l in lem:
                u['f'].add('l:' + l)
    return U


def coded(doc, cb):
    """(sentence -> themes grille gives it, (sentence, theme) -> score)"""
    seg = subprocess.run([G, 'code', '-c', cb, '-f', 'tsv', doc + '.txt'], capture_output=True, text=True).stdout
    pred = collections.defaultdict(set)
    score = collections.defaultdict(float)
    for row in list(csv.reader(seg.split('\n'), delimiter='\t'))[1:]:
        if not row:
            continue
        ui = int(row[3])
        th = row[11].split('.')[0]
        pred[ui].add(th)
        score[(ui, th)] += float(row[13] or 1)
    return pred, score


def gold_units(U, spans):
    """sentence -> the gold themes of the spans it overlaps"""
    g = collections.defaultdict(set)
    for (s, e, th) in spans:
        for i, u in U.items():
            if u['s'] is not None and u['s'] < e and s < u['e']:
                g[i].add(th)
    return g
