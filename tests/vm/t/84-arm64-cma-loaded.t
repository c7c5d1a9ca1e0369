#!/bin/bash
# arm64: writes refused while a crash kernel is loaded, as
# tests/vm/t/17-cma-loaded.t checks it on x86_64, in a qemu-system-aarch64
# virt guest (Cortex-A72, RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/17-cma-loaded.t
. "$(dirname "$0")/17-cma-loaded.t"
