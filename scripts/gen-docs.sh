#!/usr/bin/env bash
# Regenerate the checked-in completions/ and man/ from the binary's clap definitions.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/ipcctl"
mkdir -p completions
"$bin" completions bash > completions/ipcctl.bash
"$bin" completions zsh > completions/_ipcctl
"$bin" completions fish > completions/ipcctl.fish
"$bin" completions elvish > completions/ipcctl.elv
"$bin" completions powershell > completions/_ipcctl.ps1
rm -rf man && "$bin" man man
echo "completions/ and man/ regenerated"
