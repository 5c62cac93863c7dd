/* article_fill.c — set-once filling of an article (see article_fill.h). */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article/article_fill.h"

int fill(const galley_host *h, galley_article *a, const char *field, const char *value)
{
	if (!value || !value[0] || (h->get(a, field) && h->get(a, field)[0]))
		return 0;
	return h->set(a, field, value);
}

int fill_list(const galley_host *h, galley_article *a, const char *field, const char *value)
{
	if (!value || !value[0])
		return 0;
	for (size_t i = 0; i < h->list_count(a, field); i++)
		if (!strcmp(h->list_get(a, field, i), value))
			return 0;
	return h->list_add(a, field, value);
}

int fill_extra(const galley_host *h, galley_article *a, const char *key, const char *value)
{
	if (!value || !value[0] || h->extra_get_string(a, key))
		return 0;
	return h->extra_set_string(a, key, value);
}

int fill_id(const galley_host *h, galley_article *a, const char *const *candidates, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *slug = candidates[i] && candidates[i][0] ? h->slug(candidates[i]) : NULL;
		int rc = slug && slug[0] ? h->set(a, "id", slug) : 1;
		h->free(slug);
		if (rc <= 0)
			return rc;
	}
	return -1;
}

const char *fill_unby(const char *s)
{
	if (s && (!strncasecmp(s, "by ", 3) || !strncasecmp(s, "av ", 3)))
		s += 3;
	return s;
}

int fill_paragraphs(const galley_host *h, galley_article *a, const char *text)
{
	while (text && *text) {
		const char *end = strstr(text, "\n\n");
		size_t n = end ? (size_t)(end - text) : strlen(text);
		char *p = strndup(text, n);
		int rc = !p || (p[strspn(p, " \n\t\r")] && h->block_insert(a, h->block_count(a), "paragraph", p));
		free(p);
		if (rc)
			return -1;
		text += n + (end ? 2 : 0);
	}
	return 0;
}
