# What the export of tests/screens/scripts/export.txt left behind: the
# file holds the first lines of `parvis export --format json` (the export
# event, logged after it, and admin_leave are the two more), and nothing
# else was written, neither a .part file nor the missing folder.
parvis=$1
work=$2
file=$work/parvis-test-kiosk-2026-11-25.ndjson
n=$(wc -l <"$file")
"$parvis" --config "$work/kiosk.ini" export --format json >"$work/all.json"
if head -n "$n" "$work/all.json" | cmp -s - "$file"; then
	echo "the file is what parvis export --format json prints"
else
	echo "the file differs from parvis export --format json"
fi
echo "lines in the export after it: $(($(wc -l <"$work/all.json") - n))"
echo "records in the file: $n"
find "$work" -name '*.part' -printf 'left behind: %f\n'
[ -e /parvis-absent ] && echo "/parvis-absent was created"
exit 0
