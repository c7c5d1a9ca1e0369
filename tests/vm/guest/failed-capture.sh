# shellcheck shell=sh
# The same guest as the baseline: only the host side (a crash area too
# small for the capture) differs.
# shellcheck source=tests/vm/guest/baseline.sh
. "$KX_TESTS/guest/baseline.sh"
