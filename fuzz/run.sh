#!/usr/bin/env bash
# Fuzzes one target for a while, then folds what it found into the committed corpus.
#
#   fuzz/run.sh TARGET [SECONDS]     (default 600; needs nightly and cargo-fuzz)
#
# The run works in fuzz/work-corpus/TARGET (not committed), starting from fuzz/corpus/TARGET.
# Crashes land in fuzz/artifacts/TARGET/. Afterwards the two corpora are merged into the
# smallest set with the same coverage, which replaces fuzz/corpus/TARGET, cut to its smallest
# inputs within CORPUS_KIB KiB (default 40). The last lines of
# libFuzzer's output give the executions and the time for RELIABILITY.md.
set -euo pipefail
cd "$(dirname "$0")"

target="$1"
seconds="${2:-600}"
target_dir="${CARGO_TARGET_DIR:-target}"

nice -n 19 cargo +nightly fuzz build -O --target-dir "$target_dir" "$target"
binary="$target_dir/x86_64-unknown-linux-gnu/release/$target"

mkdir -p "work-corpus/$target" "artifacts/$target" "corpus/$target"
# -close_fd_mask=1 silences the targets' standard output (the CLI's JSON report) but keeps
# libFuzzer's own reports on standard error.
nice -n 19 "$binary" "work-corpus/$target" "corpus/$target" \
    -max_total_time="$seconds" -timeout=60 -rss_limit_mb=4096 -max_len=8192 \
    -close_fd_mask=1 -print_final_stats=1 -artifact_prefix="artifacts/$target/" \
    2>&1 | tee "work-corpus/$target.log" | grep -E "^(#[0-9]+ +DONE|stat::|==[0-9]+== ERROR|SUMMARY|Done )" || true

merged="$(mktemp -d)"
nice -n 19 "$binary" -merge=1 -close_fd_mask=1 "$merged" "corpus/$target" "work-corpus/$target" \
    >/dev/null 2>&1
rm -rf "corpus/$target"
mv "$merged" "corpus/$target"
chmod 755 "corpus/$target"
# Keep the committed corpus small: the smallest inputs, up to CORPUS_KIB (default 40) KiB.
budget=$(( ${CORPUS_KIB:-40} * 1024 ))
total=0
while read -r size file; do
    if (( total + size > budget )); then rm -- "$file"; else total=$(( total + size )); fi
done < <(find "corpus/$target" -type f -printf '%s %p\n' | sort -n)
echo "corpus/$target: $(ls "corpus/$target" | wc -l) files, $(du -sb "corpus/$target" | cut -f1) bytes"
