#!/usr/bin/env bash
# The README's demo: a fresh workspace in a temporary folder, flows from templates, variables,
# a secret, a connected app, validation; then the sample images of Fixtures/media uploaded into the
# environment's media library, where real flows tag, moderate and notify; the run log, the
# notifications and the usage report; and the git history that records every change.
set -euo pipefail
cd "$(dirname "$0")/.."
SLUICE="$(swift build --product sluice --show-bin-path)/sluice"
SAMPLES="$(pwd)/Fixtures/media"
DEMO="$(mktemp -d "${TMPDIR:-/tmp}/sluice-demo-XXXXXX")"
export SLUICE_CONFIG_DIR="$DEMO/config"          # keep the demo's key away from your real one
export SLUICE_AUTHOR_NAME="${SLUICE_AUTHOR_NAME:-Sluice Demo}"
export SLUICE_AUTHOR_EMAIL="${SLUICE_AUTHOR_EMAIL:-demo@sluice.invalid}"
export SLUICE_USER="${SLUICE_USER:-reviewer@example.com}"      # whose notification marks these are
WS="$DEMO/workspace"

step() { printf '\n\033[1m$ sluice'; printf ' %q' "$@"; printf '\033[0m\n'; "$SLUICE" "$@"; }

printf '\033[1m$ sluice init %s\033[0m\n' "$WS"
"$SLUICE" init "$WS"
cd "$WS"
step templates
step flows new "Tag product uploads" --template tag-by-folder
step flows new "Moderation queue" --template moderation-queue
step flows new "New video alert" --template slack-new-videos
step flows new "Large JPEGs" --template tag-large-jpegs
step env vars set cdnHost media.example.com
step flows vars "Moderation queue" set reviewer reviewers@example.com
printf '\n\033[1m$ echo ••• | sluice flows secrets "Tag product uploads" set apiToken\033[0m\n'
echo "s3cr3t-token-value" | "$SLUICE" flows secrets "Tag product uploads" set apiToken
printf '\n\033[1m$ echo {"webhookURL": "•••"} | sluice connections add slack --name "Team Slack"\033[0m\n'
echo '{"webhookURL": "https://hooks.slack.example/services/T000/B000/XXXX"}' | "$SLUICE" connections add slack --name "Team Slack"
step flows connect "New video alert" alert "Team Slack"
step flows enable "Tag product uploads"
step flows favorite "Moderation queue"
step flows list
step flows show "New video alert"
step connections
step validate
printf '\n\033[1m# a hand edit with a mistake: operation "append" instead of "add"\033[0m\n'
sed -i 's/"operation": "add"/"operation": "append"/' flows/tag-product-uploads/flow.json
step validate || true
step status || true
git checkout -q -- flows/tag-product-uploads/flow.json
step status

printf '\n\033[1m# Media: upload the sample images; enabled flows whose trigger matches run on each\033[0m\n'
step flows enable "Moderation queue"
step flows enable "Large JPEGs"
step upload "$SAMPLES/red-bag.jpg" "$SAMPLES/blue-shoe.webp" "$SAMPLES/progressive.jpg" --folder products/spring --tags sale --metadata season=spring
step upload "$SAMPLES/sunset.jpg" "$SAMPLES/logo.png" --folder community --tags ugc
step upload "$SAMPLES/spinner.gif" --folder ui
step assets list
step assets search 'folder:products/* width>=240 -format:gif'
step assets show products/spring/red-bag
step runs
step logs "Tag product uploads"
step moderation list
RUNS=($("$SLUICE" moderation list --json | python3 -c 'import json,sys; print(" ".join(item["run"] for item in json.load(sys.stdin)))'))
step moderation approve "${RUNS[0]}"
step moderation reject "${RUNS[1]}"
step run "Large JPEGs" --asset products/spring/red-bag
step notifications
NOTIFICATION=$("$SLUICE" notifications --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["notifications"][0]["id"])')
step notifications show "$NOTIFICATION" --view grid
step notifications view "$NOTIFICATION" --all
step notifications read "$NOTIFICATION"
step notifications --unread
step usage
printf '\n\033[1m$ git log --oneline\033[0m\n'
git log --oneline
printf '\n\033[1m$ cat connections/slack/team-slack.json\033[0m   (the webhook URL is encrypted)\n'
cat connections/slack/team-slack.json
printf '\nThe demo workspace is in %s\n' "$WS"
