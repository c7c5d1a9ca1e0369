#!/bin/bash
# arm64: the crashkernel= range syntax, also with an offset, as
# tests/vm/t/16-cma-range.t checks it on x86_64, in a qemu-system-aarch64
# virt guest (Cortex-A72, RAM from 1 GiB).
KX_ARCH=arm64
# shellcheck source=tests/vm/t/16-cma-range.t
. "$(dirname "$0")/16-cma-range.t"
