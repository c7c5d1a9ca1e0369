#!/bin/bash
# arm64: boot state of crashkernel=256M, as tests/vm/t/10-cma-boot.t
# checks it on x86_64, in a qemu-system-aarch64 virt guest (Cortex-A72,
# RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/10-cma-boot.t
. "$(dirname "$0")/10-cma-boot.t"
