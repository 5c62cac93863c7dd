/* clean/text — typographic hygiene for every text field of an article:
 * Unicode NFC (utf8proc), no control, zero-width or bidi embedding,
 * override and isolate characters or BOMs (the marks RTL text needs stay),
 * runs of spaces collapsed, no space before . , ; : ! ?, trimmed; and
 * boilerplate paragraphs left by the CMS ("Share this:", "Read more …")
 * dropped by settable PCRE2 patterns.  It does not rewrite wording. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "galley/plugin.h"
#include "text/strbuf.h"

static const galley_host *H;

static const galley_setting settings[] = {
	GALLEY_SETTING("boilerplate", LIST, "^share this:?$\n"
	 "^(read|see) (more|also)\\b.{0,200}$\n"
	 "^(les også|läs också|læs også|lue myös)\\b.{0,200}$\n"
	 "^(follow|like) us on\\b.{0,200}$\n"
	 "^advertisement$", "paragraphs matching any of these (PCRE2, caseless, UTF-8) are dropped"),
	{0},
};

/* Boilerplate patterns are the user's: a catastrophic one fails the
 * article instead of spinning (the same limits as galley.re). */
#define MATCH_LIMIT 10000000U
#define DEPTH_LIMIT 100000U
#define HEAP_LIMIT_KB 65536U

typedef struct cleaner {
	pcre2_code **patterns;
	size_t npatterns;
	pcre2_code *any; /* all patterns as one alternation, when that means the same */
	pcre2_match_data *match;
	pcre2_match_context *limits;
	size_t failed; /* the pattern that hit a limit */
	strbuf out; /* reused output buffer */
} cleaner;

/* Zero-width characters, the BOM, soft hyphens, and the bidirectional
 * embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), which
 * a CMS leaves unbalanced and which can reorder what a reader sees (the
 * "Trojan Source" trick).  The marks right-to-left text needs stay: LRM
 * U+200E, RLM U+200F and the Arabic letter mark U+061C. */
static int is_invisible(utf8proc_int32_t c)
{
	return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF ||
	       c == 0x00AD || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

static int is_blank(utf8proc_int32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == 0x3000 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x202F || c == 0x205F || c == 0x1680;
}

static int is_closing_punct(utf8proc_int32_t c)
{
	return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?';
}

/* Code points that NFC leaves alone whatever surrounds them: no canonical
 * decomposition, not combining, never composed with what came before
 * (NFC_Quick_Check=Yes with combining class 0).  That holds for everything
 * below U+0300 (Latin-1, Latin Extended, IPA), for General Punctuation
 * but U+2000 and U+2001 (they map to U+2002 and U+2003), and for the
 * currency signs: the text of most articles in Latin scripts. */
static int nfc_stable(utf8proc_int32_t c)
{
	return c < 0x300 || (c >= 0x2002 && c <= 0x206F) || (c >= 0x20A0 && c <= 0x20C0);
}

/* Steps over one code point: ASCII inline, utf8proc for the rest. */
static utf8proc_ssize_t next_cp(const utf8proc_uint8_t *s, utf8proc_ssize_t left,
                                utf8proc_int32_t *cp)
{
	if (*s < 0x80) {
		*cp = *s;
		return 1;
	}
	return utf8proc_iterate(s, left, cp);
}

/* s itself when it is valid UTF-8 already in NFC by the quick check above,
 * else a malloc'd NFC copy in *copy; NULL for invalid UTF-8. */
static const utf8proc_uint8_t *nfc_of(const char *s, size_t n, utf8proc_uint8_t **copy)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	*copy = NULL;
	for (utf8proc_ssize_t i = 0; i < (utf8proc_ssize_t)n;) {
		uint64_t w;
		if (i + 8 <= (utf8proc_ssize_t)n && (memcpy(&w, u + i, 8), !(w & 0x8080808080808080ULL))) {
			i += 8; /* eight ASCII bytes: stable */
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = next_cp(u + i, (utf8proc_ssize_t)n - i, &cp);
		if (step <= 0)
			return NULL;
		if (!nfc_stable(cp))
			return *copy = utf8proc_NFC(u);
		i += step;
	}
	return u;
}

static int is_control(utf8proc_int32_t cp)
{
	return cp < 0x80 ? cp < 0x20 || cp == 0x7F : utf8proc_category(cp) == UTF8PROC_CATEGORY_CC;
}

static int printable(utf8proc_uint8_t b)
{
	return b > 0x20 && b < 0x7F;
}

/* ---- runs of plain text ----
 * From a printable byte, a run of printable ASCII and single spaces
 * between words goes out as it is: a space before closing punctuation,
 * a second space, or anything else ends it.  run_end is the definition,
 * a byte at a time; run_end_fast takes sixteen at a time with SSE2
 * (tests/unit/test_clean_runs.c holds it to run_end). */

/* The end of the run from s[j] on (s[j - 1] was taken), s of n bytes. */
static size_t run_end(const utf8proc_uint8_t *s, size_t j, size_t n)
{
	while (j < n) {
		if (printable(s[j]))
			j++;
		else if (s[j] == ' ' && j + 1 < n && printable(s[j + 1]) && !is_closing_punct(s[j + 1]))
			j += 2;
		else
			break;
	}
	return j;
}

#ifdef __SSE2__
/* Of the sixteen bytes at p: printable ASCII that is not closing
 * punctuation (signed compares: bytes from 0x80 are below 0x21), and
 * printable, and spaces. */
static uint32_t good16(const utf8proc_uint8_t *p, uint32_t *shown, uint32_t *spaces)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i ok = _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8(0x20)),
	                           _mm_cmplt_epi8(v, _mm_set1_epi8(0x7F)));
	__m128i closing = _mm_or_si128(
		_mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
		                          _mm_cmpeq_epi8(v, _mm_set1_epi8(','))),
		             _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(';')),
		                          _mm_cmpeq_epi8(v, _mm_set1_epi8(':')))),
		_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('!')), _mm_cmpeq_epi8(v, _mm_set1_epi8('?'))));
	*shown = (uint32_t)_mm_movemask_epi8(ok);
	*spaces = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')));
	return (uint32_t)_mm_movemask_epi8(_mm_andnot_si128(closing, ok));
}
#endif

/* run_end, sixteen bytes at a time while seventeen are left: a byte is
 * taken when printable, or a space whose next byte (the good mask moved
 * down one, the seventeenth byte on top) is printable and not closing
 * punctuation; the first byte not taken ends the run. */
static size_t run_end_fast(const utf8proc_uint8_t *s, size_t j, size_t n)
{
#ifdef __SSE2__
	while (j + 17 <= n) {
		uint32_t shown, spaces, good = good16(s + j, &shown, &spaces);
		uint32_t after = good >> 1 | (uint32_t)(printable(s[j + 16]) && !is_closing_punct(s[j + 16])) << 15;
		uint32_t taken = shown | (spaces & after);
		if (taken != 0xFFFF)
			return j + (size_t)__builtin_ctz(~taken);
		j += 16;
	}
#endif
	return run_end(s, j, n);
}

/* Cleans s into c->out.s.  keep_newlines for lists (one item per line). */
static int clean_string(cleaner *c, const char *s, int keep_newlines)
{
	utf8proc_uint8_t *copy;
	const utf8proc_uint8_t *nfc = nfc_of(s, strlen(s), &copy);
	if (!nfc)
		return -1;
	size_t n = copy ? strlen((char *)copy) : strlen(s), len = 0;
	c->out.len = 0;
	if (sb_reserve(&c->out, n + 1)) {
		free(copy);
		return -1;
	}
	char *buf = c->out.s;
	int pending_space = 0; /* a run of blanks not yet written */
	for (utf8proc_ssize_t i = 0; i < (utf8proc_ssize_t)n;) {
		if (!pending_space && printable(nfc[i])) {
			/* a run of printable ASCII and single spaces between words,
			 * with no space pending: as it is (a space before closing
			 * punctuation, or a second one, ends the run) */
			utf8proc_ssize_t j = (utf8proc_ssize_t)run_end_fast(nfc, (size_t)i + 1, n);
			memcpy(buf + len, nfc + i, (size_t)(j - i));
			len += (size_t)(j - i);
			i = j;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t step = next_cp(nfc + i, (utf8proc_ssize_t)n - i, &cp);
		if (step <= 0)
			break;
		const char *bytes = (const char *)nfc + i;
		i += step;
		if (cp == '\n' && keep_newlines) {
			while (len > 0 && buf[len - 1] == ' ')
				len--;
			buf[len++] = '\n';
			pending_space = 0;
			continue;
		}
		if (is_blank(cp) || cp == '\n' || cp == 0x00A0) {
			pending_space = (pending_space || cp != 0x00A0) ? 1 : 2;
			continue;
		}
		if (is_invisible(cp) || is_control(cp))
			continue;
		/* a lone no-break space stays one; runs become a plain space */
		if (pending_space && len > 0 && buf[len - 1] != '\n' && !is_closing_punct(cp)) {
			if (pending_space == 2) {
				buf[len++] = (char)0xC2;
				buf[len++] = (char)0xA0;
			} else {
				buf[len++] = ' ';
			}
		}
		pending_space = 0;
		memcpy(buf + len, bytes, (size_t)step);
		len += (size_t)step;
	}
	while (len > 0 && (buf[len - 1] == ' ' || buf[len - 1] == '\n'))
		len--;
	buf[len] = '\0';
	c->out.len = len;
	free(copy);
	return 0;
}

/* Sets a field only when cleaning changed it (most fields are clean). */
static int changed(const char *before, const char *after)
{
	return !before || strcmp(before, after) != 0;
}

static int clean_field(cleaner *c, galley_article *a, const char *field)
{
	const char *v = H->get(a, field);
	if (!v)
		return 0;
	if (clean_string(c, v, 0))
		return -1;
	return changed(v, c->out.s) ? H->set(a, field, c->out.s[0] ? c->out.s : NULL) : 0;
}

/* One pattern's match, with the interpreter when the JIT's stack is too
 * small: >= 0 a match, PCRE2_ERROR_NOMATCH, or another PCRE2 error.  The
 * text is valid UTF-8 (the core lets nothing else in, and cleaning keeps
 * it so), so PCRE2 is spared checking it again for every pattern: that
 * check was most of clean/text's time on real-sized articles. */
static int match(cleaner *c, const pcre2_code *re, const char *text, size_t len)
{
	int rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, PCRE2_NO_UTF_CHECK, c->match, c->limits);
	if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
		rc = pcre2_match(re, (PCRE2_SPTR)text, len, 0, PCRE2_NO_JIT | PCRE2_NO_UTF_CHECK,
		                 c->match, c->limits);
	return rc;
}

/* 1 boilerplate, 0 not, -2 a pattern hit a limit (c->failed says which).
 * One match of the alternation answers for all patterns; when it hits a
 * limit, each pattern is tried alone, so the message names the one. */
static int is_boilerplate(cleaner *c, const char *text)
{
	size_t len = strlen(text);
	if (c->any) {
		int rc = match(c, c->any, text, len);
		if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH)
			return rc >= 0;
	}
	for (size_t i = 0; i < c->npatterns; i++) {
		int rc = match(c, c->patterns[i], text, len);
		if (rc >= 0)
			return 1;
		if (rc != PCRE2_ERROR_NOMATCH) {
			c->failed = i;
			return -2;
		}
	}
	return 0;
}

static int clean_blocks(cleaner *c, galley_article *a)
{
	for (size_t i = H->block_count(a); i-- > 0;) {
		const char *type = H->block_get(a, i, "type"), *text = H->block_get(a, i, "text");
		if (clean_string(c, text ? text : "", strcmp(type, "list") == 0))
			return -1;
		int boiler = c->out.s[0] ? is_boilerplate(c, c->out.s) : 1;
		if (boiler < 0)
			return boiler;
		if (boiler) {
			if (H->block_remove(a, i))
				return -1;
			continue;
		}
		if (changed(text, c->out.s) && H->block_set(a, i, "text", c->out.s))
			return -1;
	}
	return 0;
}

static int clean_lists(cleaner *c, galley_article *a, const char *field)
{
	size_t n = H->list_count(a, field);
	if (n == 0)
		return 0;
	char **items = calloc(n, sizeof(char *));
	int rc = items ? 0 : -1;
	for (size_t i = 0; !rc && i < n; i++)
		rc = clean_string(c, H->list_get(a, field, i), 0) || !(items[i] = strdup(c->out.s));
	if (!rc)
		rc = H->list_clear(a, field);
	for (size_t i = 0; !rc && i < n; i++)
		if (items[i][0])
			rc = H->list_add(a, field, items[i]);
	for (size_t i = 0; items && i < n; i++)
		free(items[i]);
	free(items);
	return rc;
}

static int clean_process(void *state, galley_ctx *ctx, galley_article *a)
{
	cleaner *c = state;
	static const char *const fields[] = {"headline", "kicker", "standfirst", "section", NULL};
	static const char *const media_fields[] = {"caption", "credit", "alt", NULL};
	int rc = 0;
	for (int i = 0; !rc && fields[i]; i++)
		rc = clean_field(c, a, fields[i]);
	if (!rc)
		rc = clean_blocks(c, a);
	if (!rc)
		rc = clean_lists(c, a, "bylines");
	if (!rc)
		rc = clean_lists(c, a, "keywords");
	for (size_t m = 0; !rc && m < H->media_count(a); m++)
		for (int f = 0; !rc && media_fields[f]; f++) {
			const char *v = H->media_get(a, m, media_fields[f]);
			if (v && !(rc = clean_string(c, v, 0)))
				rc = H->media_set(a, m, media_fields[f], c->out.s[0] ? c->out.s : NULL);
		}
	if (rc == -2)
		return H->fail(ctx,
		               "boilerplate pattern '%s' backtracks too much on this text (stopped "
		               "at PCRE2's limits); make it more specific",
		               H->setting_item(ctx, "boilerplate", c->failed));
	if (rc)
		return H->fail(ctx, "out of memory, or text that is not valid UTF-8");
	if (!H->get(a, "headline"))
		return H->fail(ctx, "the headline is empty after cleaning");
	return GALLEY_OK;
}

static void clean_destroy(void *state)
{
	cleaner *c = state;
	if (!c)
		return;
	for (size_t i = 0; i < c->npatterns; i++)
		pcre2_code_free(c->patterns[i]);
	free(c->patterns);
	pcre2_code_free(c->any);
	pcre2_match_data_free(c->match);
	pcre2_match_context_free(c->limits);
	sb_free(&c->out);
	free(c);
}

/* A pattern whose matches are the same inside (?:...)|(?:...): no group
 * numbers that would shift (back references, subroutine calls,
 * conditions), no verbs or (*options), no \Q quoting to the end, no
 * inline options (an x would make a # swallow what follows). */
static int combinable(const pcre2_code *re, const char *pat)
{
	uint32_t refs = 1;
	if (pcre2_pattern_info(re, PCRE2_INFO_BACKREFMAX, &refs) != 0 || refs != 0)
		return 0;
	if (strstr(pat, "(*") || strstr(pat, "\\Q") || strstr(pat, "\\g") || strstr(pat, "\\k"))
		return 0;
	for (const char *q = strstr(pat, "(?"); q; q = strstr(q + 2, "(?"))
		if (!(q[2] && strchr(":=!", q[2])) && !(q[2] == '<' && (q[3] == '=' || q[3] == '!')))
			return 0;
	return 1;
}

/* The patterns as one alternation, so a paragraph costs one match instead
 * of one a pattern (five by default, most of clean/text's PCRE2 time); NULL
 * when there is one pattern, one is not combinable, or it does not compile. */
static pcre2_code *combined(const galley_host *host, galley_ctx *ctx, const cleaner *c)
{
	if (c->npatterns < 2)
		return NULL;
	size_t len = 0;
	for (size_t i = 0; i < c->npatterns; i++) {
		const char *pat = host->setting_item(ctx, "boilerplate", i);
		if (!combinable(c->patterns[i], pat))
			return NULL;
		len += strlen(pat) + 6; /* (?:pat)| */
	}
	char *all = malloc(len + 1), *at = all;
	if (!all)
		return NULL;
	for (size_t i = 0; i < c->npatterns; i++)
		at += sprintf(at, "%s(?:%s)", i ? "|" : "", host->setting_item(ctx, "boilerplate", i));
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)all, PCRE2_ZERO_TERMINATED,
	                               PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &code, &offset, NULL);
	free(all);
	if (re)
		pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	return re;
}

/* The cleaner's patterns and match state; fails with its reason set. */
static int clean_setup(const galley_host *host, galley_ctx *ctx, cleaner *c)
{
	size_t n = host->setting_count(ctx, "boilerplate");
	if (!(c->patterns = calloc(n ? n : 1, sizeof(pcre2_code *))) ||
	    !(c->match = pcre2_match_data_create(4, NULL)) ||
	    !(c->limits = pcre2_match_context_create(NULL)))
		return host->fail(ctx, "out of memory");
	pcre2_set_match_limit(c->limits, MATCH_LIMIT);
	pcre2_set_depth_limit(c->limits, DEPTH_LIMIT);
	pcre2_set_heap_limit(c->limits, HEAP_LIMIT_KB);
	for (size_t i = 0; i < n; i++) {
		const char *pat = host->setting_item(ctx, "boilerplate", i);
		int code;
		PCRE2_SIZE offset;
		c->patterns[i] = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
		                               PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS, &code, &offset, NULL);
		if (!c->patterns[i]) {
			PCRE2_UCHAR msg[256];
			pcre2_get_error_message(code, msg, sizeof(msg));
			return host->fail(ctx, "boilerplate pattern '%s': %s at offset %zu", pat,
			                  (char *)msg, (size_t)offset);
		}
		pcre2_jit_compile(c->patterns[i], PCRE2_JIT_COMPLETE); /* optional */
		c->npatterns++;
	}
	c->any = combined(host, ctx, c);
	return GALLEY_OK;
}

static int clean_init(const galley_host *host, galley_ctx *ctx, void **state)
{
	H = host;
	cleaner *c = calloc(1, sizeof(*c));
	*state = NULL;
	if (!c)
		return host->fail(ctx, "out of memory");
	if (clean_setup(host, ctx, c) != GALLEY_OK) {
		clean_destroy(c); /* a failed init is not destroyed by the core */
		return GALLEY_FAIL;
	}
	*state = c;
	return GALLEY_OK;
}

/* The reference `galley plugins --markdown` prints (plugins/README.md). */
static const char reference[] =
	"Unicode NFC; strips control and zero-width\n"
	"characters, soft hyphens, BOMs, and the bidirectional embeddings, overrides\n"
	"and isolates (U+202A–U+202E, U+2066–U+2069) everywhere, headline included,\n"
	"keeping the marks right-to-left text needs (U+200E, U+200F, U+061C; golden\n"
	"`tests/cli/082`, one paragraph per class); collapses runs of spaces; removes a space\n"
	"before `. , ; : ! ?`; trims; drops paragraphs matching a boilerplate pattern.\n"
	"Setting `boilerplate` (list of PCRE2 patterns, caseless, UTF-8) defaults to\n"
	"`Share this:`, `Read more …`/`See also …`, `Les også`/`Läs också`/`Læs også`/`Lue\n"
	"myös …`, `Follow us on …`, `Advertisement`. The patterns are matched as one\n"
	"alternation, one PCRE2 match a paragraph (golden `tests/cli/085`), unless\n"
	"one of them would mean something else there (a back reference, a\n"
	"subroutine call or condition, a `(*VERB)`, an inline option such as\n"
	"`(?x)`, `\\Q`): then one by one (`tests/cli/086`). A pattern that\n"
	"backtracks past PCRE2's limits fails the article with its own name either\n"
	"way.\n";

GALLEY_PLUGIN_DEFINE(.name = "clean/text", .doc = reference,
                     .description = "NFC, invisible characters, spacing and punctuation, and CMS "
                                    "boilerplate paragraphs",
                     .role = GALLEY_ROLE_TRANSFORM, .settings = settings, .init = clean_init,
                     .process = clean_process, .destroy = clean_destroy)
