#!/usr/bin/env bash
# Runs the trials of an external search from the shell: ask for a trial, "train" it epoch by epoch (here a loss
# curve computed with awk — put your own trainer there), report each epoch and stop when told, tell the final loss.
# Start several copies to run trials in parallel (the search hands out at most budget.maxConcurrent at once).
#
#   id=$(mopt search submit examples/external-quadratic.yaml --json | jq -r .searchId)
#   examples/external/ask-tell.sh "$id"
#
# MOPT overrides the mopt command (e.g. MOPT="mopt coordinator:9110"); the token comes from MOPT_TOKEN as for mopt.
set -euo pipefail
search=${1:?usage: ask-tell.sh <search-id>}
read -r -a mopt <<<"${MOPT:-mopt}"

while true; do
  # Exit 1: the search has ended (budget used or cancelled); anything else is an error worth stopping for.
  ask=$("${mopt[@]}" search ask "$search" --client "$(hostname)/$$") || { status=$?; [ "$status" -eq 1 ] && break; exit "$status"; }
  value() { sed -n "s/^$1=//p" <<<"$ask"; }
  trial=$(value trial) attempt=$(value attempt) epochs=$(value maxEpochs)
  x=$(value config.x) lr=$(value config.lr)

  for ((epoch = 1; epoch <= epochs; epoch++)); do
    loss=$(awk -v x="$x" -v lr="$lr" -v e="$epoch" 'BEGIN { printf "%.6f", (x - 0.5) ^ 2 + exp(-3 * lr * e) }')
    decision=$("${mopt[@]}" search report "$trial" --attempt "$attempt" --epoch "$epoch" "loss=$loss")
    if [[ $decision == stop* ]]; then
      echo "$trial: $decision"
      break
    fi
  done
  echo "$trial: $("${mopt[@]}" search tell "$trial" --attempt "$attempt" "loss=$loss"), loss $loss"
done
