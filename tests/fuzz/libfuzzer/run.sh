#!/bin/sh
# One libFuzzer target, as a test.  First every regression case of the
# target (tests/fuzz/regressions/NAME/, the inputs that once crashed it)
# is replayed, one by one; then the target runs from its corpus
# (tests/fuzz/corpus/NAME/) with its dictionary (tests/fuzz/dict/NAME.dict
# when there is one):
#
#   RUNS   a fixed number of inputs from a fixed seed (-runs=RUNS
#          -seed=1): the short run of the fuzz suite, the same inputs on
#          every machine however fast it is;
#   long   the campaign of the fuzz-long suite: PARVIS_FUZZ_RUNS inputs
#          (default 10 million, in each process) from a random seed,
#          PARVIS_FUZZ_JOBS processes (default 1), the inputs it finds
#          kept in WORK_DIR/NAME/corpus for the next campaign.
#
# New inputs of a short run go to a fresh WORK_DIR/NAME/new, never into
# the source tree.  A crash, a leak, a timeout or a broken promise fails
# the test with the path of the input that caused it: copy it into
# tests/fuzz/regressions/NAME/ once the bug is fixed.  Extra libFuzzer
# flags can be given in PARVIS_FUZZ_FLAGS.
#
# usage: run.sh FUZZER NAME FUZZ_DIR WORK_DIR RUNS|long
set -eu

if [ $# -ne 5 ]; then
	echo "usage: run.sh FUZZER NAME FUZZ_DIR WORK_DIR RUNS|long" >&2
	exit 2
fi
fuzzer=$1
case $fuzzer in
/*) ;;
*) fuzzer=$(pwd)/$fuzzer ;;
esac
name=$2
corpus=$3/corpus/$name
regressions=$3/regressions/$name
dict=$3/dict/$name.dict
work=$4/$name
mode=$5

mkdir -p "$work/crashes"
log=$work/log
set -- -artifact_prefix="$work/crashes/" -timeout=20 -rss_limit_mb=2048 \
    -print_final_stats=1
if [ -f "$dict" ]; then
	set -- "$@" -dict="$dict"
fi

# The input that failed, and how to replay it.
failed() {
	tail -n 60 "$log"
	for f in "$work"/crashes/*; do
		if [ -f "$f" ]; then
			echo "$name: input kept in $f; replay with: $fuzzer $f"
		fi
	done
	echo "$name: FAILED ($1)"
	exit 1
}

# 1. The regression cases, each once.
replayed=0
if [ -d "$regressions" ]; then
	for f in "$regressions"/*; do
		[ -f "$f" ] || continue
		if ! "$fuzzer" -timeout=20 "$f" >"$log" 2>&1; then
			cat "$log"
			echo "$name: regression case $f fails again"
			exit 1
		fi
		replayed=$((replayed + 1))
	done
fi

# 2. The run.
if [ "$mode" = long ]; then
	mkdir -p "$work/corpus"
	set -- "$@" -runs="${PARVIS_FUZZ_RUNS:-10000000}"
	jobs=${PARVIS_FUZZ_JOBS:-1}
	if [ "$jobs" -gt 1 ]; then
		# Each process writes its own fuzz-N.log, here.
		set -- "$@" -jobs="$jobs" -workers="$jobs"
		cd "$work"
	fi
	new=$work/corpus
else
	rm -rf "$work/new"
	mkdir -p "$work/new"
	set -- "$@" -runs="$mode" -seed=1
	new=$work/new
fi
set -- "$@" "$new" "$corpus"
if [ -d "$regressions" ]; then
	set -- "$@" "$regressions"
fi
start=$(date +%s)
rc=0
# shellcheck disable=SC2086
"$fuzzer" ${PARVIS_FUZZ_FLAGS:-} "$@" >"$log" 2>&1 || rc=$?
if [ "$rc" != 0 ]; then
	failed "exit status $rc"
fi
end=$(date +%s)

# 3. What it did: libFuzzer's last status line and its final figures.
stat() {
	sed -n "s/^stat::$1: *//p" "$log" | tail -n 1
}
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
echo "$name: $replayed regression cases replayed"
echo "$name: $(stat number_of_executed_units) inputs in $((end - start)) s" \
    "($(stat average_exec_per_sec) per second), peak RSS" \
    "$(stat peak_rss_mb) MB"
echo "$name: ${last:-no status line}"
for f in "$work"/fuzz-*.log; do
	if [ "$mode" = long ] && [ -f "$f" ]; then
		echo "$name: ${f##*/}: $(grep -E '^#[0-9]+' "$f" | tail -n 1)"
	fi
done
if [ "$mode" = long ]; then
	echo "$name: corpus of $(find "$new" -type f | wc -l) inputs," \
	    "$(du -sk "$new" | cut -f 1) KB, in $new"
fi
