import json,sys,subprocess
bin,prod,corpus=sys.argv[1:4]
rows=[json.loads(l) for l in open(corpus) if l.strip()]
inp="\n".join(json.dumps({"id":r["id"],"text":r["text"],"lang":r.get("lang"),"speaker":r.get("speaker"),"context":r.get("context",[])},ensure_ascii=False) for r in rows)+"\n"
out=subprocess.run([bin,"monitor","classify","--products",prod],input=inp.encode(),capture_output=True,check=True).stdout.decode().splitlines()
pred={json.loads(l)["id"]:set(json.loads(l).get("labels") or []) for l in out}
for lab in ["ae","offlabel","bribery","pii"]:
    tp=sum(1 for r in rows if lab in r["labels"] and lab in pred[r["id"]])
    fp=sum(1 for r in rows if lab not in r["labels"] and lab in pred[r["id"]])
    fn=sum(1 for r in rows if lab in r["labels"] and lab not in pred[r["id"]])
    p=tp/(tp+fp) if tp+fp else 0; rc=tp/(tp+fn) if tp+fn else 0
    print(f"{lab:9s} P={p:.3f} R={rc:.3f} tp={tp} fp={fp} fn={fn}")
