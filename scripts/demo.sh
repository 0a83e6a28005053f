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

printf '\n\033[1m# Media processing with libvips: a thumbnail and a WebP variant, derived once and kept in the library\033[0m\n'
step assets derive products/spring/red-bag 'c_thumb,g_auto,w_200,h_200'
step assets derive products/spring/red-bag 'c_limit,w_1200/f_webp,q_auto'
printf '\n\033[1m# a named transformation is a document: transformations/card.json, used as t_card\033[0m\n'
mkdir -p transformations
cat > transformations/card.json <<'JSON'
{
  "kind": "transformation",
  "id": "trf_card",
  "schemaVersion": 1,
  "transformation": "c_fill,g_auto,w_400,h_300/e_sharpen",
  "description": "Product cards on the shop's home page"
}
JSON
step fmt
step commit -m "A named transformation for product cards"
URL=$("$SLUICE" assets url products/spring/red-bag -t t_card --format webp)
step assets url products/spring/red-bag -t t_card --format webp
step assets render "$URL" -o "$DEMO/red-bag-card.webp"
step assets show products/spring/red-bag
printf '\n\033[1m# a flow with Edit Media: web variants of every new image\033[0m\n'
step flows new "Web variants" --template web-variants
step flows enable "Web variants"
step upload "$SAMPLES/sunset.jpg" --folder campaigns --public-id sunset-2
step assets show campaigns/sunset-2
printf '\nThe derived files are in the library (.sluice/media/<environment>/objects/), as `assets show` lists;\n'
printf 'the card rendered from its delivery URL is %s\n' "$DEMO/red-bag-card.webp"
step notifications
NOTIFICATION=$("$SLUICE" notifications --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["notifications"][0]["id"])')
step notifications show "$NOTIFICATION" --view grid
APPROVED=$("$SLUICE" notifications --json | python3 -c 'import json,sys; print(next(n["id"] for n in json.load(sys.stdin)["notifications"] if n["title"] == "Approved uploads"))')
step notifications show "$APPROVED"
step notifications view "$NOTIFICATION" --all
step notifications read "$NOTIFICATION"
step notifications --unread
step usage
printf '\n\033[1m$ git log --oneline\033[0m\n'
git log --oneline
printf '\n\033[1m$ cat connections/slack/team-slack.json\033[0m   (the webhook URL is encrypted)\n'
cat connections/slack/team-slack.json
printf '\nThe demo workspace is in %s\n' "$WS"
