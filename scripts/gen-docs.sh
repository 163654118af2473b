#!/bin/sh
# Regenerates the generated parts of the docs from the binary: the parameter table of
# docs/scenario-format.md (between its BEGIN PARAMS and END PARAMS markers).
set -eu
brink="${1:-./build/brink}"
doc=docs/scenario-format.md
tmp="$doc.tmp.$$"
table=$("$brink" params --markdown)
awk -v table="$table" '
  /<!-- BEGIN PARAMS/ { print; print table; skip = 1; next }
  /<!-- END PARAMS/   { skip = 0 }
  !skip { print }
' "$doc" > "$tmp"
mv "$tmp" "$doc"
