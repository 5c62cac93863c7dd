/* html_raw.h — a page's script and style bodies cut out before it is
 * parsed, and its runs of spaces made one.  The bodies are most of a real
 * page's bytes (60% of the 34 pages in ../shared/data/web), no reader uses
 * them, and libxml2 builds a text node of each character by character;
 * the runs (indentation, mostly) are a quarter of what is left, and HTML
 * shows a run as one space anyway.  JSON data blocks (JSON-LD, read by
 * html_page) are kept, and so are <pre> and <textarea> as they are.
 * Bytes are read as an ASCII-compatible charset's (UTF-8, the ISO and
 * Windows sets, Shift_JIS, GBK, Big5, EUC: none has a space or '<' byte
 * inside a character); UTF-16, whose characters may, never gets here, as
 * the readers refuse a page with NUL bytes as binary. */
#ifndef GALLEY_HTML_RAW_H
#define GALLEY_HTML_RAW_H

#include <stddef.h>

/* Copies in[0..len) to out (room for len bytes) without the bodies of
 * <script> (but a type naming JSON) and <style> elements, and with each
 * run of two or more spaces (space, tab, CR, LF, FF) in text as one: a
 * newline when the run held one, else a space; returns the length
 * written.  Tags stay as they are but for attributes past the 256th of one
 * element (libxml2 checks each new one against all before it: 600,000
 * would take half an hour), comments are passed over whole, and a script
 * or style with no end tag is kept as it is. */
size_t html_cut_raw_text(const char *in, size_t len, char *out);

#endif
