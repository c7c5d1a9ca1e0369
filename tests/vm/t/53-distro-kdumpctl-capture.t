#!/bin/bash
# 52-distro-capture.t with kdump.service: the stand-in kdumpctl loads
# Debian's kernel (KDUMP_KERNELVER) with a kdumpctl-style dracut initrd
# whose capture runs in the initramfs, on a command line without root=.
export KX_CAPTURE_FLOW=kdumpctl
# shellcheck source=tests/vm/t/52-distro-capture.t
. "$(dirname "$0")/52-distro-capture.t"
