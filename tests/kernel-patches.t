#!/bin/bash
# The kernel series as a reviewer receives it: every patch in series
# passes scripts/checkpatch.pl --strict with nothing to report, carries a
# "subsys: summary" subject and a Signed-off-by, and the cover letter is
# there. (That the series applies and builds is make kernel's job.)
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${KEXECCMA_CACHE:-/var/cache/kexeccma}
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

tree=$(find "$cache/src" -maxdepth 1 -name 'linux-*' -type d 2>/dev/null | head -n 1)
if [ ! -x "$tree/scripts/checkpatch.pl" ]; then
	echo "1..0 # SKIP no kernel tree in $cache/src: run make kernel"
	exit 0
fi
if [ -s "$top/kernel-patches/0000-cover-letter.patch" ]; then
	ok "the series has a cover letter"
else
	not_ok "the series has a cover letter"
fi
while read -r p; do
	f=$top/kernel-patches/$p
	# checkpatch must run from the kernel tree, outside the project's
	# git repository, or it reads the patch file as a source file.
	if out=$(cd "$tree" && ./scripts/checkpatch.pl --strict --no-summary "$f" 2>&1) &&
		! grep -qE '^(ERROR|WARNING|CHECK):' <<<"$out"; then
		ok "$p: checkpatch --strict reports nothing"
	else
		not_ok "$p: checkpatch --strict reports nothing"
		printf '%s\n' "$out" | head -n 20 | sed 's/^/# /'
	fi
	if grep -qE '^Subject: \[PATCH [0-9]+/[0-9]+\] [A-Za-z0-9_./-]+: .+' "$f"; then
		ok "$p: subject is 'subsys: summary'"
	else
		not_ok "$p: subject is 'subsys: summary'"
	fi
	if grep -qE '^Signed-off-by: .+ <.+@.+>$' "$f"; then
		ok "$p: Signed-off-by"
	else
		not_ok "$p: Signed-off-by"
	fi
done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$top/kernel-patches/series")
echo "1..$n"
[ "$failed" -eq 0 ]
