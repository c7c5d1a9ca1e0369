#!/bin/bash
# arm64: a kdump cycle with kexec_load, as tests/vm/t/20-cma-kdump-load.t
# checks it on x86_64, in a qemu-system-aarch64 virt guest (Cortex-A72,
# RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/20-cma-kdump-load.t
. "$(dirname "$0")/20-cma-kdump-load.t"
