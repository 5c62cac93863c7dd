/* text_out.h — an article's body as HTML or plain text, and escaping, for
 * the exporters (export/ninjs, export/html, export/nitf).  Plugins see only
 * galley/plugin.h of the core; this code is linked into each of them.
 * It reads the canonical JSON (host->article_json), which holds every
 * field, entities and extra included. */
#ifndef GALLEY_PLUGIN_TEXT_OUT_H
#define GALLEY_PLUGIN_TEXT_OUT_H

#include <stddef.h>

#include <jansson.h>

#include "text/strbuf.h"

/* s with & < > " ' as entities (text and attribute values alike), and
 * without what sb_add_clean() drops. */
int sb_html_escaped(strbuf *b, const char *s);
/* Appends s[0..n) without the code points that XML 1.0 forbids or HTML
 * reports as parse errors: C0 controls other than tab, LF and CR, DEL and
 * C1 controls, noncharacters (U+FDD0..U+FDEF, U+xFFFE, U+xFFFF); a byte
 * that is not UTF-8 (or encodes a surrogate) becomes U+FFFD. */
int sb_add_clean(strbuf *b, const char *s, size_t n);
/* The offset of the first byte of s[0..n) that is not UTF-8 (a stray
 * continuation, an overlong form, a surrogate, a cut sequence), or n. */
size_t text_utf8_error(const char *s, size_t n);
/* A malloc'd copy of s cleaned as sb_add_clean() does, or NULL. */
char *text_clean(const char *s);

/* The body as HTML fragments: <p>, <h2>..<h6>, <blockquote> (with the
 * speaker in <footer>), <ul><li>, captions as <p class="caption">. */
int text_body_html(const json_t *body, strbuf *out);
/* The body as plain text: blocks separated by blank lines. */
int text_body_plain(const json_t *body, strbuf *out);
/* The next item of a list block's text (one item per line): *item and
 * *len without the bullet the text format wrote (-, *, U+2022) and the
 * spaces before it; empty items are skipped.  0 at the end. */
int text_list_next(const char **text, const char **item, size_t *len);
/* Words in s: runs between spaces holding a letter or digit (as
 * annotate/stats counts them). */
size_t text_word_count(const char *s);
/* Code points in UTF-8 text. */
size_t text_char_count(const char *s);
/* A JSON object's string member, or NULL (absent, null, not a string). */
const char *text_get(const json_t *o, const char *key);

#endif
