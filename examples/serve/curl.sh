#!/bin/sh
# Every endpoint of `playbook serve` from curl. Start the server first:
#   playbook serve --playbook standard:zh            # http://127.0.0.1:8000
# then, from the repository root:
#   sh examples/serve/curl.sh                        # PLAYBOOK_URL / PLAYBOOK_TOKEN to change
set -eu
URL=${PLAYBOOK_URL:-http://127.0.0.1:8000}
AUTH=""
[ -n "${PLAYBOOK_TOKEN:-}" ] && AUTH="Authorization: Bearer $PLAYBOOK_TOKEN"
HERE=$(dirname "$0")
CASES="$HERE/../cases"
post() { curl -sS -H "${AUTH:-X-No-Auth: 1}" -H 'content-type: application/json' "$@"; echo; }

echo "== the version serving";   curl -sS -H "${AUTH:-X-No-Auth: 1}" "$URL/v1/playbook" | head -c 400; echo
echo "== one case";               post --data-binary @"$CASES/passing-the-ball.json" "$URL/v1/evaluate" | head -c 600; echo
echo "== with the explain trace"; post --data-binary @"$CASES/passing-the-ball.json" "$URL/v1/evaluate?trace=true" | head -c 300; echo
echo "== a batch (JSON Lines)";   curl -sS -H "${AUTH:-X-No-Auth: 1}" -H 'content-type: application/x-ndjson' \
                                    --data-binary @"$CASES/batch.jsonl" "$URL/v1/evaluate/batch" | head -c 400; echo
echo "== a draft reply";          post -d '{"case": {"id": "c1", "transcript": [{"role": "customer", "text": "面包发霉了"}]},
                                           "reply": "不关我的事"}' "$URL/v1/check-reply"
echo "== an overlay, in memory";  post -d '{"case": {"id": "c1", "transcript": [{"role": "agent", "text": "不关我的事"}]},
                                           "overlay": "phrase_sets:\n  - id: forbidden.blame_shifting\n    phrases:\n      - {id: not_my_business, remove: true}\n"}' \
                                    "$URL/v1/evaluate/overlay" | head -c 300; echo
echo "== validate a playbook";    curl -sS -H "${AUTH:-X-No-Auth: 1}" -H 'content-type: application/yaml' \
                                    --data-binary 'playbook: {id: x}' "$URL/v1/validate"; echo
echo "== a bad case: located";    post -d '{"id": 3}' "$URL/v1/evaluate" || true
echo "== reload from disk";       curl -sS -X POST -H "${AUTH:-X-No-Auth: 1}" "$URL/v1/reload"; echo
echo "== health and metrics";     curl -sS "$URL/health"; echo; curl -sS -H "${AUTH:-X-No-Auth: 1}" "$URL/metrics" | grep -E '^playbook_(decisions|reloads)_total' || true
