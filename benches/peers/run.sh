#!/usr/bin/env bash
# Times the seed sample through gongwen, XeLaTeX (ctex) and Typst, whole
# processes, with hyperfine. Not part of CI. Needs (Debian):
#   apt-get install hyperfine texlive-xetex texlive-lang-chinese
#   cargo install typst-cli --locked
# and the fonts of fonts/install.sh. Run from the repository root:
#   bash benches/peers/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cargo build --release --quiet
python3 benches/peers/make_peers.py samples/naiman-audit-2020.md "$work" >/dev/null
cp samples/naiman-audit-2020.md "$work/seed.md"

# One untimed run each: XeLaTeX builds its font cache on first use.
(cd "$work" && xelatex -interaction=batchmode seed.tex >/dev/null 2>&1 || true)
for tool in xelatex typst; do command -v "$tool" >/dev/null || echo "未安装 $tool：跳过" >&2; done

cmds=("target/release/gongwen render $work/seed.md -o $work/gongwen.pdf")
names=(gongwen)
if command -v typst >/dev/null; then
  cmds+=("typst compile $work/seed.typ $work/typst.pdf"); names+=(typst)
fi
if command -v xelatex >/dev/null; then
  cmds+=("xelatex -interaction=batchmode -output-directory=$work $work/seed.tex"); names+=(xelatex)
fi
args=()
for i in "${!cmds[@]}"; do args+=(-n "${names[$i]}" "${cmds[$i]}"); done
hyperfine -N --warmup 3 --runs "${RUNS:-20}" --export-markdown "$work/peers.md" "${args[@]}"
cat "$work/peers.md"
for f in gongwen typst seed; do
  [ -f "$work/$f.pdf" ] && echo "$f.pdf: $(pdfinfo "$work/$f.pdf" | awk '/^Pages/{print $2}') pages"
done
