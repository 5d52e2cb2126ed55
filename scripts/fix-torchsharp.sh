#!/usr/bin/env bash
# The one place that makes TorchSharp-cpu's native library load on hosts whose libstdc++ predates GCC 13
# (e.g. Debian 12: no GLIBCXX_3.4.32). It patches the restored NuGet package in place, so every build output
# (hard-linked or copied from it) gets the fixed library; Directory.Build.targets ships the compat library beside it.
# Idempotent; does nothing on hosts that already have GLIBCXX_3.4.32 (Debian 13, Ubuntu 24.04).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
version=0.107.0
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
native="$packages/torchsharp/$version/runtimes/linux-x64/native"
lib="$native/libLibTorchSharp.so"
compat="$native/libmopt_stdcxx_compat.so"

[ "$(uname -s)" = Linux ] || exit 0
if [ ! -f "$lib" ]; then
  echo "fix-torchsharp: $lib not found; run 'dotnet restore' first" >&2
  exit 1
fi
libstdcxx=$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !found {print $NF; found = 1}')  # reads all input: an early exit would SIGPIPE ldconfig under pipefail
if [ -n "$libstdcxx" ] && grep -qa 'GLIBCXX_3\.4\.32' "$libstdcxx"; then
  exit 0  # the host's libstdc++ is new enough
fi
if [ -f "$compat" ] && readelf -d "$lib" 2>/dev/null | grep 'libmopt_stdcxx_compat.so' >/dev/null; then
  exit 0  # already fixed
fi

need=()
command -v patchelf >/dev/null || need+=(patchelf)
command -v g++ >/dev/null || need+=(g++)
command -v python3 >/dev/null || need+=(python3)
command -v readelf >/dev/null || need+=(binutils)
if [ ${#need[@]} -gt 0 ]; then
  echo "fix-torchsharp: installing ${need[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "fix-torchsharp: patching $lib for a libstdc++ without GLIBCXX_3.4.32"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$lib" "$tmp/lib.so"
patchelf --clear-symbol-version _ZSt21ios_base_library_initv "$tmp/lib.so"
python3 "$here/torchsharp/weaken-version-need.py" "$tmp/lib.so" GLIBCXX_3.4.32
g++ -shared -fPIC -O2 -o "$tmp/compat.so" "$here/torchsharp/ios_base_library_init.cpp"
patchelf --set-soname libmopt_stdcxx_compat.so "$tmp/compat.so"
patchelf --add-needed libmopt_stdcxx_compat.so "$tmp/lib.so"
cp "$tmp/compat.so" "$compat"
# Replace, not overwrite: build outputs hard-linked to the old file must not see a half-written library.
mv "$tmp/lib.so" "$lib.new" && mv -f "$lib.new" "$lib"
echo "fix-torchsharp: done"
