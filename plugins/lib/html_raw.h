/* html_raw.h — a page's script and style bodies cut out before it is
 * parsed.  They are most of a real page's bytes (60% of the 34 pages in
 * ../shared/data/web), no reader uses them, and libxml2 builds a text
 * node of each character by character.  JSON data blocks (JSON-LD, read
 * by html_page) are kept. */
#ifndef GALLEY_HTML_RAW_H
#define GALLEY_HTML_RAW_H

#include <stddef.h>

/* Copies in[0..len) to out (room for len bytes) without the bodies of
 * <script> (but a type naming JSON) and <style> elements; returns the
 * length written.  The tags stay; comments are passed over whole; an
 * element with no end tag is kept as it is. */
size_t html_cut_raw_text(const char *in, size_t len, char *out);

#endif
