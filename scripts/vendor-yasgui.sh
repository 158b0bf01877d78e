#!/usr/bin/env bash
# Fetch YASGUI's build from the npm registry again and check it is the copy we ship
# (mes_graph/static/yasgui/NOTICE gives the version and the digests).
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent @zazuko/yasgui@4.6.2 >/dev/null && tar xzf zazuko-yasgui-4.6.2.tgz)
echo "6520cdd256a4003e8d45865e0d631b6456b88a0e6b65f4f3e56d78a25d74c9a7  $work/zazuko-yasgui-4.6.2.tgz" | sha256sum -c
for name in yasgui.min.js yasgui.min.css; do
  cmp "$work/package/build/$name" "mes_graph/static/yasgui/$name" && echo "$name: the same"
done
