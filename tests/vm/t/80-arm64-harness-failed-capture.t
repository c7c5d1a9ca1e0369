#!/bin/bash
# arm64: the harness turns a capture that cannot work into a prompt
# failure, as tests/vm/t/01-harness-failed-capture.t checks it on x86_64:
# the arm64 crash kernel gets a classic reservation too small for it (the
# arm64 test image is smaller than the x86 one, so less than 32 MiB).
KX_ARCH=arm64
KX_FAILED_CAPTURE_MIB=16
# shellcheck source=tests/vm/t/01-harness-failed-capture.t
. "$(dirname "$0")/01-harness-failed-capture.t"
