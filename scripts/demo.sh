#!/usr/bin/env bash
# The README's demo: a fresh workspace in a temporary folder, flows from templates, variables,
# a secret, a connected app, validation, and the git history that records every change.
set -euo pipefail
cd "$(dirname "$0")/.."
SLUICE="$(swift build --product sluice --show-bin-path)/sluice"
DEMO="$(mktemp -d "${TMPDIR:-/tmp}/sluice-demo-XXXXXX")"
export SLUICE_CONFIG_DIR="$DEMO/config"          # keep the demo's key away from your real one
export SLUICE_AUTHOR_NAME="${SLUICE_AUTHOR_NAME:-Sluice Demo}"
export SLUICE_AUTHOR_EMAIL="${SLUICE_AUTHOR_EMAIL:-demo@sluice.invalid}"
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
printf '\n\033[1m$ git log --oneline\033[0m\n'
git log --oneline
printf '\n\033[1m$ cat connections/slack/team-slack.json\033[0m   (the webhook URL is encrypted)\n'
cat connections/slack/team-slack.json
printf '\nThe demo workspace is in %s\n' "$WS"
