// SPDX-License-Identifier: GPL-2.0-only
/*
 * kexeccma: size, allocate and arm a crash kernel in a crash CMA area.
 * Everything lives in the other files so that unit tests can call
 * kc_main() in-process against a fake root.
 */
#include "cmd.h"

int main(int argc, char *argv[])
{
	return kc_main(argc, argv);
}
