/* url_safe.c — links an exporter may write (url_safe.h). */
#include <string.h>
#include <strings.h>

#include "text/url_safe.h"

int url_safe(const char *s, int mailto)
{
	if (!s)
		return 0;
	s += strspn(s, " ");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		if (*c < 0x20 || *c == 0x7f)
			return 0;
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-");
	if (!n || s[n] != ':')
		return 1; /* no scheme: a path relative to the document */
	return (n == 4 && !strncasecmp(s, "http", 4)) || (n == 5 && !strncasecmp(s, "https", 5)) ||
	       (mailto && n == 6 && !strncasecmp(s, "mailto", 6));
}

const char *url_or_null(const char *s)
{
	return url_safe(s, 0) ? s : NULL;
}
