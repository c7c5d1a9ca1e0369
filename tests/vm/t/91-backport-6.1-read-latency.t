#!/bin/bash
# The 6.1 backport's run of 25-cma-read-latency (see 90-backport-6.1.t),
# in a file of its own: its bound (the longest read under a tenth of the
# allocation) holds on a quiet host, and a guest or a build beside it can
# stall a read for as long as the host preempts the vCPU.
# run-tests: serial
KX_BACKPORT_TESTS=25-cma-read-latency
# shellcheck source=tests/vm/t/90-backport-6.1.t
. "$(dirname "$0")/90-backport-6.1.t"
