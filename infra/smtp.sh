#!/usr/bin/env bash
# Runs a local SMTP server with an inbox to read in the foreground: infra/smtp.sh DATA_DIR SMTP_PORT WEB_PORT
# It is smtp4dev (BSD-3-Clause), a .NET tool of the repository's tool manifest (.config/dotnet-tools.json),
# restored here when missing. It accepts every mail and keeps the last 1,000 in memory: nothing is relayed
# anywhere. Its inbox (web page and JSON API, /api/messages) is at http://127.0.0.1:WEB_PORT.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=$(realpath -m "$1"); smtp=$2; web=$3
mkdir -p "$data"
cd "$root"
dotnet tool restore >/dev/null
# The tool's settings file (none written: --nousersettings) and any state go under the data folder.
export XDG_CONFIG_HOME="$data"
exec dotnet tool run smtp4dev -- --urls="http://127.0.0.1:$web" --smtpport="$smtp" --imapport="" --pop3port="" \
  --db="" --nousersettings --tlsmode=None --messagestokeep=1000 --hostname=localhost
