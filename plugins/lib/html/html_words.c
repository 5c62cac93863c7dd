/* html_words.c — the word lists of lib/html_readable and one pass to find
 * them (see html_words.h).  The words are filed by their first two
 * letters: at each byte of the attribute one table look-up says whether
 * any word starts there, and only then are those few compared.  (A
 * strstr per word was 7% of import/html's time: about 80 words, on every
 * element with a class or an id.) */
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "html/html_words.h"

static const char *const unlikely[] = {
	"banner", "breadcrumb", "combx", "comment", "community", "cover-wrap", "disqus", "extra",
	"footer", "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss",
	"shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental", "ad-break",
	"agegate", "pagination", "pager", "popup", "yom-remote", "share", "sharing", "newsletter",
	"subscribe", "cookie", "promo", "outbrain", "taboola", "signup", NULL};
static const char *const rescued[] = {"article", "body", "column", "content", "main", "shadow",
                                      "story", NULL};
static const char *const positive[] = {"article", "body", "content", "entry", "hentry", "h-entry",
                                       "main", "page", "post", "text", "blog", "story", NULL};
static const char *const negative[] = {
	"hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead",
	"media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar",
	"skyscraper", "sponsor", "shopping", "tags", "tool", "widget", "social", "newsletter", NULL};

#define MAX_WORDS 128
#define CODES 28 /* a letter (1-26), '-' (27), anything else (0): no word holds one */
#define LIMIT 511

typedef struct word {
	const char *text;
	size_t len;
	unsigned lists;
} word;

static word words[MAX_WORDS]; /* filed by their first two codes */
static size_t nwords;
static unsigned char first[CODES * CODES], count[CODES * CODES];
static pthread_once_t once = PTHREAD_ONCE_INIT;

static unsigned lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32u : c;
}

static unsigned code(unsigned char c)
{
	unsigned l = lower(c);
	return l >= 'a' && l <= 'z' ? l - 'a' + 1 : l == '-' ? 27 : 0;
}

static unsigned pair(const char *s)
{
	return code((unsigned char)s[0]) * CODES + code((unsigned char)s[1]);
}

static void add_list(const char *const *list, unsigned bit)
{
	for (; *list; list++) {
		size_t i = 0;
		while (i < nwords && strcmp(words[i].text, *list))
			i++;
		if (i == nwords && nwords < MAX_WORDS)
			words[nwords++] = (word){*list, strlen(*list), 0};
		if (i < nwords)
			words[i].lists |= bit;
	}
}

static int by_pair(const void *a, const void *b)
{
	unsigned x = pair(((const word *)a)->text), y = pair(((const word *)b)->text);
	return x < y ? -1 : x > y;
}

static void build(void)
{
	add_list(unlikely, HTML_WORDS_UNLIKELY);
	add_list(rescued, HTML_WORDS_RESCUED);
	add_list(positive, HTML_WORDS_POSITIVE);
	add_list(negative, HTML_WORDS_NEGATIVE);
	qsort(words, nwords, sizeof(*words), by_pair);
	for (size_t i = nwords; i-- > 0;) {
		unsigned p = pair(words[i].text);
		first[p] = (unsigned char)i;
		count[p]++;
	}
}

/* Does the word start at s (n bytes left)? */
static int at(const char *s, size_t n, const word *w)
{
	if (w->len > n)
		return 0;
	for (size_t k = 2; k < w->len; k++)
		if (lower((unsigned char)s[k]) != (unsigned char)w->text[k])
			return 0;
	return 1;
}

unsigned html_words(const char *s)
{
	if (!s || !s[0] || !s[1])
		return 0;
	pthread_once(&once, build);
	size_t len = strnlen(s, LIMIT);
	unsigned found = 0;
	for (size_t i = 0; i + 1 < len; i++) {
		unsigned p = pair(s + i);
		for (size_t k = first[p], end = k + count[p]; k < end; k++)
			if (at(s + i, len - i, &words[k]))
				found |= words[k].lists;
	}
	return found;
}
