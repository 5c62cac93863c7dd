/* quote_find.c — see quote_find.h.  Text is read as tokens: words (runs of
 * letters, digits, hyphens and apostrophes, any non-ASCII byte counting
 * as a letter) and single punctuation marks; an attribution is a speech
 * verb with a name on the side the language puts it. */
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

#include "text/quote_find.h"

/* Verbs a name follows ("says Jakob Hedenskog", "sier driftssjef Marte
 * Lie") and verbs a name may precede ("Hedenskog said"). */
static const char *const after_verbs[] = {
	"says",  "said",    "adds",    "added", "explains", "explained", "writes",  "wrote",
	"asks",  "asked",   "sier",    "sa",    "seier",    "forteller", "fortel",  "skriver",
	"säger", "berättar", "siger",  "sagde", "fortæller", "according", "ifølge", "enligt",
	NULL,
};
static const char *const before_verbs[] = {
	"says",  "said", "adds", "added", "explains", "explained", "told", "tells", "writes", "wrote",
	"sier",  "sa",   "seier", "säger", "siger",   "sagde",     NULL,
};
/* Capitalised words that are no one's name. */
static const char *const not_names[] = {
	"He",  "She", "It",  "They", "We",  "I",   "You", "This", "That", "Han", "Hun", "Hon",
	"Ho",  "Hen", "De",  "Dei",  "Vi",  "Jeg", "Jag", "Eg",   "Det",  "Den", "Dette", "Der",
	"Som", "The", "A",   "An",   "But", "And", NULL,
};
static const char *const particles[] = {"von", "van", "der", "den", "de", "af", "la", "le",
                                        "bin", "ibn", "al", NULL};

typedef struct token {
	size_t start, end;
	int word;
} token;

static int in_list(const char *const *list, const char *s, size_t n, int caseless)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !(caseless ? strncasecmp : strncmp)(list[i], s, n))
			return 1;
	return 0;
}

static int word_byte(unsigned char c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') || c >= 0x80 ||
	       c == '-' || c == '\'';
}

/* Quote marks and dashes are not letters, though their bytes are past ASCII. */
static size_t mark_len(const char *s, size_t n)
{
	static const char *const marks[] = {"\u201c", "\u201d", "\u201e", "\u2018", "\u2019",
	                                    "\u00ab", "\u00bb", "\u2013", "\u2014", "\u2026",
	                                    "\u00a0", "\u202f", NULL};
	for (size_t i = 0; marks[i]; i++) {
		size_t m = strlen(marks[i]);
		if (m <= n && !memcmp(s, marks[i], m))
			return m;
	}
	return 0;
}

/* Tokens of text[a, b), at most max. */
static size_t tokens(const char *t, size_t a, size_t b, token *out, size_t max)
{
	size_t n = 0;
	for (size_t i = a; i < b && n < max;) {
		size_t m = mark_len(t + i, b - i);
		unsigned char c = (unsigned char)t[i];
		if (m || (!word_byte(c) && c != ' ')) {
			out[n++] = (token){i, i + (m ? m : 1), 0};
			i += m ? m : 1;
		} else if (c == ' ') {
			i++;
		} else {
			size_t s = i;
			while (i < b && word_byte((unsigned char)t[i]) && !mark_len(t + i, b - i))
				i++;
			while (i > s + 1 && (t[i - 1] == '-' || t[i - 1] == '\''))
				i--; /* "Lie-" or "Putin'" keep the name whole */
			out[n++] = (token){s, i, 1};
		}
	}
	return n;
}

static int capitalised(const char *t, const token *k)
{
	utf8proc_int32_t c;
	if (!k->word || utf8proc_iterate((const utf8proc_uint8_t *)t + k->start,
	                                 (utf8proc_ssize_t)(k->end - k->start), &c) <= 0)
		return 0;
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

static int particle(const char *t, const token *k)
{
	return k->word && in_list(particles, t + k->start, k->end - k->start, 0);
}

static size_t copy_name(const char *t, size_t start, size_t end, char *name, size_t n)
{
	size_t len = end - start < n ? end - start : n - 1;
	memcpy(name, t + start, len);
	name[len] = '\0';
	return len;
}

/* The name from token i on: capitalised words, particles between them. */
static int name_from(const char *t, const token *k, size_t nk, size_t i, char *name, size_t n)
{
	size_t j = i, last = i;
	while (j < nk && (capitalised(t, &k[j]) || (j > i && particle(t, &k[j]))) && j - i < 6)
		if (capitalised(t, &k[j++]))
			last = j;
	if (last == i || (last - i == 1 && in_list(not_names, t + k[i].start, k[i].end - k[i].start, 0)))
		return 0;
	return copy_name(t, k[i].start, k[last - 1].end, name, n) > 0;
}

/* The name right before token i (the verb): "Jakob Hedenskog said". */
static int name_before(const char *t, const token *k, size_t i, char *name, size_t n)
{
	size_t j = i;
	while (j > 0 && (capitalised(t, &k[j - 1]) || particle(t, &k[j - 1])) && i - j < 6)
		j--;
	while (j < i && particle(t, &k[j]))
		j++;
	if (j == i || (i - j == 1 && in_list(not_names, t + k[j].start, k[j].end - k[j].start, 0)))
		return 0;
	return copy_name(t, k[j].start, k[i - 1].end, name, n) > 0;
}

/* An attribution in text[a, b): the first speech verb with a name. */
static int attribution(const char *t, size_t a, size_t b, char *name, size_t n)
{
	token k[256];
	size_t nk = tokens(t, a, b, k, 256);
	for (size_t i = 0; i < nk; i++) {
		if (!k[i].word)
			continue;
		const char *w = t + k[i].start;
		size_t len = k[i].end - k[i].start;
		int before = in_list(before_verbs, w, len, 1), after = in_list(after_verbs, w, len, 1);
		if (before && i > 0 && capitalised(t, &k[i - 1]) && name_before(t, k, i, name, n))
			return 1;
		if (!after)
			continue;
		size_t j = i + 1;
		if (!strncasecmp(w, "according", len) && (j >= nk || strncmp(t + k[j].start, "to", 2)))
			continue;
		j += !strncasecmp(w, "according", len);
		for (size_t roles = 0; j < nk && k[j].word && !capitalised(t, &k[j]) && roles < 4; roles++)
			j++; /* "sier driftssjef", "said analyst", "according to the" */
		if (j < nk && name_from(t, k, nk, j, name, n))
			return 1;
	}
	return 0;
}

/* ---- sentences ---- */

static int sentence_end(const char *t, size_t len, size_t i)
{
	if (t[i] != '.' && t[i] != '!' && t[i] != '?')
		return 0;
	size_t j = i + 1;
	while (j < len && mark_len(t + j, len - j) && t[j] != ' ')
		j += mark_len(t + j, len - j); /* a closing quote mark after the stop */
	return j >= len || t[j] == ' ';
}

static size_t sentence_start(const char *t, size_t at)
{
	size_t len = strlen(t);
	for (size_t i = at; i > 0; i--)
		if (sentence_end(t, len, i - 1))
			return i;
	return 0;
}

static size_t sentence_stop(const char *t, size_t at)
{
	size_t len = strlen(t);
	for (size_t i = at; i < len; i++)
		if (sentence_end(t, len, i))
			return i + 1;
	return len;
}

/* The last sentence of s: [*a, *b). */
static void last_sentence(const char *s, size_t *a, size_t *b)
{
	*b = strlen(s);
	while (*b > 0 && (s[*b - 1] == ' ' || s[*b - 1] == '\n'))
		(*b)--;
	*a = *b ? sentence_start(s, *b - 1) : 0;
}

void quote_speaker(const char *text, const quote_span *q, const char *prev, char *name, size_t n)
{
	size_t len = strlen(text), s = sentence_start(text, q->start);
	int dash = q->start <= 5 && (text[0] == '-' || mark_len(text, len));
	size_t e = dash ? len : sentence_stop(text, q->end);
	name[0] = '\0';
	if (attribution(text, q->end, e, name, n) || attribution(text, s, q->start, name, n))
		return;
	if (s > 0) { /* the sentence before, in this paragraph */
		size_t ps = sentence_start(text, s - 1);
		if (attribution(text, ps, s, name, n))
			return;
	} else if (prev) {
		size_t a, b;
		last_sentence(prev, &a, &b);
		attribution(prev, a, b, name, n);
	}
}

/* ---- quotes ---- */

/* Where a trailing attribution (", sier X." / "? sier X.") begins, or len. */
static size_t attribution_tail(const char *t, size_t from, size_t len)
{
	for (size_t i = len; i-- > from + 1;) {
		if ((t[i] != ',' && t[i] != '?' && t[i] != '!') || i + 2 >= len || t[i + 1] != ' ')
			continue;
		size_t w = i + 2, e = w;
		while (e < len && word_byte((unsigned char)t[e]))
			e++;
		if (in_list(after_verbs, t + w, e - w, 1) || in_list(before_verbs, t + w, e - w, 1))
			return t[i] == ',' ? i : i + 1; /* "?" and "!" belong to the quote */
	}
	return len;
}

static size_t count_words(const char *t, size_t a, size_t b)
{
	token k[256];
	size_t nk = tokens(t, a, b, k, 256), words = 0;
	for (size_t i = 0; i < nk; i++)
		words += k[i].word;
	return words;
}

/* Bytes of a space (plain, no-break or narrow no-break) at t, or 0. */
static size_t space_len(const char *t, size_t n)
{
	if (n >= 1 && t[0] == ' ')
		return 1;
	if (n >= 2 && !memcmp(t, "\u00a0", 2))
		return 2;
	return n >= 3 && !memcmp(t, "\u202f", 3) ? 3 : 0;
}

static quote_span trimmed(const char *t, size_t a, size_t b)
{
	for (size_t m; a < b && (m = space_len(t + a, b - a));)
		a += m;
	while (b > a) {
		size_t m = t[b - 1] == ' ' ? 1 : b - a >= 2 && !memcmp(t + b - 2, "\u00a0", 2) ? 2
		         : b - a >= 3 && !memcmp(t + b - 3, "\u202f", 3)                    ? 3
		                                                                        : 0;
		if (!m)
			break;
		b -= m;
	}
	return (quote_span){a, b};
}

/* The closing mark for the opening one at t (its length in *olen). */
static const char *closer(const char *t, size_t n, int after_space, size_t *olen)
{
	static const char *const pairs[][2] = {{"\u201c", "\u201d"}, {"\u00ab", "\u00bb"},
	                                       {"\u201e", "\u201c"}, {"\"", "\""},
	                                       {"\u201d", "\u201d"}, {NULL, NULL}};
	for (size_t i = 0; pairs[i][0]; i++) {
		size_t m = strlen(pairs[i][0]);
		if (m <= n && !memcmp(t, pairs[i][0], m) && (i < 3 || after_space)) {
			*olen = m;
			return pairs[i][1];
		}
	}
	return NULL;
}

size_t quote_find(const char *text, int whole, size_t min_words, quote_span *out, size_t max)
{
	size_t len = strlen(text), n = 0, start = 0;
	if (!max || !len)
		return 0;
	if (!strncmp(text, "- ", 2) || !strncmp(text, "\u2013 ", 4) || !strncmp(text, "\u2014 ", 4))
		whole = 1, start = text[0] == '-' ? 2 : 4;
	if (whole) {
		out[0] = trimmed(text, start, attribution_tail(text, start, len));
		return out[0].end > out[0].start;
	}
	for (size_t i = 0; i < len && n < max;) {
		size_t olen = 0;
		int after_space = i == 0 || text[i - 1] == ' ' || text[i - 1] == '(';
		const char *close = closer(text + i, len - i, after_space, &olen);
		if (!close) {
			i++;
			continue;
		}
		const char *end = strstr(text + i + olen, close);
		if (!end)
			break;
		size_t a = i + olen, b = (size_t)(end - text);
		if (count_words(text, a, b) >= min_words)
			out[n++] = trimmed(text, a, b);
		i = b + strlen(close);
	}
	return n;
}
