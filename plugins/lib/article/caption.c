/* caption.c — caption and credit from one text (see caption.h). */
#include <stdlib.h>
#include <string.h>

#include "article/caption.h"

static const char *const markers[] = {"Photo:", "Foto:", "Bild:", "Kuva:", "Credit:", "Image:",
                                      "Photograph:", "Illustration:", "Illustrasjon:", "Grafik:",
                                      NULL};

/* s[0..n) without outer spaces, as a new string. */
static char *trimmed(const char *s, size_t n)
{
	while (n && strchr(" \t\n", *s))
		s++, n--;
	while (n && strchr(" \t\n", s[n - 1]))
		n--;
	return strndup(s, n);
}

const char *caption_credit(const char *text, const char **credit)
{
	const char *at = NULL;
	for (const char *const *m = markers; *m; m++)
		for (const char *p = text; (p = strstr(p, *m)); p++)
			if ((p == text || p[-1] == ' ') && (!at || p > at))
				at = p, *credit = p + strlen(*m);
	return at;
}

int caption_set(const galley_host *h, galley_article *a, size_t i, const char *text)
{
	const char *credit = NULL, *at = caption_credit(text, &credit);
	char *cap = trimmed(text, at ? (size_t)(at - text) : strlen(text));
	char *by = credit ? trimmed(credit, strlen(credit)) : NULL;
	size_t len = by ? strlen(by) : 0;
	if (len && by[len - 1] == '.') /* "Photo: NTB." — the stop is the sentence's */
		by[len - 1] = '\0';
	int rc = !cap || (credit && !by) || (cap[0] && h->media_set(a, i, "caption", cap)) ||
	         (by && by[0] && h->media_set(a, i, "credit", by));
	free(cap);
	free(by);
	return rc ? -1 : 0;
}
