# kexeccma: the single entry point. `make demo` runs the main job, `make
# check` runs every test; see README.md.

BUILD      := build
# The kernel series the tests boot: 6.12 (kernel-patches/6.12) by default,
# KVER=6.1 for the backport. build/kernel holds the 6.12 kernel, other
# versions go to build/kernel-KVER.
KVER       ?= 6.12
kernel_dir  = $(BUILD)/kernel$(if $(filter 6.12,$(1)),,-$(1))
KERNEL_DIR := $(call kernel_dir,$(KVER))
export KX_KERNEL := $(abspath $(KERNEL_DIR))/bzImage
INITRD     := $(BUILD)/initramfs/initrd.img
INITRD_ARM64 := $(BUILD)/initramfs-arm64/initrd.img
VM_TESTS   := $(sort $(wildcard tests/vm/t/*.t))
# The arm64 VM tests, recognisable by their names: `make check-arm64`.
ARM64_TESTS := $(sort $(wildcard tests/vm/t/*arm64*.t))
UNIT_TESTS := $(sort $(wildcard tests/unit/*.t tests/fuzz/*.t))
STRESS_TESTS := $(sort $(wildcard tests/stress/*.t))
# `make check TESTS=tests/vm/t/00-baseline-kdump.t` runs the tests named.
TESTS      ?= tests/lint.t tests/kernel-patches.t $(UNIT_TESTS) tests/install.t \
	tests/rpm.t tests/deb.t $(VM_TESTS)
# Test files run this many at a time (the longest first, the few marked
# "# run-tests: serial" alone before them; see scripts/run-tests). Most VM
# tests keep one core busy with a single-vCPU TCG guest: 2 on the 2-core
# CI machine; JOBS=1 runs them one after another.
JOBS       ?= 2

VERSION    := $(shell cat VERSION)
DIST       := $(BUILD)/dist
TARBALL    := $(DIST)/kexeccma-$(VERSION).tar.gz
RPMTOP     := $(abspath $(BUILD)/rpm)
# The Debian packages: built by `make deb` from a copy of the tree (tracked
# and new, not ignored files) so that the clone stays clean. Their version
# is debian/changelog's, which must match VERSION.
DEBDIR     := $(BUILD)/deb
DEB_VERSION := $(shell head -n 1 debian/changelog 2>/dev/null | cut -d ' ' -f 2 | tr -d '()')
DEB_ARCH   := $(shell dpkg-architecture -qDEB_HOST_ARCH 2>/dev/null)
DEB        := $(DEBDIR)/kexeccma_$(DEB_VERSION)_$(DEB_ARCH).deb
DEB_SRC    := $(wildcard $(shell git ls-files -co --exclude-standard 2>/dev/null))

# Parts that install files; each has its own Makefile honouring DESTDIR
# and PREFIX.
INSTALL_DIRS := $(wildcard kdumpctl-ext kdumpctl-ext/integration dracut)
DESTDIR    ?=
PREFIX     ?= /usr
DOCDIR     ?= $(PREFIX)/share/doc/kexeccma
PATCHDIR   ?= $(PREFIX)/share/kexeccma/kernel-patches

.PHONY: all deps kernel kernels kernel-arm64 initramfs initramfs-arm64 helper \
	check check-unit check-vm check-arm64 check-series demo \
	lint install dist rpm deb bench bench-capture kernel-debug stress clean

all: kernel initramfs helper

deps:
	scripts/deps

# The build script decides from a content hash whether anything needs
# doing, so these targets always run it.
kernel:
	scripts/build-kernel $(KVER) vm $(KERNEL_DIR) kernel-config/vm.config

# Every kernel make check boots: both series, and each also with
# KEXEC_CMA_DEFAULT_ON=n (built in the same object tree: one option
# differs) for the opt-in tests.
kernels:
	scripts/build-kernel 6.12 vm $(call kernel_dir,6.12) kernel-config/vm.config
	scripts/build-kernel --obj vm 6.12 vm-default-off \
		$(call kernel_dir,6.12)-default-off \
		kernel-config/vm.config kernel-config/default-off.config
	scripts/build-kernel 6.1 vm $(call kernel_dir,6.1) kernel-config/vm.config
	scripts/build-kernel --obj vm 6.1 vm-default-off \
		$(call kernel_dir,6.1)-default-off \
		kernel-config/vm.config kernel-config/default-off.config

# The 6.12 series cross-built for arm64 guests (qemu-system-aarch64 -M virt).
kernel-arm64:
	scripts/build-kernel --arch arm64 6.12 vm-arm64 $(BUILD)/kernel-arm64 \
		kernel-config/arm64.config

# The same kernel with KASAN, lockdep and friends, for the reliability runs.
kernel-debug:
	scripts/build-kernel $(KVER) debug $(BUILD)/kernel-debug \
		kernel-config/vm.config kernel-config/debug.config

$(INITRD): scripts/build-initramfs tests/vm/guest/hook.sh
	scripts/build-initramfs $@

initramfs: $(INITRD)

# arm64 user space from Debian's arm64 packages (dracut cannot cross).
$(INITRD_ARM64): scripts/build-initramfs-arm64 scripts/fetch-arm64-packages \
		tests/vm/guest/hook.sh
	scripts/build-initramfs-arm64 $@

initramfs-arm64: $(INITRD_ARM64)

helper:
	@if [ -f kdumpctl-ext/Makefile ]; then $(MAKE) -C kdumpctl-ext; fi

# The Debian distro tests install the project from the .deb.
check: kernels kernel-arm64 initramfs initramfs-arm64 helper deb
	scripts/run-tests -j $(JOBS) $(TESTS)

check-arm64: kernel-arm64 initramfs-arm64 helper
	scripts/run-tests -j $(JOBS) $(ARM64_TESTS)

check-unit: helper
	scripts/run-tests -j $(JOBS) $(UNIT_TESTS)

check-vm: kernels kernel-arm64 initramfs initramfs-arm64
	scripts/run-tests -j $(JOBS) $(VM_TESTS)

# Every patch of both series built on its own, as a bisection would,
# with W=1 on the files each touches (scripts/check-series-steps). Not
# part of check: it rebuilds the series' files once per patch.
check-series:
	scripts/check-series-steps 6.12
	scripts/check-series-steps --arch arm64 6.12
	scripts/check-series-steps 6.1

demo: kernel initramfs helper
	scripts/demo

# Longer reliability runs with a bounded duration each; see
# docs/reliability.md.
stress: kernel kernel-debug initramfs helper
	scripts/run-tests $(STRESS_TESTS)

# Benchmarks are not tests: they measure, write docs/benchmarks.md and
# take long. BENCH_ARGS=--quick runs a smoke subset. They boot both
# series (the latency part compares them), not the default-off kernels.
bench: initramfs helper
	scripts/build-kernel 6.12 vm $(call kernel_dir,6.12) kernel-config/vm.config
	scripts/build-kernel 6.1 vm $(call kernel_dir,6.1) kernel-config/vm.config
	bench/run $(BENCH_ARGS)
	$(MAKE) bench-capture

# The sizing cells with Debian's kernel capturing through kdump-tools and
# through a kdumpctl-style initramfs (docs/capture-cells.md): 6.1 with 1
# and 4 vCPUs, then 6.12 from the security suite, kdumpctl's
# initramfs_options=, and a dump target on a LUKS2 volume.
CAPTURE_APPEND_90 := nr_cpus=1 reset_devices irqpoll cma=0 initramfs_options=size=90%
# A dump target whose LUKS2 keyslot takes 256 MiB of argon2id memory.
CAPTURE_LUKS_KIB := 262144
bench-capture: kernel initramfs
	bench/capture --flow kdump-tools --cells "2:1 4:1 16:1"
	bench/capture --flow kdumpctl --cells "2:1 4:1 16:1"
	bench/capture --flow kdump-tools --cells "2:4 4:4 16:4" --tag cpus4
	bench/capture --flow kdumpctl --cells "2:4 4:4 16:4" --tag cpus4
	bench/capture --flow kdump-tools --capture-kernel 6.12 --cells "2:1 4:1"
	bench/capture --flow kdumpctl --capture-kernel 6.12 --cells "2:1 4:1"
	bench/capture --flow kdumpctl --cells "2:1 16:1" \
		--append "$(CAPTURE_APPEND_90)" --tag initramfs90
	bench/capture --flow kdump-tools --cells "2:1" --luks $(CAPTURE_LUKS_KIB)
	bench/capture-report

lint:
	tests/lint.t
	@if [ -f kdumpctl-ext/Makefile ]; then $(MAKE) -C kdumpctl-ext lint; fi

install:
	@for d in $(INSTALL_DIRS); do \
		if [ -f $$d/Makefile ]; then \
			$(MAKE) -C $$d install DESTDIR=$(abspath $(DESTDIR)) \
				PREFIX=$(PREFIX) DOCDIR=$(DOCDIR) || exit 1; \
		fi; \
	done
	install -D -m 0644 README.md $(DESTDIR)$(DOCDIR)/README.md
	@# Each kernel series in its folder (kernel-patches/6.12/,
	@# kernel-patches/6.1/: series file, cover letter, patches), with the
	@# packagers' README.
	for d in kernel-patches/*/; do \
		v=$$(basename "$$d"); \
		install -d $(DESTDIR)$(PATCHDIR)/$$v || exit 1; \
		install -m 0644 "$$d"* $(DESTDIR)$(PATCHDIR)/$$v/ || exit 1; \
	done
	install -m 0644 spec/README.kernel-patches $(DESTDIR)$(PATCHDIR)/README

# The spec's version comes from VERSION, the one place it lives.
$(DIST)/kexeccma.spec: spec/kexeccma.spec.in VERSION
	@mkdir -p $(@D)
	sed 's/@VERSION@/$(VERSION)/' $< >$@

# A release tarball of the committed tree, with the generated spec at its
# top so that `rpmbuild -ta` works on it too.
dist: $(DIST)/kexeccma.spec
	git archive --format=tar.gz --prefix=kexeccma-$(VERSION)/ \
		--add-file=$(DIST)/kexeccma.spec -o $(TARBALL) HEAD
	@echo "dist: $(TARBALL)"

# Debian's rpm cannot resolve Fedora build dependencies, hence --nodeps.
rpm: dist
	rm -rf $(RPMTOP)
	mkdir -p $(RPMTOP)/SOURCES
	cp $(TARBALL) $(RPMTOP)/SOURCES/
	rpmbuild -ba --nodeps --define '_topdir $(RPMTOP)' $(DIST)/kexeccma.spec
	@find $(RPMTOP)/RPMS $(RPMTOP)/SRPMS -name '*.rpm' -printf 'rpm: %p\n'

deb: $(DEB)

$(DEB): $(DEB_SRC)
	@case '$(DEB_VERSION)' in '$(VERSION)'-*) ;; \
	*) echo "deb: debian/changelog has $(DEB_VERSION), VERSION $(VERSION)" >&2; \
	   exit 1 ;; esac
	rm -rf $(DEBDIR)
	mkdir -p $(DEBDIR)/kexeccma-$(VERSION)
	@echo "deb: copying the tree to $(DEBDIR)/kexeccma-$(VERSION)"
	@tar -cf - $(DEB_SRC) | tar -C $(DEBDIR)/kexeccma-$(VERSION) -xf -
	cd $(DEBDIR)/kexeccma-$(VERSION) && dpkg-buildpackage -us -uc -b
	rm -rf $(DEBDIR)/kexeccma-$(VERSION)
	@find $(DEBDIR) -maxdepth 1 -name '*.deb' -printf 'deb: %p\n'

clean:
	rm -rf $(BUILD)
