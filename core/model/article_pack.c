/* article_pack.c — an article as compact bytes and back, to move it
 * between processes (run/isolate.c): every field in the table's order,
 * strings as a length and their bytes, integers in this machine's order,
 * extra as compact JSON (its keys in their order).  Not a form to keep:
 * both ends are the same build (or, for a shard's records, builds of the
 * same article_pack_format).  Canonical JSON (article_dump.c) is the form
 * to keep and compare; this one is about eight times cheaper to read back,
 * which is what an importer in its own process pays per article, and the
 * merge of a split run per record. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "model/article.h"

#define NULL_LEN UINT32_MAX
#define PACK_VERSION 1 /* of put_field's and get_field's layout: change both, add one */

typedef struct packer {
	article_pack_fn put;
	void *data;
	int too_big;
} packer;

static void put_u32(packer *p, uint32_t v)
{
	p->put(p->data, &v, sizeof(v));
}

static void put_str(packer *p, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n >= NULL_LEN) {
		p->too_big = 1;
		s = NULL;
	}
	put_u32(p, s ? (uint32_t)n : NULL_LEN);
	if (s)
		p->put(p->data, s, n);
}

static void put_records(packer *p, const void *items, size_t count, size_t elem,
                        const record_field *fields, size_t nfields)
{
	put_u32(p, (uint32_t)count);
	for (size_t i = 0; i < count; i++)
		for (size_t k = 0; k < nfields; k++)
			put_str(p, *record_slot((const char *)items + i * elem, &fields[k]));
}

static int put_field(packer *p, const galley_article *a, int f)
{
	const void *slot = article_slot(a, f);
	switch (article_fields[f].kind) {
	case AK_STRING:
	case AK_LANGUAGE: put_str(p, *(char *const *)slot); return 0;
	case AK_INT: p->put(p->data, slot, sizeof(int64_t)); return 0;
	case AK_STRLIST: {
		const strlist *l = slot;
		put_u32(p, (uint32_t)l->count);
		for (size_t i = 0; i < l->count; i++)
			put_str(p, l->items[i]);
		return 0;
	}
	case AK_DATES:
		for (int i = 0; i < DATE_COUNT; i++)
			put_str(p, ((const article_dates *)slot)->at[i]);
		return 0;
	case AK_BODY: {
		const block_list *l = slot;
		put_u32(p, (uint32_t)l->count);
		for (size_t i = 0; i < l->count; i++) {
			put_str(p, l->items[i].type);
			put_str(p, l->items[i].text);
			put_str(p, l->items[i].speaker);
			put_u32(p, (uint32_t)l->items[i].level);
		}
		return 0;
	}
	case AK_MEDIA: {
		const media_list *l = slot;
		put_records(p, l->items, l->count, sizeof(media), media_fields, MEDIA_NFIELDS);
		return 0;
	}
	case AK_ENTITIES: {
		const entity_list *l = slot;
		put_records(p, l->items, l->count, sizeof(entity), entity_fields, ENTITY_NFIELDS);
		return 0;
	}
	case AK_EXTRA: {
		const json_t *x = *(json_t *const *)slot;
		char *json = x ? json_dumps(x, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
		if (x && !json)
			return GALLEY_ENOMEM;
		put_str(p, json);
		free(json);
		return 0;
	}
	}
	return GALLEY_EINVALID;
}

int article_pack(const galley_article *a, article_pack_fn put, void *data)
{
	packer p = {put, data, 0};
	for (int f = 0; f < AF_COUNT; f++) {
		int rc = put_field(&p, a, f);
		if (rc)
			return rc;
	}
	return p.too_big ? GALLEY_EINVALID : 0;
}

static uint64_t mix(uint64_t h, const void *bytes, size_t n)
{
	for (const unsigned char *b = bytes; n--; b++)
		h = (h ^ *b) * 0x100000001b3ULL; /* FNV-1a */
	return h;
}

uint64_t article_pack_format(void)
{
	uint32_t words[2] = {PACK_VERSION, 0x01020304}; /* the latter: the byte order */
	uint64_t h = mix(0xcbf29ce484222325ULL, words, sizeof(words));
	for (int f = 0; f < AF_COUNT; f++) {
		uint32_t kind = article_fields[f].kind;
		h = mix(h, article_fields[f].name, strlen(article_fields[f].name) + 1);
		h = mix(h, &kind, sizeof(kind));
	}
	for (size_t i = 0; i < MEDIA_NFIELDS; i++)
		h = mix(h, media_fields[i].name, strlen(media_fields[i].name) + 1);
	for (size_t i = 0; i < ENTITY_NFIELDS; i++)
		h = mix(h, entity_fields[i].name, strlen(entity_fields[i].name) + 1);
	return h;
}

typedef struct unpacker {
	const char *p;
	size_t left;
	galley_article *a;
	int bad; /* malformed, or out of memory (oom) */
	int oom;
} unpacker;

static int take(unpacker *u, void *out, size_t n)
{
	if (u->bad || u->left < n) {
		u->bad = 1;
		return -1;
	}
	memcpy(out, u->p, n);
	u->p += n;
	u->left -= n;
	return 0;
}

static uint32_t get_u32(unpacker *u)
{
	uint32_t v = 0;
	take(u, &v, sizeof(v));
	return v;
}

/* A string in the article's arena, or NULL (null, or u->bad set). */
static char *get_str(unpacker *u)
{
	uint32_t n = get_u32(u);
	if (u->bad || n == NULL_LEN)
		return NULL;
	if (n > u->left || memchr(u->p, '\0', n)) { /* a C string holds no NUL */
		u->bad = 1;
		return NULL;
	}
	char *s = article_strndup(u->a, u->p, n);
	if (!s)
		u->bad = u->oom = 1;
	u->p += n;
	u->left -= n;
	return s;
}

/* An array of count elements of elem bytes, zeroed; count bounded by the
 * bytes left (each element takes at least 4 of them). */
static void *get_array(unpacker *u, uint32_t count, size_t elem)
{
	if (u->bad || !count)
		return NULL;
	if (count > u->left / 4) {
		u->bad = 1;
		return NULL;
	}
	void *items = calloc(count, elem);
	if (!items)
		u->bad = u->oom = 1;
	return items;
}

static void get_records(unpacker *u, void **items, size_t *count, size_t *cap, size_t elem,
                        const record_field *fields, size_t nfields)
{
	uint32_t n = get_u32(u);
	*items = get_array(u, n, elem);
	if (!*items)
		return;
	*count = *cap = n;
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < nfields; k++)
			*record_slot((char *)*items + i * elem, &fields[k]) = get_str(u);
}

static void get_body(unpacker *u, block_list *l)
{
	uint32_t n = get_u32(u);
	if (!(l->items = get_array(u, n, sizeof(block))))
		return;
	l->count = l->cap = n;
	for (size_t i = 0; i < n && !u->bad; i++) {
		block *b = &l->items[i];
		const char *type = get_str(u);
		b->type = (char *)article_block_type_name(type ? type : "");
		b->text = get_str(u);
		b->speaker = get_str(u);
		b->level = (int)get_u32(u);
		if (!b->type || b->level < 0 || b->level > 6)
			u->bad = 1;
	}
}

static void get_extra(unpacker *u, json_t **slot)
{
	const char *json = get_str(u);
	if (!json)
		return;
	*slot = json_loads(json, JSON_DECODE_ANY, NULL);
	if (!*slot || !json_is_object(*slot))
		u->bad = 1;
}

static void get_field(unpacker *u, int f)
{
	void *slot = article_slot(u->a, f);
	switch (article_fields[f].kind) {
	case AK_STRING:
	case AK_LANGUAGE: *(char **)slot = get_str(u); return;
	case AK_INT: take(u, slot, sizeof(int64_t)); return;
	case AK_STRLIST: {
		strlist *l = slot;
		uint32_t n = get_u32(u);
		if (!(l->items = get_array(u, n, sizeof(char *))))
			return;
		l->count = l->cap = n;
		for (size_t i = 0; i < n; i++)
			if (!(l->items[i] = get_str(u)))
				u->bad = 1;
		return;
	}
	case AK_DATES:
		for (int i = 0; i < DATE_COUNT; i++)
			((article_dates *)slot)->at[i] = get_str(u);
		return;
	case AK_BODY: get_body(u, slot); return;
	case AK_MEDIA: {
		media_list *l = slot;
		get_records(u, (void **)&l->items, &l->count, &l->cap, sizeof(media), media_fields,
		            MEDIA_NFIELDS);
		return;
	}
	case AK_ENTITIES: {
		entity_list *l = slot;
		get_records(u, (void **)&l->items, &l->count, &l->cap, sizeof(entity), entity_fields,
		            ENTITY_NFIELDS);
		return;
	}
	case AK_EXTRA: get_extra(u, slot); return;
	}
}

int article_unpack(const void *bytes, size_t len, galley_article **out)
{
	unpacker u = {bytes, len, article_new(), 0, 0};
	*out = NULL;
	if (!u.a)
		return GALLEY_ENOMEM;
	for (int f = 0; f < AF_COUNT && !u.bad; f++)
		get_field(&u, f);
	if (u.bad || u.left) {
		article_free(u.a);
		return u.oom ? GALLEY_ENOMEM : GALLEY_EINVALID;
	}
	*out = u.a;
	return 0;
}
