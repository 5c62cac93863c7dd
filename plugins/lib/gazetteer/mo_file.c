/* mo_file.c — see mo_file.h.  Layout (gettext manual, "The Format of GNU
 * MO Files"): magic 0x950412de, revision, N, offset of the table of
 * original strings, offset of the table of translations; each table holds
 * N (length, offset) pairs, and the originals are sorted, so a lookup is
 * a binary search.  Every offset is checked against the file's size. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer/mo_file.h"

struct mo_file {
	unsigned char *data;
	size_t len;
	int swap;
	uint32_t n, originals, translations;
};

static uint32_t word(const mo_file *m, size_t at)
{
	uint32_t v;
	memcpy(&v, m->data + at, 4);
	return m->swap ? __builtin_bswap32(v) : v;
}

/* String i of the table at off, checked to lie in the file, NUL included. */
static const char *string_at(const mo_file *m, uint32_t table, uint32_t i, uint32_t *len)
{
	size_t at = (size_t)table + (size_t)i * 8;
	*len = word(m, at);
	size_t off = word(m, at + 4);
	if (off > m->len || *len >= m->len - off || m->data[off + *len] != '\0')
		return NULL;
	return (const char *)m->data + off;
}

mo_file *mo_parse(const void *data, size_t len, char *why, size_t n)
{
	mo_file *m = calloc(1, sizeof(*m));
	if (!m || len < 20 || !(m->data = malloc(len))) {
		snprintf(why, n, m ? "too short for a message catalogue" : "out of memory");
		free(m);
		return NULL;
	}
	memcpy(m->data, data, len);
	m->len = len;
	uint32_t magic;
	memcpy(&magic, m->data, 4);
	m->swap = magic == 0xde120495u;
	if (magic != 0x950412deu && !m->swap) {
		snprintf(why, n, "not a message catalogue (no .mo magic number)");
		mo_free(m);
		return NULL;
	}
	m->n = word(m, 8), m->originals = word(m, 12), m->translations = word(m, 16);
	size_t table = (size_t)m->n * 8;
	if (m->n > len / 8 || m->originals > len - table || m->translations > len - table ||
	    (m->originals | m->translations) % 4) {
		snprintf(why, n, "a damaged message catalogue (its tables lie outside the file)");
		mo_free(m);
		return NULL;
	}
	return m;
}

void mo_free(mo_file *m)
{
	if (m)
		free(m->data);
	free(m);
}

const char *mo_lookup(const mo_file *m, const char *msgid)
{
	uint32_t lo = 0, hi = m->n, len;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const char *s = string_at(m, m->originals, mid, &len);
		if (!s)
			return NULL;
		int c = strcmp(msgid, s);
		if (c == 0) {
			const char *t = string_at(m, m->translations, mid, &len);
			return t && len && strcmp(t, msgid) ? t : NULL;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
