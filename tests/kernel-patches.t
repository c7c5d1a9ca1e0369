#!/bin/bash
# The kernel series as a reviewer receives them, the 6.12 series and the
# 6.1 backport: every patch in each series passes scripts/checkpatch.pl
# --strict with nothing to report, carries a "subsys: summary" subject
# numbered as in its series and a Signed-off-by, and each series has its
# cover letter. (That they apply and build is make kernel's job.)
top=$(cd "$(dirname "$0")/.." && pwd)
cache=${KEXECCMA_CACHE:-/var/cache/kexeccma}
n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $*"; }

# The newest tree's checkpatch, which knows the most.
tree=$(find "$cache/src" -maxdepth 1 -name 'linux-*' -type d 2>/dev/null | sort -V | tail -n 1)
if [ ! -x "$tree/scripts/checkpatch.pl" ]; then
	echo "1..0 # SKIP no kernel tree in $cache/src: run make kernel"
	exit 0
fi
# num N: N as git format-patch numbers it, padded to the width of $total.
num() { printf '%0*d' ${#total} "$1"; }
for kver in 6.12 6.1; do
	dir=$top/kernel-patches/$kver
	total=$(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$dir/series" | wc -l)
	if [ -s "$dir/0000-cover-letter.patch" ] &&
		grep -q "^Subject: \[PATCH $(num 0)/$total\] " "$dir/0000-cover-letter.patch"; then
		ok "$kver: the series has a cover letter numbered 0/$total"
	else
		not_ok "$kver: the series has a cover letter numbered 0/$total"
	fi
	i=0
	while read -r p; do
		i=$((i + 1))
		f=$dir/$p
		# checkpatch must run from the kernel tree, outside the project's
		# git repository, or it reads the patch file as a source file.
		if out=$(cd "$tree" && ./scripts/checkpatch.pl --strict --no-summary "$f" 2>&1) &&
			! grep -qE '^(ERROR|WARNING|CHECK):' <<<"$out"; then
			ok "$kver/$p: checkpatch --strict reports nothing"
		else
			not_ok "$kver/$p: checkpatch --strict reports nothing"
			printf '%s\n' "$out" | head -n 20 | sed 's/^/# /'
		fi
		if grep -qE "^Subject: \[PATCH $(num $i)/$total\] [A-Za-z0-9_./-]+: .+" "$f"; then
			ok "$kver/$p: subject is '[PATCH $i/$total] subsys: summary'"
		else
			not_ok "$kver/$p: subject is '[PATCH $i/$total] subsys: summary'"
		fi
		if grep -qE '^Signed-off-by: .+ <.+@.+>$' "$f"; then
			ok "$kver/$p: Signed-off-by"
		else
			not_ok "$kver/$p: Signed-off-by"
		fi
	done < <(sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$dir/series")
done
echo "1..$n"
[ "$failed" -eq 0 ]
