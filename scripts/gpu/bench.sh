#!/usr/bin/env bash
# The GPU benchmark, sized to run in under 5 minutes on one lent GPU (docs/benchmarks.md, "GPU sharing"). From the
# repository root, with .gpu/ made by scripts/gpu/pack.sh: `bash .gpu/bench.sh`. Unpacks the builds and the .NET
# runtime, points TorchSharp at the machine's CUDA libtorch (the PyTorch wheel's torch/lib), then measures: trainer vs
# bare loop (one trial), the main job's search with 2 and 8 trials sharing the GPU (trial processes, and threads for
# comparison), the same MLP search as ours and as PyTorch processes, mixed precision, isolation (OOM, memory cap,
# crashed kernel) and GPU telemetry. Prints one JSON line (also $OUT/summary.json); every step's output is in $OUT.
# Dry run on a CPU machine: DEVICE=cpu MOPT_BENCH_APP=tests/ModelOpt.Benchmarks/bin/Release/net10.0 bash scripts/gpu/bench.sh
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=${OUT:-gpu-out}
DEVICE=${DEVICE:-cuda:0}
BUDGET=${BUDGET:-380} # seconds for all steps: each step is cut short so the summary is always written
WORK=$(mktemp -d)
mkdir -p "$OUT"
if [ -n "${MOPT_BENCH_APP:-}" ]; then
  APP=$MOPT_BENCH_APP
else
  mkdir -p /tmp/mopt-gpu
  tar -C /tmp/mopt-gpu -xJf "$HERE/runtime.tar.xz" && tar -C /tmp/mopt-gpu -xJf "$HERE/app.tar.xz" || exit 1
  export DOTNET_ROOT=/tmp/mopt-gpu/dotnet PATH=/tmp/mopt-gpu/dotnet:$PATH
  APP=/tmp/mopt-gpu/app
fi
if [ "$DEVICE" != cpu ]; then
  LD_LIBRARY_PATH=$(python3 -c "import torch,os;print(os.path.dirname(torch.__file__)+'/lib')") && export LD_LIBRARY_PATH
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$WORK/gpu.txt" 2>&1
fi
B="dotnet $APP/ModelOpt.Benchmarks.dll"

# Each step's JSON line goes to $OUT/steps.jsonl and the end of its stderr to $OUT/steps.log as soon as it ends, so a
# run cut off by the machine's limit still brings back what finished.
step() { # name, time limit (s), command...
  local name=$1 limit=$2 start=$SECONDS rc
  shift 2
  local left=$((BUDGET - SECONDS))
  if [ "$left" -lt 20 ]; then echo "$name: skipped, out of time" >&2; return; fi
  [ "$limit" -gt "$left" ] && limit=$left
  timeout -k 10 "$limit" "$@" > "$WORK/$name.json" 2> "$WORK/$name.log"
  rc=$?
  echo "$name: exit $rc, $((SECONDS - start)) s" | tee -a "$OUT/steps.log" >&2
  tail -n 40 "$WORK/$name.log" >> "$OUT/steps.log"
  printf '{"step":"%s","exit":%d,"seconds":%d,"result":%s}\n' "$name" "$rc" $((SECONDS - start)) "$(grep '^{' "$WORK/$name.json" | tail -1 || true)" \
    | sed 's/"result":}$/"result":null}/' >> "$OUT/steps.jsonl"
}

if [ "$DEVICE" = cpu ]; then
  GPUS=none; TP="--repeat 1 --epochs 1"; MAIN="--trials 4 --slots 1,2"; MLP="--trials 4 --slots 2"
  MP="--device cpu --models mlp --precisions fp32,bf16 --epochs 2"; ISO="--device cpu"
else
  GPUS=auto; TP="--repeat 5 --epochs 2"; MAIN="--trials 32 --slots 2,8"; MLP="--trials 16 --slots 8"
  MP="--device $DEVICE --epochs 4"; ISO="--device $DEVICE"
fi
# Most important first: the sharing target, the single-trial target, the peer, isolation, precision, then the
# thread-isolation comparison.
step sharing-process 120 $B gpu-sharing --spec "$HERE/mnist-demo.yaml" $MAIN --isolation process --gpus $GPUS --label main-job --limit-s 100
step throughput-mlp 60 $B train-throughput --model mlp --batch 128 --device "$DEVICE" $TP
step throughput-cnn 60 $B train-throughput --model cnn --batch 128 --device "$DEVICE" $TP
step mlp-ours 60 $B gpu-sharing --spec "$HERE/mlp-torch.yaml" $MLP --isolation process --gpus $GPUS --label mlp-ours --limit-s 50
step mlp-pytorch 80 $B gpu-sharing --spec "$HERE/mlp-pytorch.yaml" $MLP --isolation process --gpus $GPUS --label mlp-pytorch --limit-s 70
step isolation 90 $B gpu-isolation $ISO
step mixed-precision 60 $B mixed-precision $MP
step sharing-thread 100 $B gpu-sharing --spec "$HERE/mnist-demo.yaml" $MAIN --isolation thread --gpus $GPUS --label main-job --limit-s 80
python3 "$HERE/combine.py" "$WORK" | tee "$OUT/summary.json"
