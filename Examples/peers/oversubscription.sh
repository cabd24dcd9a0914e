#!/usr/bin/env bash
# How much a training step slows down when one other busy process shares the machine, for
# Adjoint's `bench mlp` and PyTorch eager (../shared/peers/torch_mlp.py, 2 threads), each idle and
# then beside a CPU hog (`yes > /dev/null`). Prints each step time and the slowdown factor.
# Run from the project root on an otherwise idle machine:
#   bash Examples/peers/oversubscription.sh [PEERS_DIR]
set -euo pipefail
peers=${1:-../shared/peers}
PY=${PEERS_VENV:-$HOME/peers-venv}/bin/python
swift build -c release --product bench >/dev/null
bench=$(swift build -c release --show-bin-path)/bench
adjoint() { "$bench" mlp | python3 -c "import sys,json; t=sys.stdin.read(); d=json.loads(t[t.find('{'):t.rfind('}')+1]); print(d['mlp_step_ms'], d['fc4x500_step_ms'])"; }
torch() { (cd "$peers" && "$PY" torch_mlp.py) | python3 -c "
import sys, re; t = sys.stdin.read()
g = lambda m: re.search(r'torch_mlp eager ' + m + r' float32 threads=2: ([0-9.]+) ms', t).group(1)
print(g('gelu2'), g('bn4'))"; }
measure() {  # $1: label; prints "label idle-gelu idle-bn loaded-gelu loaded-bn"
    local idle loaded hog
    idle=$($1)
    yes > /dev/null & hog=$!
    loaded=$($1)
    kill "$hog"
    echo "$1 $idle $loaded"
}
{ measure adjoint; measure torch; } | python3 -c "
import sys
for line in sys.stdin:
    name, ig, ib, lg, lb = line.split()
    for model, idle, loaded in (('gelu mlp', ig, lg), ('4x500 bn', ib, lb)):
        print(f'{name:8} {model:9} idle {float(idle):7.2f} ms   beside a busy process {float(loaded):7.2f} ms   slowdown {float(loaded)/float(idle):.2f}x')"
