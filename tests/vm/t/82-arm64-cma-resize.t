#!/bin/bash
# arm64: allocate, grow, shrink and free, as tests/vm/t/13-cma-resize.t
# checks it on x86_64, in a qemu-system-aarch64 virt guest (Cortex-A72,
# RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/13-cma-resize.t
. "$(dirname "$0")/13-cma-resize.t"
