#!/usr/bin/env python3
"""validity_linear.py [all|lex] - could a model learned from the dev
sentences code the test sentences better than the rules?  Trains one
logistic regression per top-level theme on dev (features: the words and
candidate lemmas of the sentence from grille tokens, and with "all" the
themes the rules give it and the sentence before it), and prints test
kappa per theme beside the rules'.  An experiment behind the README's
figures (plain Python, no library); needs build/grille."""
import sys, collections, os, math, random
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'corpora'))
from validity_data import TOP, split as load_split, gold as load_gold, units as read_units, coded, gold_units
CB='../codebooks/dts-fr.xml'
split=load_split()
gold=load_gold()
STOP=set()
units=[]  # (doc, part, feats, gold set, pred set)
for d,part in split.items():
    U=read_units(d,CB,features=True)
    pred,_=coded(d,CB)
    g=gold_units(U,gold[d])
    order=sorted(U)
    for k,i in enumerate(order):
        u=U[i]
        if u['int'] or u['s'] is None: continue
        f=set(u['f'])
        for th in pred.get(i,()): f.add('R:'+th)
        # context: previous unit's rule hits in same turn
        if k>0 and U[order[k-1]]['turn']==u['turn']:
            for th in pred.get(order[k-1],()): f.add('P:'+th)
        units.append((d,part,f,g.get(i,set()),pred.get(i,set())))
print(len(units), sum(1 for u in units if u[1]=='dev'), file=sys.stderr)
def train(data,th,epochs=30,lr=0.2,l2=1e-3):
    w=collections.defaultdict(float); b=0.0
    rnd=random.Random(1)
    idx=list(range(len(data)))
    for ep in range(epochs):
        rnd.shuffle(idx)
        for i in idx:
            f,y=data[i]
            z=b+sum(w[x] for x in f); p=1/(1+math.exp(-max(-30,min(30,z))))
            gr=p-y
            b-=lr*gr
            for x in f: w[x]-=lr*(gr+l2*w[x])
    return w,b
def score(w,b,f): return b+sum(w.get(x,0) for x in f)
def kap(tp,fp,fn,tn):
    n=tp+fp+fn+tn; po=(tp+tn)/n; pe=((tp+fp)*(tp+fn)+(fn+tn)*(fp+tn))/n/n
    return (po-pe)/(1-pe)
mode=sys.argv[1] if len(sys.argv)>1 else 'all'
def feats(f):
    if mode=='lex': return {x for x in f if not x.startswith(('R:','P:'))}
    if mode=='rules': return {x for x in f if x.startswith(('R:','P:'))}
    return f
dev=[u for u in units if u[1]=='dev']; test=[u for u in units if u[1]=='test']
T=collections.Counter()
res={}
for th in TOP:
    data=[(feats(u[2]),1 if th in u[3] else 0) for u in dev]
    # min df
    df=collections.Counter(x for f,_ in data for x in f)
    data=[({x for x in f if df[x]>=2},y) for f,y in data]
    w,b=train(data,th)
    c=collections.Counter()
    for u in test:
        a=score(w,b,feats(u[2]))>0; y=th in u[3]
        c['tp' if a and y else 'fp' if a else 'fn' if y else 'tn']+=1
    T.update(c)
    base=collections.Counter()
    for u in test:
        a=th in u[4]; y=th in u[3]
        base['tp' if a and y else 'fp' if a else 'fn' if y else 'tn']+=1
    print(f"{th:15} lr k {kap(c['tp'],c['fp'],c['fn'],c['tn']):.3f} (P {c['tp']/max(1,c['tp']+c['fp']):.2f} R {c['tp']/max(1,c['tp']+c['fn']):.2f})  rules k {kap(base['tp'],base['fp'],base['fn'],base['tn']):.3f}")
P=T['tp']/(T['tp']+T['fp']); R=T['tp']/(T['tp']+T['fn'])
print(f"pooled lr P {P:.3f} R {R:.3f} F1 {2*P*R/(P+R):.3f} k {kap(T['tp'],T['fp'],T['fn'],T['tn']):.3f}")
