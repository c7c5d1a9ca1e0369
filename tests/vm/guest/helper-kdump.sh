# shellcheck shell=sh
# kexeccma end to end (see t/89-arm64-helper-kdump.t): start --size auto
# arms, stop gives everything back, start arms again, sysrq-c, and the
# capture kernel writes the dump.
# shellcheck source=tests/vm/guest/stress-lib.sh
. "$KX_TESTS/guest/stress-lib.sh"

case $KX_ROLE in
first)
	hrun estimate estimate --json
	hrun arm start --size auto
	sstate arm
	hrun stop stop
	sstate stop
	hrun rearm start --size auto
	sstate rearm
	crash_now
	;;
capture)
	capture_dump
	;;
esac
