# Shared by the packaging tests: their TAP output, and the one list of
# what kexeccma installs (tests/expected-files) and the lists the
# installers produce, all as sorted "PACKAGE MODE PATH" lines (PACKAGE
# "-" for make install).
# shellcheck shell=bash

files_top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# TAP output: ok and not_ok count the test points, check runs a command
# as one; the tests end with "1..$n" and fail when $failed is not 0.
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# expected_files FORMAT: the list for "install", "rpm" or "deb".
expected_files() {
	local format=$1 f pkg mode path dir
	while read -r f pkg mode path; do
		case $f in
		all | "$format") ;;
		*) continue ;;
		esac
		[ "$format" = install ] && pkg=-
		if [ "${path##*/}" = @series@ ]; then
			dir=${path%/*}
			(cd "$files_top/kernel-patches/${dir##*/}" && find . -type f) |
				sed "s|^\./|$pkg $mode $dir/|"
		else
			echo "$pkg $mode $path"
		fi
	done <"$files_top/tests/expected-files" | LC_ALL=C sort
}

# normalize_files: drop folders and build-id links, strip the .gz that
# Debian adds to man pages and docs, sort.
normalize_files() {
	grep -v '^[^ ]* d' | grep -v ' /usr/lib/\.build-id/' |
		sed -E 's#^([^ ]+ [^ ]+ /usr/share/(man|doc)/.*)\.gz$#\1#' |
		LC_ALL=C sort
}

# installed_files ROOT: what a make install into ROOT holds.
installed_files() {
	(cd "$1" && find . -printf '- %M %p\n') | sed 's| \./| /|' |
		grep -v ' /$' | normalize_files
}

# rpm_files RPM...: what the packages hold.
rpm_files() {
	local r
	for r in "$@"; do
		rpm -qp --qf "[%{=NAME} %{FILEMODES:perms} %{FILENAMES}\n]" "$r"
	done | normalize_files
}

# deb_files DEB...: what the packages hold.
deb_files() {
	local d pkg
	for d in "$@"; do
		pkg=$(dpkg-deb -f "$d" Package)
		dpkg-deb -c "$d" | awk -v p="$pkg" '{ sub(/^\./, "", $6); print p, $1, $6 }'
	done | normalize_files
}

# series_installed ROOT: each series of the source's kernel-patches/ (at
# least 6.12 and 6.1) is under ROOT's /usr/share/kexeccma/kernel-patches/
# with its series file and every patch that file names.
series_installed() {
	local dst=$1/usr/share/kexeccma/kernel-patches d v p n=0
	for v in 6.12 6.1; do
		[ -d "$files_top/kernel-patches/$v" ] || return 1
	done
	for d in "$files_top"/kernel-patches/*/; do
		v=$(basename "$d")
		[ -s "$dst/$v/series" ] && [ -s "$dst/$v/0000-cover-letter.patch" ] ||
			return 1
		while read -r p; do
			case $p in '' | '#'*) continue ;; esac
			cmp -s "$d$p" "$dst/$v/$p" || return 1
			n=$((n + 1))
		done <"$d/series"
	done
	[ "$n" -gt 0 ]
}
