/* lua_article.h — an article as a Lua table and back, directly between
 * the model and Lua (no JSON in between).  The table has the canonical
 * JSON's shape: absent strings are galley.null, lists carry the
 * galley.array metatable, body/media/entities are lists of tables. */
#ifndef GALLEY_LUA_ARTICLE_H
#define GALLEY_LUA_ARTICLE_H

#include <lua.h>
#include <stddef.h>

#include "article.h"

/* Registers the article metatable (methods paragraphs, text, add_entity). */
void lua_article_open(lua_State *L);
/* Pushes the table (with the article metatable); -1 (nothing pushed) when extra is nested too deep. */
int lua_article_push(lua_State *L, const galley_article *a);
/* Builds a new article from the table at idx, strictly: a wrong type or
 * an unknown field is an error naming the field, written into msg.  The
 * table is read raw (no metamethods run).  *out is set as soon as the
 * article exists, so a caller running this under lua_pcall frees *out
 * when a memory error cuts it short; on a returned error *out is NULL. */
int lua_article_take(lua_State *L, int idx, galley_article **out, char *msg, size_t size);

#endif
