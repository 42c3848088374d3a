#!/usr/bin/env bash
# The steps of a CI job that tests against a throw-away quickhub hub (docs/ci.md shows the workflow).
#
#   hub-steps.sh cache-key             Prints key=... and path=...: the cache key of the Debian base
#                                      (its recipe's hash) and the folder it is cached in; appended
#                                      to $GITHUB_OUTPUT as well when that is set.
#   hub-steps.sh test COMMAND [ARG...] Brings up an ephemeral hub, runs COMMAND against it and always
#                                      removes the hub (container and volumes), also when COMMAND
#                                      fails or the job is cancelled. COMMAND's exit code is the
#                                      script's. COMMAND finds the hub in QUICKHUB_HUB_NAME and
#                                      QUICKHUB_HUB_FILE: the JSON line of 'up --ephemeral' (name,
#                                      url, user and the user's API token), a file of mode 0600.
#
# QUICKHUB: the quickhub command (default: quickhub); QUICKHUB_UP_ARGS: more options for 'up', such
# as --image TAG; QUICKHUB_HOME: the hub folder (image/, users/, volumes/) when not the built-in one.
# The token is never printed: it stays in the 0600 file, which is removed at the end.
set -euo pipefail

say() { echo "hub-steps: $*" >&2; }

read -r -a quickhub <<< "${QUICKHUB:-quickhub}"
read -r -a up_args <<< "${QUICKHUB_UP_ARGS:-}"

cache_key() {
  local hash path
  hash="$("${quickhub[@]}" build --print-base-key)"
  [[ "$hash" =~ ^[0-9a-f]{12}$ ]] || { say "unexpected base key: $hash"; exit 1; }
  path="${XDG_CACHE_HOME:-$HOME/.cache}/quickhub/base/$hash"
  printf 'key=quickhub-base-%s\npath=%s\n' "$hash" "$path" | tee -a "${GITHUB_OUTPUT:-/dev/null}"
}

hub="" hub_dir="" hub_made=0

# The launcher with its log in this run's folder: only this run's records are shown on a failure.
qh() { XDG_STATE_HOME="$hub_dir/state" "${quickhub[@]}" "$@"; }

# Removes the hub and its file whatever happened; a hub that was up and cannot be removed fails the job.
remove_hub() {
  local status=$?
  trap - EXIT INT TERM
  if ! qh down --ephemeral "$hub" >&2 && [ "$hub_made" = 1 ]; then
    say "could not remove the hub $hub"
    status=1
  fi
  # The libraries' log of this run (no secrets: nothing below INFO is written, and a failure's
  # record is its sentence) says more than a failed step.
  local log="$hub_dir/state/quickhub/quickhub.log"
  if [ "$status" != 0 ] && [ -f "$log" ]; then
    say "the end of quickhub's log of this run:"
    tail -n 40 "$log" >&2
  fi
  rm -rf "$hub_dir"
  exit "$status"
}

test_against_hub() {
  [ $# -gt 0 ] || { say "usage: hub-steps.sh test COMMAND [ARG...]"; exit 2; }
  hub_dir="$(mktemp -d)"
  # A name of our own, so that the hub can be removed even when 'up' fails half-way.
  hub="qhci-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')"
  trap remove_hub EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  say "bringing up the throw-away hub $hub"
  qh up --ephemeral --name "$hub" --output "$hub_dir/hub.json" "${up_args[@]}"
  hub_made=1
  say "running: $*"
  local status=0
  QUICKHUB_HUB_NAME="$hub" QUICKHUB_HUB_FILE="$hub_dir/hub.json" "$@" || status=$?
  say "removing the hub $hub"
  exit "$status"
}

case "${1:-}" in
  cache-key) cache_key ;;
  test) shift; test_against_hub "$@" ;;
  *) say "usage: hub-steps.sh cache-key | hub-steps.sh test COMMAND [ARG...]"; exit 2 ;;
esac
