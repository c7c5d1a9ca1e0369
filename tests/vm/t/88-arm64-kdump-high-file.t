#!/bin/bash
# arm64: a kdump cycle with kexec_file_load and ,high, as
# tests/vm/t/23-cma-kdump-high-file.t checks it on x86_64, in a qemu-
# system-aarch64 virt guest (Cortex-A72, RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/23-cma-kdump-high-file.t
. "$(dirname "$0")/23-cma-kdump-high-file.t"
