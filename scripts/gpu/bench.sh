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
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader > "$OUT/gpu.txt" 2>&1
fi
B="dotnet $APP/ModelOpt.Benchmarks.dll"

step() { # name, time limit (s), command...
  local name=$1 limit=$2 start=$SECONDS
  shift 2
  timeout "$limit" "$@" > "$OUT/$name.json" 2> "$OUT/$name.log"
  echo "$name: exit $?, $((SECONDS - start)) s" >&2
}

if [ "$DEVICE" = cpu ]; then
  GPUS=none; TP="--repeat 1 --epochs 1"; MAIN="--trials 4 --slots 1,2"; MLP="--trials 4 --slots 2"
  MP="--device cpu --models mlp --precisions fp32,bf16 --epochs 2"; ISO="--device cpu"
else
  GPUS=auto; TP="--repeat 5 --epochs 2"; MAIN="--trials 32 --slots 2,8"; MLP="--trials 16 --slots 8"
  MP="--device $DEVICE --epochs 4"; ISO="--device $DEVICE"
fi
step throughput-mlp 90 $B train-throughput --model mlp --batch 128 --device "$DEVICE" $TP
step throughput-cnn 90 $B train-throughput --model cnn --batch 128 --device "$DEVICE" $TP
step sharing-process 150 $B gpu-sharing --spec "$HERE/mnist-demo.yaml" $MAIN --isolation process --gpus $GPUS --label main-job --limit-s 120
step sharing-thread 150 $B gpu-sharing --spec "$HERE/mnist-demo.yaml" $MAIN --isolation thread --gpus $GPUS --label main-job --limit-s 120
step mlp-ours 90 $B gpu-sharing --spec "$HERE/mlp-torch.yaml" $MLP --isolation process --gpus $GPUS --label mlp-ours --limit-s 80
step mlp-pytorch 120 $B gpu-sharing --spec "$HERE/mlp-pytorch.yaml" $MLP --isolation process --gpus $GPUS --label mlp-pytorch --limit-s 110
step mixed-precision 120 $B mixed-precision $MP
step isolation 150 $B gpu-isolation $ISO
python3 "$HERE/combine.py" "$OUT" | tee "$OUT/summary.json"
