/* url_safe.h — the one check every exporter makes before it writes a URL
 * where a reader follows links (a feed's link, an image's src, a
 * rendition's href, og:image): javascript:, data: and the like never
 * get there. */
#ifndef GALLEY_PLUGIN_URL_SAFE_H
#define GALLEY_PLUGIN_URL_SAFE_H

/* 1 when s may be followed: a relative reference, or an absolute URL
 * whose scheme is http or https (or mailto, with mailto set); never one
 * with a control character (readers drop tabs and line breaks, so
 * "java\tscript:" is javascript:).  Leading spaces are skipped, as
 * readers skip them. */
int url_safe(const char *s, int mailto);
/* s when url_safe(s, 0), else NULL. */
const char *url_or_null(const char *s);

#endif
