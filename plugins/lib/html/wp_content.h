/* wp_content.h — a WordPress post's content (WXR's content:encoded) as the
 * HTML WordPress renders from it, for lib/html_blocks: [caption]
 * shortcodes become <figure>s with a <figcaption> and the credit in
 * <small>; [embed], [video] and [audio] become embed paragraphs; [gallery]
 * and [playlist] are left out; text between blank lines becomes
 * paragraphs, as wpautop makes them (block editor content, already in
 * <p>s, passes as it is).  Other shortcodes stay text: "[sic]" is prose. */
#ifndef GALLEY_PLUGIN_WP_CONTENT_H
#define GALLEY_PLUGIN_WP_CONTENT_H

#include "text/text_out.h"

/* Appends the HTML of content to out; -1 when out of memory. */
int wp_content_html(const char *content, strbuf *out);

#endif
