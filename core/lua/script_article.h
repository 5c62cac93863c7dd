/* script_article.h — an article as a Lua table and back, directly between
 * the model and Lua (no JSON in between).  The table has the canonical
 * JSON's shape: absent strings are galley.null, lists carry the
 * galley.array metatable, body/media/entities are lists of tables.
 *
 * Two ways across.  script_article_push builds the whole table at once (a
 * partner's filter reads it).  A transform's article is live instead
 * (script_article_live.c): a field crosses into Lua when the script first
 * reads it, and only the fields it read or wrote cross back, so a script
 * that touches two fields does not pay for twenty. */
#ifndef GALLEY_SCRIPT_ARTICLE_H
#define GALLEY_SCRIPT_ARTICLE_H

#include <lua.h>
#include <stddef.h>

#include "model/article.h"

/* The article's top-level fields are those of article_fields.h: f is
 * one of AF_*, a mask of them has bit 1u << f. */

/* The keys of a body block's table and the block types' names, as one
 * array of Lua strings per state (script_article_push_keys): a block's
 * fields cross by index into it, with no look-up of a C string in Lua's
 * string cache (a strcmp) for each field of each block. */
enum {
	SCRIPT_KEY_TYPE = 1,
	SCRIPT_KEY_TEXT,
	SCRIPT_KEY_LEVEL,
	SCRIPT_KEY_SPEAKER,
	SCRIPT_KEY_BLOCK_TYPE, /* + article_block_type_index(type) */
	SCRIPT_KEY_LAST = SCRIPT_KEY_BLOCK_TYPE + ARTICLE_BLOCK_TYPES - 1
};

/* Pushes the array of key strings (made on first use); returns its
 * stack index. */
int script_article_push_keys(lua_State *L);

/* Registers the article metatables (methods paragraphs, text, add_entity)
 * and the live article's state. */
void script_article_open(lua_State *L);
/* Within the script_article*.c files: a new table of the article methods, and
 * the live article's metatable and state, registered by script_article_open. */
void script_article_push_methods(lua_State *L);
void script_article_live_open(lua_State *L);
/* Pushes field f's value (AF_*); -1 (nothing pushed) when extra is nested too deep. */
int script_article_push_field(lua_State *L, const galley_article *a, int f);
/* Pushes the whole table (with the article metatable); -1 (nothing
 * pushed) when extra is nested too deep. */
int script_article_push(lua_State *L, const galley_article *a);

/* Pushes a as the live article (the one before it, if any, is let go
 * first).  a must stay as it is until script_article_let_go. */
void script_article_push_live(lua_State *L, const galley_article *a);
/* 1 when the value at idx is the live article. */
int script_article_is_live(lua_State *L, int idx);
/* The fields of the live article the script read or wrote. */
unsigned script_article_live_fields(lua_State *L);
/* Brings every field of the live article into its table (pairs, emit). */
void script_article_live_fill(lua_State *L);
/* Ends the live article's call: its table keeps the fields it holds, and
 * reading any other is an error.  Safe to call when there is none. */
void script_article_let_go(lua_State *L);

/* What process(article) gave back, onto a: the table it returned (at
 * result), else the argument (at arg), edited in place.  The live article
 * brings back the fields the script read or wrote; another table is a
 * whole new article in place of a.  As script_article_take_into. */
int script_article_take_result(lua_State *L, int result, int arg, galley_article *a, char *msg,
                            size_t size);
/* Reads the fields in mask from the table at idx into a, strictly: a wrong
 * type or an unknown key is an error naming the field, written into msg,
 * and a is left as it was.  A field absent from the table is cleared; a
 * string equal to a's is not copied again.  The table is read raw (no
 * metamethods run).  Under lua_pcall; a memory error may leave a
 * partly updated (but whole) article. */
int script_article_take_into(lua_State *L, int idx, unsigned mask, galley_article *a, char *msg,
                          size_t size);
/* A new article from the table at idx (every field).  *out is set as soon
 * as the article exists, so a caller running this under lua_pcall frees
 * *out when a memory error cuts it short; on a returned error *out is NULL. */
int script_article_take(lua_State *L, int idx, galley_article **out, char *msg, size_t size);

#endif
