#!/bin/sh
# Regenerates the generated parts of the docs from the binary:
#  - the parameter table of docs/scenario-format.md (between its BEGIN PARAMS and END PARAMS
#    markers): `brink params --markdown`;
#  - the parameter table of each submodel of docs/ODD.md, between markers that name the prefixes
#    of its modules, `<!-- BEGIN PARAMS economy. (...) -->` ... `<!-- END PARAMS -->`:
#    `brink params --markdown --prefix economy.`.
# tests/check_docs.cmake (test docs.params_table) fails when a table differs from what this
# writes. Usage: scripts/gen-docs.sh [BRINK]   (default ./build/brink), from the source root.
set -eu
brink="${1:-./build/brink}"
"$brink" params --markdown > /dev/null # fail early on a broken binary

for doc in docs/scenario-format.md docs/ODD.md; do
  tmp="$doc.tmp.$$"
  awk -v brink="$brink" '
    /<!-- BEGIN PARAMS/ {
      print
      # "<!-- BEGIN PARAMS (generated ..." is the whole registry; "<!-- BEGIN PARAMS P (..." the
      # parameters whose names start with one of the comma-separated prefixes P
      cmd = "\"" brink "\" params --markdown"
      if ($4 !~ /^\(/)
        cmd = cmd " --prefix \"" $4 "\""
      while ((cmd | getline line) > 0)
        print line
      if (close(cmd) != 0) {
        print "gen-docs.sh: " cmd " failed" > "/dev/stderr"
        exit 1
      }
      skip = 1
      next
    }
    /<!-- END PARAMS/ { skip = 0 }
    !skip { print }
  ' "$doc" > "$tmp" || { rm -f "$tmp"; exit 1; }
  mv "$tmp" "$doc"
done
