#!/bin/bash
# arm64: a kdump cycle with kexec_file_load (uncompressed Image), as
# tests/vm/t/21-cma-kdump-file.t checks it on x86_64, in a qemu-system-
# aarch64 virt guest (Cortex-A72, RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/21-cma-kdump-file.t
. "$(dirname "$0")/21-cma-kdump-file.t"
