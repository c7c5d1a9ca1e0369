#!/bin/bash
# arm64: crashkernel=,high with arm64's 128M default low area, as
# tests/vm/t/14-cma-high.t checks it on x86_64, in a qemu-system-aarch64
# virt guest (Cortex-A72, RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/14-cma-high.t
. "$(dirname "$0")/14-cma-high.t"
