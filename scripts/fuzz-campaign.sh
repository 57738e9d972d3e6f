#!/bin/sh
# The long libFuzzer campaign (tests/fuzz/README.md): each target, or the
# ones named, for PARVIS_FUZZ_RUNS inputs (default 10 million) from a
# random seed, one after the other, in the ASan+UBSan build of the Quick
# start (build-asan, built by clang; set up here if it is missing).  What
# a target finds is kept in build-asan/tests/fuzz/libfuzzer/work/NAME/
# corpus, where the next campaign starts from; a crash stops that target
# and names the input.  Each target ends with its figures: inputs, inputs
# per second, coverage (cov: edges, ft: features), corpus.
#
#   sh scripts/fuzz-campaign.sh                 # every target
#   sh scripts/fuzz-campaign.sh form ingest     # these two
#   PARVIS_FUZZ_RUNS=1000000 PARVIS_FUZZ_JOBS=2 sh scripts/fuzz-campaign.sh
#
# The same as `meson test -C build-asan --suite fuzz-long`, which runs the
# targets in parallel instead.
set -eu

cd "$(dirname "$0")/.."
dir=${PARVIS_FUZZ_BUILD:-build-asan}
if [ ! -f "$dir/build.ninja" ]; then
	CC=clang meson setup "$dir" -Db_sanitize=address,undefined \
		-Db_lundef=false -Dlibfuzzer=enabled
fi
ninja -C "$dir"
if [ $# -eq 0 ]; then
	set -- $(meson test -C "$dir" --list --suite fuzz-long 2>/dev/null |
		sed -n 's|.* / fuzz-long-||p')
fi
if [ $# -eq 0 ]; then
	echo "fuzz-campaign: no libFuzzer target in $dir (is it built by clang?)" >&2
	exit 1
fi
failed=0
for name in "$@"; do
	meson test -C "$dir" --suite fuzz-long --num-processes 1 --verbose \
		--no-rebuild "fuzz-long-$name" || failed=$((failed + 1))
done
echo "fuzz-campaign: $# targets, $failed failed"
[ "$failed" = 0 ]
