/* article_dump.c — writes an article's canonical JSON straight from the
 * model into one growing buffer: the bytes jansson's JSON_INDENT(2) would
 * give for article_to_json(), without building a tree of small objects
 * for every article (test_article checks the two agree).  `extra` too,
 * from its jansson values, but for reals (jansson's number format), which
 * leave the whole of it to jansson's writer. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "model/article.h"
#include "base/error.h"

typedef struct out {
	char *buf;
	size_t len, cap;
	int failed;
} out;

/* Makes room for n more bytes (and the final NUL); 0 when out of memory. */
static __attribute__((noinline)) int grow(out *o, size_t n)
{
	if (o->failed)
		return 0;
	size_t cap = o->cap ? o->cap : 8192; /* most articles' JSON fits */
	while (o->len + n + 2 > cap)
		cap *= 2;
	char *grown = realloc(o->buf, cap);
	if (!grown) {
		o->failed = 1;
		return 0;
	}
	o->buf = grown;
	o->cap = cap;
	return 1;
}

static inline void put(out *o, const char *s, size_t n)
{
	if (o->len + n + 2 > o->cap && !grow(o, n))
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static inline void puts_(out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void indent(out *o, int depth)
{
	static const char spaces[] = "\n                                ";
	put(o, spaces, 1 + (size_t)depth * 2);
}

/* 1 when none of the eight bytes at s needs escaping: no control
 * character, quote or backslash (each test finds any byte that has it). */
static int plain8(const char *s)
{
	const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
	uint64_t v, q, b;
	memcpy(&v, s, 8);
	q = v ^ (ones * '"');
	b = v ^ (ones * '\\');
	return !(((v - ones * 0x20) & ~v & high) | ((q - ones) & ~q & high) |
	         ((b - ones) & ~b & high));
}

/* The bytes from s on (up to end) that need no escaping, counted sixteen
 * at a time with SSE2 (unsigned: a byte at most 0x1F is a control
 * character), eight at a time without it; the count stops at the chunk
 * that holds one to escape. */
static size_t plain_run(const char *s, const char *end)
{
	const char *p = s;
#ifdef __SSE2__
	for (; end - p >= 16; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, _mm_set1_epi8(0x1F)), _mm_set1_epi8(0x1F));
		__m128i special = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
		                               _mm_cmpeq_epi8(v, _mm_set1_epi8('\\')));
		unsigned mask = (unsigned)_mm_movemask_epi8(_mm_or_si128(control, special));
		if (mask)
			return (size_t)(p - s) + (size_t)__builtin_ctz(mask);
	}
#endif
	while (end - p >= 8 && plain8(p))
		p += 8;
	return (size_t)(p - s);
}

/* jansson's escaping: quote, backslash, the five short escapes, other
 * control characters as \uXXXX; everything else as is (UTF-8).  Runs of
 * plain text, the most of it, are passed many bytes at a time. */
static void string(out *o, const char *s)
{
	put(o, "\"", 1);
	const char *run = s, *end = s + strlen(s);
	for (; *s; s++) {
		s += plain_run(s, end);
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (!c)
			break;
		put(o, run, (size_t)(s - run));
		run = s + 1;
		char esc[8];
		switch (c) {
		case '"': puts_(o, "\\\""); break;
		case '\\': puts_(o, "\\\\"); break;
		case '\b': puts_(o, "\\b"); break;
		case '\f': puts_(o, "\\f"); break;
		case '\n': puts_(o, "\\n"); break;
		case '\r': puts_(o, "\\r"); break;
		case '\t': puts_(o, "\\t"); break;
		default:
			snprintf(esc, sizeof(esc), "\\u%04X", c);
			puts_(o, esc);
		}
	}
	put(o, run, (size_t)(s - run));
	put(o, "\"", 1);
}

static void string_or_null(out *o, const char *s)
{
	if (s)
		string(o, s);
	else
		puts_(o, "null");
}

/* "key": at depth, preceded by a comma unless first. */
/* One of the model's own field names (never extra's keys, which go
 * through string()): plain ASCII with nothing to escape, so written as it
 * is.  Through the string writer, keys were 41% of article_dump's
 * instructions (17.3 of 41.7 M for 1,000 articles). */
static void key(out *o, int depth, int *first, const char *k)
{
	if (!*first)
		put(o, ",", 1);
	*first = 0;
	indent(o, depth);
	put(o, "\"", 1);
	put(o, k, strlen(k));
	put(o, "\": ", 3);
}

static void strlist_out(out *o, int depth, const strlist *l)
{
	if (!l->count) {
		puts_(o, "[]");
		return;
	}
	put(o, "[", 1);
	for (size_t i = 0; i < l->count; i++) {
		if (i)
			put(o, ",", 1);
		indent(o, depth + 1);
		string(o, l->items[i]);
	}
	indent(o, depth);
	put(o, "]", 1);
}

static void dates_out(out *o, const galley_article *a)
{
	int first = 1;
	put(o, "{", 1);
	for (int i = 0; i < DATE_COUNT; i++)
		if (a->dates.at[i]) {
			key(o, 2, &first, article_date_names[i]);
			string(o, a->dates.at[i]);
		}
	if (first)
		put(o, "}", 1);
	else {
		indent(o, 1);
		put(o, "}", 1);
	}
}

/* Opens item i of a list of objects at depth 2. */
static void item_open(out *o, size_t i)
{
	puts_(o, i ? ",\n    {" : "[\n    {");
}

static void list_close(out *o, size_t n)
{
	puts_(o, n ? "\n    }\n  ]" : "[]");
}

/* An integer in decimal (snprintf cost 700 instructions a number). */
static void integer(out *o, long long v)
{
	char num[24], *end = num + sizeof(num), *d = end;
	unsigned long long m = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
	do
		*--d = (char)('0' + m % 10);
	while (m /= 10);
	if (v < 0)
		*--d = '-';
	put(o, d, (size_t)(end - d));
}

static void body_out(out *o, const block_list *l)
{
	for (size_t i = 0; i < l->count; i++) {
		const block *b = &l->items[i];
		int first = 1;
		item_open(o, i);
		key(o, 3, &first, "type");
		string(o, b->type);
		if (b->level || strcmp(b->type, "heading") == 0) { /* a heading's 0 too */
			key(o, 3, &first, "level");
			integer(o, b->level);
		}
		key(o, 3, &first, "text");
		string(o, b->text);
		if (b->speaker) {
			key(o, 3, &first, "speaker");
			string(o, b->speaker);
		}
		if (i + 1 < l->count)
			puts_(o, "\n    }");
	}
	list_close(o, l->count);
}

/* A list of records (media, entities) as the record table says. */
static void records_out(out *o, const void *items, size_t count, size_t elem,
                        const record_field *fields, size_t n)
{
	for (size_t i = 0; i < count; i++) {
		const void *r = (const char *)items + i * elem;
		int first = 1;
		item_open(o, i);
		for (size_t f = 0; f < n; f++) {
			const char *s = *record_slot(r, &fields[f]);
			if (!s && fields[f].presence == REC_OPTIONAL)
				continue;
			key(o, 3, &first, fields[f].name);
			string_or_null(o, s);
		}
		if (i + 1 < count)
			puts_(o, "\n    }");
	}
	list_close(o, count);
}

static int by_key(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int value_out(out *o, const json_t *v, int depth);

/* An object's members, keys sorted (jansson's JSON_SORT_KEYS). */
static int object_out(out *o, const json_t *v, int depth)
{
	size_t n = json_object_size(v), i = 0;
	if (n == 0) {
		puts_(o, "{}");
		return 1;
	}
	const char *stack[16], **keys = n <= 16 ? stack : malloc(n * sizeof(*keys));
	if (!keys)
		return 0;
	for (void *it = json_object_iter((json_t *)v); it; it = json_object_iter_next((json_t *)v, it)) {
		keys[i] = json_object_iter_key(it);
		if (strlen(keys[i]) != json_object_iter_key_len(it))
			break; /* a NUL in a key: jansson sorts it by its length too */
		i++;
	}
	int ok = i == n;
	if (ok)
		qsort(keys, n, sizeof(*keys), by_key);
	put(o, "{", 1);
	for (i = 0; ok && i < n; i++) {
		indent(o, depth + 1);
		string(o, keys[i]);
		put(o, ": ", 2);
		ok = value_out(o, json_object_get(v, keys[i]), depth + 1);
		if (i + 1 < n)
			put(o, ",", 1);
	}
	indent(o, depth);
	put(o, "}", 1);
	if (keys != stack)
		free(keys);
	return ok;
}

/* A value of extra as jansson's JSON_INDENT(2) | JSON_SORT_KEYS writes it,
 * nested at depth; 0 (the output to be thrown away) for what jansson's own
 * writer keeps: reals (its number format), strings holding a NUL, and
 * nesting deeper than indent() goes. */
static int value_out(out *o, const json_t *v, int depth)
{
	if (depth > 14)
		return 0;
	switch (json_typeof(v)) {
	case JSON_OBJECT: return object_out(o, v, depth);
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		if (n == 0) {
			puts_(o, "[]");
			return 1;
		}
		put(o, "[", 1);
		for (size_t i = 0; i < n; i++) {
			indent(o, depth + 1);
			if (!value_out(o, json_array_get(v, i), depth + 1))
				return 0;
			if (i + 1 < n)
				put(o, ",", 1);
		}
		indent(o, depth);
		put(o, "]", 1);
		return 1;
	}
	case JSON_STRING:
		if (strlen(json_string_value(v)) != json_string_length(v))
			return 0;
		string(o, json_string_value(v));
		return 1;
	case JSON_INTEGER:
		integer(o, json_integer_value(v));
		return 1;
	case JSON_TRUE: puts_(o, "true"); return 1;
	case JSON_FALSE: puts_(o, "false"); return 1;
	case JSON_NULL: puts_(o, "null"); return 1;
	default: return 0; /* JSON_REAL */
	}
}

/* extra written here like the rest (jansson's dump of a small object cost
 * more than the article's whole body); what value_out leaves to jansson
 * is dumped by it and indented one level. */
static void extra_out(out *o, const galley_article *a)
{
	if (!a->extra || json_object_size(a->extra) == 0) {
		puts_(o, "{}");
		return;
	}
	size_t mark = o->len;
	if (value_out(o, a->extra, 1) || o->failed)
		return;
	o->len = mark;
	char *s = json_dumps(a->extra, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (!s) {
		o->failed = 1;
		return;
	}
	const char *run = s;
	for (const char *p = s; *p; p++)
		if (*p == '\n') {
			put(o, run, (size_t)(p - run + 1));
			put(o, "  ", 2);
			run = p + 1;
		}
	puts_(o, run);
	free(s);
}

static void int_or_null(out *o, int64_t v)
{
	char num[24];
	if (v > 0)
		put(o, num, (size_t)snprintf(num, sizeof(num), "%lld", (long long)v));
	else
		put(o, "null", 4);
}

/* Field f's value, by its kind (article_fields.h). */
static void field_out(out *o, const galley_article *a, int f)
{
	const void *slot = article_slot(a, f);
	switch (article_fields[f].kind) {
	case AK_STRING:
	case AK_LANGUAGE: string_or_null(o, *(char *const *)slot); break;
	case AK_INT: int_or_null(o, *(const int64_t *)slot); break;
	case AK_STRLIST: strlist_out(o, 1, slot); break;
	case AK_DATES: dates_out(o, a); break;
	case AK_BODY: body_out(o, slot); break;
	case AK_MEDIA: {
		const media_list *l = slot;
		records_out(o, l->items, l->count, sizeof(media), media_fields, MEDIA_NFIELDS);
		break;
	}
	case AK_ENTITIES: {
		const entity_list *l = slot;
		records_out(o, l->items, l->count, sizeof(entity), entity_fields, ENTITY_NFIELDS);
		break;
	}
	case AK_EXTRA: extra_out(o, a); break;
	}
}

int article_dump(const galley_article *a, char **outp, size_t *len)
{
	out o = {0};
	int first = 1;
	put(&o, "{", 1);
	for (int f = 0; f < AF_COUNT; f++) {
		key(&o, 1, &first, article_fields[f].name);
		field_out(&o, a, f);
	}
	put(&o, "\n}\n", 3);
	if (o.failed) {
		free(o.buf);
		return GALLEY_ENOMEM;
	}
	o.buf[o.len] = '\0';
	*outp = o.buf;
	*len = o.len;
	return 0;
}
