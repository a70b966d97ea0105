#!/bin/sh
# Creates the streams of the edge-to-cloud topology with the NATS CLI (`nats`),
# once, before the gateways start: the cloud's aggregate streams
# (jetstream/cloud/*.json: TELEMETRY, ALERTS and DEAD_LETTERS source every site,
# MACHINE_CONFIG is the master KV bucket, all R3) and each site's mirror of
# MACHINE_CONFIG (jetstream/edge/*.json). A site's own streams come from the
# site gateway's config/jetstream/ at its start-up.
# A stream that exists already is left as it is. Environment:
#   NATS_CLOUD_URL      nats://cloud-gateway:<password>@<cloud node>:4222
#   NATS_SITE_URLS      space-separated nats://gateway:<password>@<edge>:4222, one per site
#   NATS_JETSTREAM_DIR  the jetstream/ directory next to this script (default)
set -eu
dir=${NATS_JETSTREAM_DIR:-$(dirname "$0")/jetstream}

create() { # server-url file
  name=$(sed -n 's/^ *"name": *"\([^"]*\)".*/\1/p' "$2" | head -n 1)
  if nats --server "$1" stream info "$name" >/dev/null 2>&1; then
    echo "setup-streams: $name exists at $(echo "$1" | sed 's|//[^@]*@|//|')"
  else
    nats --server "$1" stream add --config "$2"
  fi
}

for file in "$dir"/cloud/*.json; do
  create "$NATS_CLOUD_URL" "$file"
done
for site in $NATS_SITE_URLS; do
  for file in "$dir"/edge/*.json; do
    create "$site" "$file"
  done
done
