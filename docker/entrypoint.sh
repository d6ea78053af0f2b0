#!/bin/sh
# Maps a short service name to its built entry file and execs node on it, so node (not this
# shell) receives the signals tini forwards. Anything else is run as given (e.g. `node -e ...`).
set -eu

case "${1:-ingest}" in
  ingest) entry=dist/services/ingest/src/main.js ;;
  sync) entry=dist/services/sync/src/main.js ;;
  audit) entry=dist/services/audit/src/main.js ;;
  simulators) entry=dist/simulators/main.js ;;
  *) exec "$@" ;;
esac

if [ "$#" -gt 0 ]; then shift; fi
exec node "$entry" "$@"
