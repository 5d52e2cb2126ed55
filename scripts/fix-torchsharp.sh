#!/usr/bin/env bash
# Placeholder until the TorchSharp native fix lands: nothing to patch yet.
exit 0
