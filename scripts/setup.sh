#!/usr/bin/env bash
# Idempotent setup for a fresh Debian/Ubuntu machine with the .NET SDK: restore, native fixes, build.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${CONFIG:-Release}"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK 10 is required (https://dot.net); 'dotnet' is not on PATH" >&2
  exit 1
fi

# Prometheus and promtool (Debian's 2.42): the alert rule tests and the dashboard test against a real Prometheus need
# them (they are skipped, saying why, without).
if ! { command -v prometheus && command -v promtool; } >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (export DEBIAN_FRONTEND=noninteractive
   timeout 300 apt-get -o DPkg::Lock::Timeout=600 update -qq \
     && timeout 600 apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends prometheus >/dev/null) \
    || echo "setup: Prometheus could not be installed; its tests will be skipped" >&2
  # The package starts a system Prometheus on :9090 where an init system runs; the tests start their own.
fi

# The Python client's tests run with Debian's python3 in a venv (standard library only; no PyPI needed).
if ! dpkg -s python3-venv python3-pip python3-wheel >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (export DEBIAN_FRONTEND=noninteractive; timeout 300 apt-get -o DPkg::Lock::Timeout=600 update -qq \
    && timeout 300 apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends python3 python3-venv python3-pip python3-wheel >/dev/null) \
    || echo "setup: python3-venv, python3-pip and python3-wheel could not be installed; the Python client tests will fail" >&2
fi

# Debian's Chromium and its driver run the dashboard's browser tests. They are skipped, saying why, only on a machine
# where they cannot be installed (not root, or no apt-get); where apt-get could have installed them, the tests fail.
if ! { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (export DEBIAN_FRONTEND=noninteractive; timeout 300 apt-get -o DPkg::Lock::Timeout=600 update -qq \
    && timeout 600 apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends chromium chromium-driver >/dev/null) \
    || echo "setup: Chromium could not be installed; the dashboard's browser tests will fail" >&2
fi

# The dashboard's page is committed as a bundle (scripts/build-dashboard.sh rebuilds it after a change to its sources):
# neither node nor npm is needed to build or test.

# The fault tests run nodes on separate network hosts (network namespaces, a bridge, nftables rules): iproute2 and
# nftables. Without root (or apt) they cannot run anyway and are skipped with that reason.
if { ! command -v ip >/dev/null 2>&1 || ! command -v nft >/dev/null 2>&1; } && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (export DEBIAN_FRONTEND=noninteractive; timeout 180 apt-get -o DPkg::Lock::Timeout=600 update -qq \
    && timeout 180 apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends iproute2 nftables >/dev/null) \
    || echo "setup: iproute2/nftables could not be installed; the network fault tests will be skipped" >&2
fi

dotnet restore ModelOpt.Cluster.sln --verbosity quiet
# TorchSharp's native library needs a patch on hosts whose libstdc++ is older than GCC 13's (e.g. Debian 12).
bash scripts/fix-torchsharp.sh
dotnet build ModelOpt.Cluster.sln -c "$CONFIG" --no-restore --verbosity quiet -nologo
