#!/bin/sh
# A stand-in trainer for the `command` workload in POSIX shell: it reads lr from the trial's JSON config, then
# prints one metrics line per epoch (loss falls towards a floor set by how far lr is from 0.1).
# The config file holds one key per line, so sed can pick scalar values out of it.
set -eu
value() { sed -n "s/^ *\"$1\": *\"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$MOPT_TRIAL_CONFIG" | head -n 1; }

lr=$(value lr)
start=$(value startEpoch)
max=$(value maxEpochs)
echo "trial $MOPT_TRIAL_ID: lr=$lr, epochs $((start + 1))..$max" >&2

epoch=$((start + 1))
loss=1
while [ "$epoch" -le "$max" ]; do
  loss=$(awk -v lr="$lr" -v e="$epoch" 'BEGIN { printf "%.6f", (lr - 0.1) * (lr - 0.1) + 1 / (e + 1) }')
  echo "{\"epoch\": $epoch, \"metrics\": {\"loss\": $loss}}"
  epoch=$((epoch + 1))
done
echo "{\"final\": {\"loss\": $loss}}"
