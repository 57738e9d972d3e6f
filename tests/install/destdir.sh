#!/bin/bash
# `meson install` into a DESTDIR, then the installed programs run from
# there: their versions, `check` of the installed consultations (shipped
# and seeded), the installed example kiosk.ini (its paths moved into the
# DESTDIR) driving a scripted journey whose screens and database are
# exactly those of the in-tree screen test (tests/screens, bus-daily);
# then a second install keeps the changed configuration and the kiosk's
# forms directory as they are.
#
# usage: destdir.sh BUILD_DIR SOURCE_DIR
set -euo pipefail

build=$1
src=$2
work=$(mktemp -d "${TMPDIR:-/tmp}/parvis-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
dest=$work/dest
export LC_ALL=C.UTF-8
unset LANGUAGE

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

install_into() {
	meson install -C "$build" --no-rebuild --destdir "$1" \
		>"$work/install.log" 2>&1 || {
		cat "$work/install.log" >&2
		fail "meson install --destdir $1"
	}
}

install_into "$dest"

# Where things went, found rather than assumed (the prefix may differ).
bin=$(find "$dest" -path '*/bin/parvis' -type f)
sbin=$(find "$dest" -path '*/sbin/parvis-collect' -type f)
[ -x "$bin" ] || fail "no bin/parvis installed"
[ -x "$sbin" ] || fail "no sbin/parvis-collect installed (a daemon: sbin)"
root=${bin%/bin/parvis}
share=$root/share/parvis
etc_ini=$(find "$dest" -name kiosk.ini -type f)
etc=$(dirname "$etc_ini")
[ -f "$etc/collect.ini" ] || fail "no collect.ini beside $etc_ini"
[ -f "$share/communes.csv" ] || fail "no share/parvis/communes.csv"
[ -f "$share/xterm-kiosk.resources" ] || fail "no xterm resources"
[ -f "$root/share/locale/fr/LC_MESSAGES/parvis.mo" ] ||
	fail "the French catalogue is not installed"
[ "$(stat -c %a "$etc_ini")" = 640 ] ||
	fail "kiosk.ini (it will hold the PIN hash) is readable by everyone"

# Versions: the project's.
version=$(sed -n "s/^[[:space:]]*version: '\(.*\)',/\1/p" "$src/meson.build")
[ "$("$bin" --version)" = "parvis $version" ] || fail "parvis --version"
[ "$("$sbin" --version)" = "parvis-collect $version" ] ||
	fail "parvis-collect --version"

# The installed consultations check, shipped and seeded alike.
"$bin" check "$share"/forms/*.ini >"$work/check.out" 2>&1 || {
	cat "$work/check.out" >&2
	fail "check of the installed consultations"
}
state_forms=$(sed -n 's/^forms *= *//p' "$etc_ini")
seeded=$dest$state_forms
[ -d "$seeded" ] || fail "the kiosk's forms directory was not seeded"
"$bin" check "$seeded"/*.ini >/dev/null || fail "check of the seeded forms"
(cd "$seeded" && sha256sum --quiet -c .parvis-pulled) ||
	fail "the seeded forms are not listed as pulled"
for f in "$share"/forms/*.ini; do
	cmp -s "$f" "$seeded/$(basename "$f")" || fail "$f was not seeded"
done

# The installed kiosk.ini, its absolute paths moved into the DESTDIR, and
# the name and site of the screen test's kiosk.
ini=$work/kiosk.ini
sed -e "s#^\(forms\|database\|communes\)\( *\)= /#\1\2= $dest/#" \
	-e 's|^name .*|name = Kiosque de test|' \
	-e 's|^id .*|id = test-kiosk|' \
	-e '/^\[sites\]/,/^\[/{/^[a-z]/d}' \
	-e '/^\[sites\]/a marche-digne = Marché de Digne-les-Bains' \
	"$etc_ini" >"$ini"
"$bin" --config "$ini" export --format csv >/dev/null 2>&1 &&
	fail "export found a database before any journey"
printf '4827\n4827\n' | "$bin" --config "$ini" set-pin >/dev/null

# A passer-by on the installed program: the very screens of the in-tree
# test, and the very records.
expected=$src/tests/screens/expected/bus-daily
mkdir "$work/dumps"
PARVIS_CLOCK=2026-11-25T09:30:00Z PARVIS_SIZE=80x24 \
	PARVIS_SCRIPT=$src/tests/screens/scripts/bus-daily.txt \
	PARVIS_LOCALEDIR=$root/share/locale \
	PARVIS_DUMP_DIR=$work/dumps "$bin" --config "$ini"
database=$(sed -n 's/^database *= *//p' "$ini")
case $database in "$dest"/*) ;; *) fail "database outside DESTDIR" ;; esac
sqlite3 -batch "$database" <"$src/tests/screens/scripts/bus-daily.sql" \
	>"$work/dumps/db.txt"
for f in "$work"/dumps/*.txt; do
	sed -E 's/\b[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}\b/XXXX-XXXX/g' \
		"$f" >"$f.masked"
	mv "$f.masked" "$f"
done
diff -ru "$expected" "$work/dumps" ||
	fail "the installed kiosk's journey differs from tests/screens"
"$bin" --config "$ini" export --format csv >"$work/export.csv" ||
	fail "export from the installed kiosk"
grep -q "transport-dignois" "$work/export.csv" || fail "nothing exported"

# A second install: an administrator's changes and the kiosk's forms are
# kept; the new example goes beside the changed file.
echo "; changed by the administrator" >>"$etc_ini"
cp "$etc_ini" "$work/kiosk.ini.changed"
cp "$etc/collect.ini" "$work/collect.ini.before"
rm "$seeded/conseil-citoyen.ini"
echo "local = yes" >"$seeded/local-note.txt"
install_into "$dest"
cmp -s "$etc_ini" "$work/kiosk.ini.changed" ||
	fail "the second install overwrote the changed kiosk.ini"
cmp -s "$etc_ini.example" "$build/dist/kiosk.ini" ||
	fail "no kiosk.ini.example beside the changed kiosk.ini"
cmp -s "$etc/collect.ini" "$work/collect.ini.before" ||
	fail "collect.ini changed"
[ ! -e "$etc/collect.ini.example" ] ||
	fail "collect.ini.example written for an unchanged collect.ini"
[ ! -e "$seeded/conseil-citoyen.ini" ] ||
	fail "the second install seeded the forms directory again"
[ -f "$seeded/local-note.txt" ] || fail "the forms directory was touched"
echo "ok: installed into $dest, journey identical, configuration kept"
