#!/usr/bin/env python3
"""validity_context.py [CODEBOOK] - would coding a sentence with its
neighbours' themes (within a turn) agree better with the golds?  Codes the
gold documents, then adds to each respondent sentence the themes grille
gave the previous one, or both neighbours (optionally only those with a
score of 2 or more), and prints precision, recall, F1 and kappa per
top-level theme on dev and test (corpora/gold/split.tsv).  The first line
("base") is what bench/validity.sh prints.  An experiment behind the
README's figures; needs build/grille."""
import sys, collections, os
os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'corpora'))
from validity_data import TOP, split as load_split, gold as load_gold, units as read_units, coded, gold_units
CB=sys.argv[1] if len(sys.argv)>1 else '../codebooks/dts-fr.xml'
split=load_split()
gold=load_gold()
data={}
for d in split:
    units=read_units(d,CB)
    pred,score=coded(d,CB)
    data[d]=(units,pred,gold_units(units,gold[d]),score)
def evaluate(policy,part):
    tp=collections.Counter();fp=collections.Counter();fn=collections.Counter();tn=collections.Counter()
    for d,p in split.items():
        if p!=part: continue
        units,pred,g,score=data[d]
        P=policy(units,pred,score)
        for i,u in units.items():
            if u['int'] or u['s'] is None: continue
            for th in TOP:
                a=th in P.get(i,()); b=th in g.get(i,())
                if a and b: tp[th]+=1
                elif a: fp[th]+=1
                elif b: fn[th]+=1
                else: tn[th]+=1
    res={}
    def kap(tp,fp,fn,tn):
        n=tp+fp+fn+tn; po=(tp+tn)/n; pe=((tp+fp)*(tp+fn)+(fn+tn)*(fp+tn))/n/n
        return (po-pe)/(1-pe) if pe<1 else 0
    for th in TOP: res[th]=kap(tp[th],fp[th],fn[th],tn[th])
    T=sum(tp.values());F=sum(fp.values());N=sum(fn.values())
    pr=T/(T+F);rc=T/(T+N);f1=2*pr*rc/(pr+rc)
    res['pooledk']=kap(T,F,N,sum(tn.values()))
    return res,pr,rc,f1
def base(units,pred,score): return pred
def prop(k,mins=1):
    def f(units,pred,score):
        P={i:set(s) for i,s in pred.items()}
        for i,u in units.items():
            for j in range(i-k,i+k+1):
                if j==i or j not in units or units[j]['turn']!=u['turn']: continue
                for th in pred.get(j,()):
                    if score[(j,th)]>=mins: P.setdefault(i,set()).add(th)
        return P
    return f
def prevonly(units,pred,score):
    P={i:set(s) for i,s in pred.items()}
    for i,u in units.items():
        j=i-1
        if j in units and units[j]['turn']==u['turn']:
            for th in pred.get(j,()): P.setdefault(i,set()).add(th)
    return P
for name,pol in [('base',base),('prev',prevonly),('pm1',prop(1)),('pm1s2',prop(1,2)),('pm2',prop(2))]:
    for part in ['dev','test']:
        res,pr,rc,f1=evaluate(pol,part)
        print(f"{name:6} {part:4} P {pr:.3f} R {rc:.3f} F1 {f1:.3f} k {res['pooledk']:.3f} | "+' '.join(f"{res[t]:.2f}" for t in TOP))
