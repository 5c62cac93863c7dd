/* lang_tag.c — well-formed BCP 47 tags and their case (see lang_tag.h).
 * The grammar of RFC 5646 section 2.1, subtag by subtag:
 *   language  2-3 letters (ISO 639), then up to three 3-letter extlangs
 *   script    4 letters                          (Titlecase)
 *   region    2 letters or 3 digits              (UPPERCASE)
 *   variant   5-8 letters or digits, or a digit and 3 more
 *   extension a singleton other than x, then subtags of 2-8
 *   private   x, then subtags of 1-8; a tag may be private use only
 * The 4-8 letter languages the RFC reserves are refused, so that
 * "English" or "french" is not taken for a tag; grandfathered irregular
 * tags ("i-klingon") are the i- form read as private use.  Whether a
 * subtag is in IANA's registry is not asked. */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "base/lang_tag.h"

enum { LANGUAGE, EXTLANG, SCRIPT, REGION, VARIANT, EXTENSION, PRIVATE };

typedef struct reader {
	int part;     /* the part of the last subtag */
	int extlangs; /* extlangs so far */
	int bare;     /* a singleton (or x) still waits for its first subtag */
} reader;

static int all(const char *s, size_t n, int (*is)(int))
{
	for (size_t i = 0; i < n; i++)
		if (!is((unsigned char)s[i]))
			return 0;
	return 1;
}

static int letters(const char *s, size_t n) { return all(s, n, isalpha); }
static int digits(const char *s, size_t n) { return all(s, n, isdigit); }

/* The first subtag: a language, x (private use only) or i (grandfathered). */
static int first_part(reader *r, const char *s, size_t n)
{
	if (n == 1 && strchr("xXiI", *s))
		return r->bare = 1, PRIVATE;
	return (n == 2 || n == 3) && letters(s, n) ? LANGUAGE : -1;
}

/* The part a later subtag of n letters and digits is, or -1. */
static int next_part(reader *r, const char *s, size_t n)
{
	int at = r->part;
	if (r->bare) {
		r->bare = 0;
		return at == PRIVATE || n >= 2 ? at : -1;
	}
	if (at == PRIVATE)
		return PRIVATE;
	if (n == 1) /* a singleton */
		return r->bare = 1, tolower((unsigned char)*s) == 'x' ? PRIVATE : EXTENSION;
	if (at == EXTENSION)
		return EXTENSION;
	if (at <= EXTLANG && r->extlangs < 3 && n == 3 && letters(s, n))
		return r->extlangs++, EXTLANG;
	if (at < SCRIPT && n == 4 && letters(s, n))
		return SCRIPT;
	if (at < REGION && ((n == 2 && letters(s, n)) || (n == 3 && digits(s, n))))
		return REGION;
	if (n >= 5 || (n == 4 && isdigit((unsigned char)*s)))
		return VARIANT;
	return -1;
}

/* s[0..n) in the case its part takes. */
static void put_case(char *out, const char *s, size_t n, int part)
{
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		out[i] = (char)(part == REGION || (part == SCRIPT && i == 0) ? toupper(c) : tolower(c));
	}
}

/* RFC 5646's irregular grandfathered tags that the grammar does not read
 * (the i- ones it reads as private use). */
static const char *const irregular[] = {"en-GB-oed", "sgn-BE-FR", "sgn-BE-NL", "sgn-CH-DE", NULL};

static int grandfathered(const char *tag, char *out)
{
	for (size_t i = 0; irregular[i]; i++)
		if (strcasecmp(tag, irregular[i]) == 0)
			return strcpy(out, irregular[i]), 1;
	return 0;
}

int lang_tag_normalise(const char *tag, char *out, size_t size)
{
	size_t len = strlen(tag), at = 0;
	if (size)
		out[0] = '\0';
	if (len == 0 || len >= size || len >= LANG_TAG_MAX)
		return -1;
	if (grandfathered(tag, out))
		return 0;
	reader r = {.part = -1};
	for (const char *p = tag;; p++) {
		size_t n = strcspn(p, "-_");
		int part = -1;
		if (n >= 1 && n <= 8 && all(p, n, isalnum))
			part = r.part < 0 ? first_part(&r, p, n) : next_part(&r, p, n);
		if (part < 0)
			return out[0] = '\0', -1;
		r.part = part;
		put_case(out + at, p, n, part);
		at += n;
		p += n;
		if (!*p)
			break;
		out[at++] = '-';
	}
	out[at] = '\0';
	if (r.bare) /* "en-a" or "x": a singleton with nothing after it */
		return out[0] = '\0', -1;
	return 0;
}
