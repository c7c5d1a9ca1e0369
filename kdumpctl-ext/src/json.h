/* SPDX-License-Identifier: GPL-2.0-only */
/* A minimal JSON writer for --json output on stdout. */
#ifndef KC_JSON_H
#define KC_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define KC_JSON_DEPTH 8

struct kc_json {
	FILE *f;
	int depth;
	bool first[KC_JSON_DEPTH];
};

void kc_json_begin(struct kc_json *j, FILE *f);
void kc_json_end(struct kc_json *j);
/* key may be NULL inside arrays. */
void kc_json_obj(struct kc_json *j, const char *key);
void kc_json_arr(struct kc_json *j, const char *key);
void kc_json_close(struct kc_json *j, char c);
void kc_json_str(struct kc_json *j, const char *key, const char *v);
void kc_json_u64(struct kc_json *j, const char *key, uint64_t v);
void kc_json_bool(struct kc_json *j, const char *key, bool v);
void kc_json_null(struct kc_json *j, const char *key);

#endif
