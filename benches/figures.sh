#!/usr/bin/env bash
# Every figure of issue 7 in one run, on the machine as it is (run it idle):
# the seed in process and as a CLI process, the stages, font loading, the
# 100-page document, 1,000 seed documents as one batch (wall time and peak
# memory), and the peers (benches/peers/run.sh; skipped when not installed).
# Needs: fonts/install.sh, and hyperfine + time (apt-get install hyperfine time).
# Run from the repository root: bash benches/figures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
echo "# $(date -u '+%F %T') UTC, load: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
cargo bench --bench render -- 'render/|stages/|fonts/' 2>&1 | grep -E '^(render|stages|fonts)/|time:|bytes'
cargo bench --bench batch -- 'size/' 2>&1 | grep -E '^size/|time:|pages'
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
for i in $(seq 1 1000); do
  sed "s/^标题: \(.*\)$/标题: \1（第${i}号）/" samples/naiman-audit-2020.md > "$work/in/doc$i.md"
done
/usr/bin/time -v target/release/gongwen render "$work/in" --out-dir "$work/out" 2> "$work/time.txt" || true
grep -E 'Elapsed|Maximum resident|Percent of CPU|已生成' "$work/time.txt"
if command -v typst >/dev/null || command -v xelatex >/dev/null; then
  RUNS=${RUNS:-15} bash benches/peers/run.sh 2>&1 | grep -E '^\|'
fi
