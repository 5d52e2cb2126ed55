#!/usr/bin/env bash
# Packs the Release builds of mopt and the benchmarks, without libtorch, plus the .NET runtime, into .gpu/ (git-ignored
# via .git/info/exclude) for a GPU machine that has a CUDA libtorch (e.g. a PyTorch wheel) but no .NET, with the GPU
# scripts and the specs they run. `scripts/gpu/pack.sh [DIR]` packs into DIR/.gpu instead (another checkout that the
# GPU machine receives). See docs/benchmarks.md, "GPU" and "GPU sharing".
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=${1:-.}/.gpu
dotnet build src/ModelOpt.Cli -c Release -m:1 -nologo -v q
dotnet build tests/ModelOpt.Benchmarks -c Release -m:1 -nologo -v q
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/app" "$stage/dotnet/shared" "$dest"
for out in tests/ModelOpt.Benchmarks/bin/Release/net10.0 src/ModelOpt.Cli/bin/Release/net10.0; do
  (cd "$out" && find . \( -type f -o -type l \) \
     | grep -v -E 'runtimes/(win|osx|linux-arm|linux-musl|linux-x86|linux-riscv|linux-loong)' \
     | grep -v -E 'native/lib(torch|c10|gomp|aoti|backend|jit|shm|nnapi|lmdb)' \
     | while read -r f; do mkdir -p "$stage/app/$(dirname "$f")"; cp -L "$f" "$stage/app/$f"; done)
done
root=$(dirname "$(readlink -f "$(command -v dotnet)")")
cp "$root/dotnet" "$stage/dotnet/" && cp -r "$root/host" "$stage/dotnet/"
cp -r "$root/shared/Microsoft.NETCore.App" "$root/shared/Microsoft.AspNetCore.App" "$stage/dotnet/shared/"
tar -C "$stage" -cf - app | xz -9 -T2 > "$dest/app.tar.xz"
tar -C "$stage" -cf - dotnet | xz -9 -T2 > "$dest/runtime.tar.xz"
cp scripts/gpu/check.sh scripts/gpu/bench.sh scripts/gpu/combine.py scripts/gpu/torch_trial.py scripts/gpu/*.yaml examples/mnist-demo.yaml "$dest/"
exclude="$(git -C "${1:-.}" rev-parse --path-format=absolute --git-common-dir)/info/exclude"
mkdir -p "$(dirname "$exclude")"
grep -qsx '/.gpu/' "$exclude" || echo '/.gpu/' >> "$exclude"
ls -la "$dest"
