#!/bin/sh
# What `npm start` and `npm test` need from the machine besides Node's packages:
# a Java runtime for DynamoDB Local (both), and Chromium for the page's browser
# tests (`npm test` only). On Debian or Ubuntu, as root, whatever is missing is
# installed from the distribution's packages, as .ci/run does; anywhere else it
# stops at once with the one command that installs it.
#   sh infra/local/prerequisites.sh java            # npm start
#   sh infra/local/prerequisites.sh java chromium   # npm test
set -eu

missing=""
for need in "$@"; do
  case "$need" in
    java) command -v java >/dev/null 2>&1 || missing="$missing openjdk-17-jre-headless" ;;
    chromium) [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing="$missing chromium" ;;
    *) echo "prerequisites: unknown need '$need'" >&2; exit 2 ;;
  esac
done
[ -z "$missing" ] && exit 0

if [ -f /etc/debian_version ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing from Debian's packages:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $missing >/dev/null
  exit 0
fi

echo "Missing:$missing. Install it, then run this again:" >&2
if [ -f /etc/debian_version ]; then
  echo "  sudo apt-get install -y$missing" >&2
else
  echo "  a Java 17 runtime (DynamoDB Local) and Chromium (the browser tests; or set CHROMIUM_PATH to one)," >&2
  echo "  e.g. on macOS: brew install openjdk@17 && brew install --cask chromium" >&2
fi
exit 1
