#!/bin/bash
# arm64: crashkernel=size@offset, aligned and not, as tests/vm/t/15-cma-
# offset.t checks it on x86_64, in a qemu-system-aarch64 virt guest
# (Cortex-A72, RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/15-cma-offset.t
. "$(dirname "$0")/15-cma-offset.t"
