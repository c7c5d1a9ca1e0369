#!/bin/bash
# arm64: invalid sizes written to kexec_crash_size, as tests/vm/t/12-cma-
# invalid.t checks it on x86_64, in a qemu-system-aarch64 virt guest
# (Cortex-A72, RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/12-cma-invalid.t
. "$(dirname "$0")/12-cma-invalid.t"
