#!/bin/bash
# Static checks of the project's shell code: shellcheck on every script,
# POSIX sh where dracut or the guest initramfs sources it.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
n=0
failed=0
check_file() {
	n=$((n + 1))
	if out=$(shellcheck -x "$@" 2>&1); then
		echo "ok $n - shellcheck ${*: -1}"
	else
		failed=$((failed + 1))
		echo "not ok $n - shellcheck ${*: -1}"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
}
for f in scripts/* .ci/run tests/*.t tests/vm/lib.sh tests/vm/t/*.t; do
	check_file "$f"
done
for f in tests/vm/guest/*.sh $(find dracut -name '*.sh' 2>/dev/null); do
	check_file -s sh "$f"
done
echo "1..$n"
[ "$failed" -eq 0 ]
