#!/bin/sh
# Fuzzes one target with libFuzzer under ASan+UBSan (the `fuzz` preset, needs clang:
# `apt-get install clang`). Usage: scripts/fuzz.sh TARGET SECONDS [extra libFuzzer flags]
#   TARGET: terraform | cloudformation_yaml | cloudformation_json | policy | scan
# The working corpus lives in build/fuzz-corpus/TARGET (seeded from testdata/ on first use);
# crashes, leaks, timeouts and out-of-memory inputs are written to build/fuzz-artifacts/TARGET/.
# A found input belongs in testdata/bad/ once fixed, so the replay tests keep it fixed.
# The last line printed is the summary recorded in docs/security.md.
set -eu
target=$1
seconds=$2
shift 2
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ -z "${FUZZ_NO_BUILD:-}" ]; then
  cmake --preset fuzz >/dev/null
  cmake --build --preset fuzz --target "fuzz_$target" >/dev/null
fi

corpus=build/fuzz-corpus/$target
artifacts=build/fuzz-artifacts/$target
mkdir -p "$corpus" "$artifacts"
case $target in
  terraform) seeds="testdata/terraform testdata/examples testdata/bad/terraform"; dict=json ;;
  cloudformation_yaml) seeds="testdata/conformance/aws-cloudformation-templates testdata/bad/cloudformation testdata/cloudformation"; dict=cloudformation ;;
  cloudformation_json) seeds="testdata/cdk testdata/equivalence testdata/bad/cloudformation"; dict=cloudformation ;;
  policy) seeds="policies tests/conformance testdata/bad/policies"; dict=policy ;;
  scan) seeds="testdata/examples testdata/bad"; dict=cloudformation ;;
  *) echo "unknown target: $target" >&2; exit 2 ;;
esac

if [ -z "$(ls -A "$corpus")" ]; then
  # Seed with the files under 64 KiB (libFuzzer's default max_len is derived from the corpus).
  for d in $seeds; do
    find "$d" -type f -size -64k | while read -r f; do
      cp "$f" "$corpus/$(sha256sum "$f" | cut -c1-16)"
    done
  done
fi

log=build/fuzz-artifacts/$target.log
start=$(date +%s)
set +e
"build/fuzz/tests/fuzz/fuzz_$target" "$corpus" \
  -dict="tests/fuzz/dict/$dict.dict" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -max_len=65536 -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" >"$log" 2>&1
status=$?
set -e
end=$(date +%s)
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
files=$(ls "$corpus" | wc -l)
found=$(ls "$artifacts" | wc -l)
echo "fuzz_$target: $((end - start)) s, $execs executions, corpus $files inputs, $found artifacts, exit $status (log: $log)"
exit $status
