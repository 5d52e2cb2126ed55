#!/usr/bin/env bash
# On the GPU machine, from the repository root: unpacks .gpu/, points TorchSharp at the machine's CUDA libtorch (the
# PyTorch wheel's torch/lib), then measures training throughput on cuda:0 and runs the main job on the GPU worker.
# Results go to $OUT (default ./gpu-out).
set -uo pipefail
OUT=${OUT:-gpu-out}
mkdir -p "$OUT" /tmp/mopt-gpu
tar -C /tmp/mopt-gpu -xJf .gpu/runtime.tar.xz && tar -C /tmp/mopt-gpu -xJf .gpu/app.tar.xz
export DOTNET_ROOT=/tmp/mopt-gpu/dotnet PATH=/tmp/mopt-gpu/dotnet:$PATH
LD_LIBRARY_PATH=$(python3 -c "import torch,os;print(os.path.dirname(torch.__file__)+'/lib')")
export LD_LIBRARY_PATH
B="dotnet /tmp/mopt-gpu/app/ModelOpt.Benchmarks.dll"
for m in mlp cnn; do for b in 128 512; do
  timeout 120 $B train-throughput --model "$m" --batch "$b" --device cuda:0 --repeat 5 --epochs 2 >> "$OUT/throughput.jsonl"
done; done
cut -c1-330 "$OUT/throughput.jsonl"
timeout 300 dotnet /tmp/mopt-gpu/app/mopt.dll run examples/mnist-demo.yaml --dir /tmp/mopt-gpu/demo --summary "$OUT/demo.json" > "$OUT/demo.txt" 2>&1
head -1 "$OUT/demo.txt"; tail -4 "$OUT/demo.txt"
