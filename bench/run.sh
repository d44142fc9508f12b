#!/usr/bin/env bash
# Publishes the console (Release) into bench/out/app and runs a benchmark from this folder.
# Usage: bench/run.sh idle.mjs --pages 20 --seconds 60
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --loglevel=error
dotnet publish ../OnlineConsole/OnlineConsole.csproj -c Release -o out/app -nologo -clp:ErrorsOnly >/dev/null
script=$1; shift
exec node "$script" "$@"
