// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the kernel in a bzImage keeps once it runs: _end - _text of the
 * vmlinux its payload holds. The boot header gives only init_size, the
 * larger of that span and the room the in-place decompressor needs
 * (payload, output and slack), and on a distribution kernel the second
 * wins: Debian 12's 6.1 bzImage says 63.6 MiB while its kernel spans
 * 52.2 MiB from _text to _end. Once the kernel runs, it reserves only
 * _text to _end (memblock); the rest of init_size is free again before
 * the initramfs is unpacked.
 *
 * The payload is decompressed by the system's decompressor for its
 * format (as initrd.c does, never a shell), through a pipe that is
 * closed once the ELF section headers are in. The vmlinux is stripped of
 * symbols but keeps its section headers, and _end is the page-aligned
 * end of its last allocated NOBITS section: .bss, then .brk on x86
 * (arch/x86/kernel/vmlinux.lds.S). Segment ends would not do: with AMD
 * memory encryption the last segment also holds .init.scratch, which
 * lies beyond _end and is not kept.
 *
 * On the way, the stream is searched for "initramfs_options=", the
 * parameter's __setup() name in the kernel's init data: whether this
 * kernel honours a size for its rootfs tmpfs is then known from the
 * kernel itself rather than from a version number (Linux 6.18 added it,
 * and the stable series took it at different releases).
 */
#include "vmlinux.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "initrd.h"
#include "run.h"
#include "util.h"

#define ELF64_EHDR 64
#define ELF64_PHDR 56
#define ELF64_SHDR 64
#define PT_LOAD 1
#define SHT_NOBITS 8
#define SHF_ALLOC 2

/* The program headers must be in the first VM_HEAD bytes. */
#define VM_HEAD 4096
/* A vmlinux has a few dozen sections; more is not a kernel. */
#define VM_SHNUM_MAX 1024
/* Nor is a payload that decompresses to more than this. */
#define VM_OUT_MAX (UINT64_C(1) << 30)
#define VM_PAGE UINT64_C(4096)

#define VM_SETUP "initramfs_options="
#define VM_SETUP_LEN (sizeof(VM_SETUP) - 1)

/* The decompressed vmlinux as it streams by: its head and sections. */
struct vm_walk {
	unsigned char head[VM_HEAD];
	size_t head_len;
	uint64_t pos;		/* bytes of output so far */
	uint64_t shoff;
	uint64_t shnum;
	size_t shlen;		/* 0 until the ELF header is in */
	unsigned char *sh;
	size_t sh_got;
	const char *why;
	bool setup_seen;	/* VM_SETUP was in the stream */
	unsigned char tail[VM_SETUP_LEN - 1]; /* the last bytes before */
};

/* From the ELF header: where the section headers are. */
static int elf_header(struct vm_walk *v)
{
	const unsigned char *b = v->head;

	if (memcmp(b, "\177ELF", 4) != 0 || b[4] != 2 || b[5] != 1) {
		v->why = "its payload is not a 64-bit little-endian ELF vmlinux";
		return -ENOEXEC;
	}
	v->shoff = kc_le(b + 40, 8);
	v->shnum = kc_le(b + 60, 2);
	if (kc_le(b + 58, 2) != ELF64_SHDR || v->shnum == 0 ||
	    v->shnum > VM_SHNUM_MAX || v->shoff < ELF64_EHDR ||
	    v->shoff > VM_OUT_MAX) {
		v->why = "its vmlinux has no usable section headers";
		return -EINVAL;
	}
	v->shlen = (size_t)v->shnum * ELF64_SHDR;
	v->sh = malloc(v->shlen);
	return v->sh ? 0 : -ENOMEM;
}

/* Look for VM_SETUP in buf, also across the previous chunk's end. */
static void vm_find_setup(struct vm_walk *v, const unsigned char *buf,
			  size_t len)
{
	const size_t keep = sizeof(v->tail);
	unsigned char seam[2 * (VM_SETUP_LEN - 1)];
	size_t have = v->pos < keep ? (size_t)v->pos : keep;
	size_t take = len < keep ? len : keep;

	memcpy(seam, v->tail + keep - have, have);
	memcpy(seam + have, buf, take);
	if (memmem(seam, have + take, VM_SETUP, VM_SETUP_LEN) ||
	    memmem(buf, len, VM_SETUP, VM_SETUP_LEN)) {
		v->setup_seen = true;
		return;
	}
	if (len >= keep) {
		memcpy(v->tail, buf + len - keep, keep);
	} else {
		memmove(v->tail, v->tail + len, keep - len);
		memcpy(v->tail + keep - len, buf, len);
	}
}

/* Keep the head and the section headers; 1 stops once they are in. */
static int vm_sink(void *arg, const unsigned char *buf, size_t len)
{
	struct vm_walk *v = arg;
	uint64_t end = v->pos + len;

	if (v->head_len < VM_HEAD) {
		size_t n = VM_HEAD - v->head_len;

		memcpy(v->head + v->head_len, buf, n < len ? n : len);
		v->head_len += n < len ? n : len;
	}
	if (!v->shlen && v->head_len >= ELF64_EHDR) {
		int ret = elf_header(v);

		if (ret)
			return ret;
	}
	if (v->shlen && end > v->shoff && v->pos < v->shoff + v->shlen) {
		uint64_t from = v->shoff > v->pos ? v->shoff : v->pos;
		uint64_t to = end < v->shoff + v->shlen ? end :
			      v->shoff + v->shlen;

		memcpy(v->sh + (from - v->shoff), buf + (from - v->pos),
		       (size_t)(to - from));
		v->sh_got += (size_t)(to - from);
	}
	if (!v->setup_seen)
		vm_find_setup(v, buf, len);
	v->pos = end;
	if (v->shlen && v->sh_got == v->shlen)
		return 1;
	if (v->pos > VM_OUT_MAX) {
		v->why = "its payload decompresses to more than 1 GiB";
		return -EFBIG;
	}
	return 0;
}

/* The physical end of vaddr's segment byte; 0 if no segment holds it. */
static uint64_t phys_end(const struct vm_walk *v, uint64_t phoff,
			 uint64_t phnum, uint64_t vend, uint64_t *lo)
{
	uint64_t i, pend = 0;

	for (i = 0; i < phnum; i++) {
		const unsigned char *ph = v->head + phoff + i * ELF64_PHDR;
		uint64_t vaddr = kc_le(ph + 16, 8), paddr = kc_le(ph + 24, 8);
		uint64_t memsz = kc_le(ph + 40, 8);

		if (kc_le(ph, 4) != PT_LOAD || memsz == 0)
			continue;
		if (paddr < *lo)
			*lo = paddr;
		if (vend > vaddr && vend - vaddr <= memsz)
			pend = paddr + (vend - vaddr);
	}
	return pend;
}

/* _end - _text from the program and section headers. */
static int vm_span(struct vm_walk *v, uint64_t *span)
{
	uint64_t phoff = kc_le(v->head + 32, 8), phnum = kc_le(v->head + 56, 2);
	uint64_t i, lo = UINT64_MAX, end = 0;

	if (kc_le(v->head + 54, 2) != ELF64_PHDR || phnum == 0 ||
	    phoff > v->head_len ||
	    phnum > (v->head_len - phoff) / ELF64_PHDR) {
		v->why = "its vmlinux's program headers are not at its start";
		return -EINVAL;
	}
	for (i = 0; i < v->shnum; i++) {
		const unsigned char *sh = v->sh + i * ELF64_SHDR;
		uint64_t addr = kc_le(sh + 16, 8), size = kc_le(sh + 32, 8), e;

		if (kc_le(sh + 4, 4) != SHT_NOBITS || !(kc_le(sh + 8, 8) & SHF_ALLOC) ||
		    size == 0 || __builtin_add_overflow(addr, size, &e))
			continue;
		e = phys_end(v, phoff, phnum, e, &lo);
		if (e > end)
			end = e;
	}
	if (!end) {
		v->why = "its vmlinux has no .bss in a loadable segment";
		return -ENOENT;
	}
	end = (end + VM_PAGE - 1) / VM_PAGE * VM_PAGE;
	if (end <= lo) {
		v->why = "its vmlinux's segments are inconsistent";
		return -EINVAL;
	}
	*span = end - lo;
	return 0;
}

/* Run the decompressor d over the payload into v; 0 or -errno. */
static int vm_read(int fd, const struct kc_kimage *ki,
		   const struct kc_decomp *d, struct vm_walk *v, char *why,
		   size_t whylen)
{
	char prog[KC_PATH_MAX];
	int ret, status = 0;

	ret = kc_find_prog(d->prog, prog, sizeof(prog));
	if (ret) {
		snprintf(why, whylen, "%s, which its %s payload needs, is %s",
			 d->prog, d->name, ret == -EPERM ?
			 "owned or writable by a non-root user" :
			 "not installed");
		return ret;
	}
	ret = kc_decomp_run(d, prog, fd, ki->payload_off, ki->payload_len,
			    vm_sink, v, &status);
	if (ret == 1)
		return 0;
	if (v->why)
		snprintf(why, whylen, "%s", v->why);
	else if (ret)
		snprintf(why, whylen, "reading its payload failed: %s",
			 strerror(-ret));
	else
		snprintf(why, whylen,
			 "its %s payload ended before the vmlinux's section headers (%s exit status %d)",
			 d->name, d->prog, status);
	return ret ? ret : -EINVAL;
}

int kc_vmlinux_resident(int fd, struct kc_kimage *ki)
{
	unsigned char magic[8];
	const struct kc_decomp *d;
	struct vm_walk *v;
	uint64_t span = 0;
	ssize_t n;
	int ret;

	n = pread(fd, magic, sizeof(magic), (off_t)ki->payload_off);
	d = n > 0 ? kc_decomp_detect(magic, (size_t)n) : NULL;
	if (!d) {
		snprintf(ki->resident_why, sizeof(ki->resident_why),
			 "its payload's compression is unknown");
		return -ENOEXEC;
	}
	v = calloc(1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	ret = vm_read(fd, ki, d, v, ki->resident_why,
		      sizeof(ki->resident_why));
	if (!ret)
		ret = vm_span(v, &span);
	if (ret && !ki->resident_why[0] && v->why)
		snprintf(ki->resident_why, sizeof(ki->resident_why), "%s",
			 v->why);
	/* _end - _text is part of init_size (arch/x86/boot/header.S). */
	if (!ret && span > ki->mem_size) {
		snprintf(ki->resident_why, sizeof(ki->resident_why),
			 "its vmlinux spans more than its init_size");
		ret = -EINVAL;
	}
	if (!ret) {
		ki->resident = span;
		/* Section data precede the section headers: all was seen. */
		ki->initramfs_options = v->setup_seen ? KC_KF_YES : KC_KF_NO;
	}
	free(v->sh);
	free(v);
	return ret;
}
