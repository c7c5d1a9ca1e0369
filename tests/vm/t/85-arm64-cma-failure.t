#!/bin/bash
# arm64: failed allocations and grows keep what is held, as
# tests/vm/t/18-cma-failure.t checks it on x86_64, in a qemu-system-
# aarch64 virt guest (Cortex-A72, RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/18-cma-failure.t
. "$(dirname "$0")/18-cma-failure.t"
