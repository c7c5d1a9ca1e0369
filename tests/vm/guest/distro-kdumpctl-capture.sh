# shellcheck shell=sh
# 53-distro-kdumpctl-capture.t's guest half: distro-capture.sh, whose
# "flow" input (kdumpctl) selects kdump.service and the stand-in kdumpctl.
# shellcheck source=tests/vm/guest/distro-capture.sh
. "$KX_TESTS/guest/distro-capture.sh"
