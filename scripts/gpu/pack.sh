#!/usr/bin/env bash
# Packs the Release builds of mopt and the benchmarks, without libtorch, plus the .NET runtime, into .gpu/ (git-ignored
# via .git/info/exclude) for a GPU machine that has a CUDA libtorch (e.g. a PyTorch wheel) but no .NET. See
# docs/benchmarks.md, "GPU".
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build src/ModelOpt.Cli -c Release -m:1 -nologo -v q
dotnet build tests/ModelOpt.Benchmarks -c Release -m:1 -nologo -v q
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/app" "$stage/dotnet/shared" .gpu
for out in tests/ModelOpt.Benchmarks/bin/Release/net10.0 src/ModelOpt.Cli/bin/Release/net10.0; do
  (cd "$out" && find . \( -type f -o -type l \) \
     | grep -v -E 'runtimes/(win|osx|linux-arm|linux-musl|linux-x86|linux-riscv|linux-loong)' \
     | grep -v -E 'native/lib(torch|c10|gomp|aoti|backend|jit|shm|nnapi|lmdb)' \
     | while read -r f; do mkdir -p "$stage/app/$(dirname "$f")"; cp -L "$f" "$stage/app/$f"; done)
done
root=$(dirname "$(readlink -f "$(command -v dotnet)")")
cp "$root/dotnet" "$stage/dotnet/" && cp -r "$root/host" "$stage/dotnet/"
cp -r "$root/shared/Microsoft.NETCore.App" "$root/shared/Microsoft.AspNetCore.App" "$stage/dotnet/shared/"
tar -C "$stage" -cf - app | xz -9 -T2 > .gpu/app.tar.xz
tar -C "$stage" -cf - dotnet | xz -9 -T2 > .gpu/runtime.tar.xz
cp scripts/gpu/check.sh .gpu/
grep -qx '/.gpu/' .git/info/exclude || echo '/.gpu/' >> .git/info/exclude
ls -la .gpu
