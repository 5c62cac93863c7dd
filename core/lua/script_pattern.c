/* script_pattern.c — Lua patterns (the reference manual, §6.4.1) matched by a
 * backtracking matcher that charges its steps to the sandbox's budget.
 *
 * Lua's own string.find and friends run their matcher in C, where the
 * count hook never fires: "x":rep(40):find(".-.-.-.-.-.-.-y") would spin
 * for hours inside one instruction, past any budget or deadline.  These
 * replacements give the same results and errors as Lua 5.4's, and every
 * MATCH_CHARGE_EVERY steps call script_limits_charge, which raises the budget's
 * (or the deadline's) error like the hook does.  Character classes are
 * those of the C locale, as galley never changes the locale. */
#include <lauxlib.h>
#include <stdint.h>
#include <string.h>

#include "lua/script_literal.h"
#include "lua/script_limits.h"
#include "lua/script_pattern.h"

#define MAX_DEPTH 200     /* nested items before "pattern too complex" */
#define MATCH_CHARGE_EVERY 1024

enum { CAP_OPEN = -1, CAP_POSITION = -2 };

typedef struct matcher {
	lua_State *L;
	const char *src, *end;  /* the subject */
	const char *pend;       /* end of the pattern */
	int depth, level;
	unsigned steps;
	struct {
		const char *at;
		ptrdiff_t len; /* or CAP_OPEN, CAP_POSITION */
	} cap[PATTERN_MAX_CAPTURES];
} matcher;

static void step(matcher *m)
{
	if (++m->steps == MATCH_CHARGE_EVERY) {
		m->steps = 0;
		script_limits_charge(m->L, MATCH_CHARGE_EVERY);
	}
}

static void settle_steps(matcher *m)
{
	script_limits_charge(m->L, m->steps);
	m->steps = 0;
}

/* ---- single characters ---- */

static int in_range(unsigned c, unsigned lo, unsigned hi)
{
	return c >= lo && c <= hi;
}

/* %a, %d, ... in the C locale; an upper-case class is the complement; any
 * other character stands for itself. */
static int class_has(unsigned cls, unsigned c)
{
	int yes;
	int alpha = in_range(c, 'a', 'z') || in_range(c, 'A', 'Z'), digit = in_range(c, '0', '9');
	switch (cls | 0x20) {
	case 'a': yes = alpha; break;
	case 'c': yes = c < 0x20 || c == 0x7f; break;
	case 'd': yes = digit; break;
	case 'g': yes = in_range(c, 0x21, 0x7e); break;
	case 'l': yes = in_range(c, 'a', 'z'); break;
	case 'p': yes = in_range(c, 0x21, 0x7e) && !alpha && !digit; break;
	case 's': yes = c == ' ' || in_range(c, '\t', '\r'); break;
	case 'u': yes = in_range(c, 'A', 'Z'); break;
	case 'w': yes = alpha || digit; break;
	case 'x': yes = digit || in_range(c | 0x20, 'a', 'f'); break;
	case 'z': yes = c == 0; break; /* deprecated in Lua 5.2, still there */
	default: return cls == c;
	}
	return in_range(cls, 'A', 'Z') ? !yes : yes;
}

/* A set from '[' at p to its closing ']' at close. */
static int set_has(const char *p, const char *close, unsigned c)
{
	int yes = 1;
	p++;
	if (*p == '^') {
		yes = 0;
		p++;
	}
	for (; p < close; p++) {
		if (*p == '%') {
			p++;
			if (class_has((unsigned char)*p, c))
				return yes;
		} else if (p + 2 < close && p[1] == '-') {
			if (in_range(c, (unsigned char)p[0], (unsigned char)p[2]))
				return yes;
			p += 2;
		} else if ((unsigned char)*p == c) {
			return yes;
		}
	}
	return !yes;
}

/* Where the single-character item at p ends. */
static const char *item_end(matcher *m, const char *p)
{
	char c = *p++;
	if (c == '%') {
		if (p == m->pend)
			luaL_error(m->L, "malformed pattern (ends with '%%')");
		return p + 1;
	}
	if (c != '[')
		return p;
	size_t e = pattern_set_end(p - 1, (size_t)(m->pend - (p - 1)), 0);
	if (!e)
		luaL_error(m->L, "malformed pattern (missing ']')");
	return p - 1 + e;
}

static int single(const matcher *m, const char *s, const char *p, const char *ep)
{
	if (s >= m->end)
		return 0;
	unsigned c = (unsigned char)*s;
	switch (*p) {
	case '.': return 1;
	case '%': return class_has((unsigned char)p[1], c);
	case '[': return set_has(p, ep - 1, c);
	default: return (unsigned char)*p == c;
	}
}

/* ---- matching ---- */

static const char *match(matcher *m, const char *s, const char *p);

static const char *greedy(matcher *m, const char *s, const char *p, const char *ep)
{
	ptrdiff_t i = 0;
	while (single(m, s + i, p, ep)) {
		i++;
		step(m);
	}
	for (; i >= 0; i--) {
		const char *r = match(m, s + i, ep + 1);
		if (r)
			return r;
	}
	return NULL;
}

static const char *lazy(matcher *m, const char *s, const char *p, const char *ep)
{
	for (;;) {
		const char *r = match(m, s, ep + 1);
		if (r)
			return r;
		if (!single(m, s, p, ep))
			return NULL;
		s++;
	}
}

static const char *open_capture(matcher *m, const char *s, const char *p, ptrdiff_t what)
{
	if (m->level >= PATTERN_MAX_CAPTURES)
		luaL_error(m->L, "too many captures");
	m->cap[m->level].at = s;
	m->cap[m->level].len = what;
	m->level++;
	const char *r = match(m, s, p);
	if (!r)
		m->level--;
	return r;
}

static const char *close_capture(matcher *m, const char *s, const char *p)
{
	int l = m->level - 1;
	while (l >= 0 && m->cap[l].len != CAP_OPEN)
		l--;
	if (l < 0)
		luaL_error(m->L, "invalid pattern capture");
	m->cap[l].len = s - m->cap[l].at;
	const char *r = match(m, s, p);
	if (!r)
		m->cap[l].len = CAP_OPEN;
	return r;
}

/* %bxy at p (pointing after "%b"). */
static const char *balance(matcher *m, const char *s, const char *p)
{
	if (p + 1 >= m->pend)
		luaL_error(m->L, "malformed pattern (missing arguments to '%%b')");
	if (s >= m->end || *s != p[0])
		return NULL;
	int open = 1;
	while (++s < m->end) {
		step(m);
		if (*s == p[1]) {
			if (--open == 0)
				return s + 1;
		} else if (*s == p[0]) {
			open++;
		}
	}
	return NULL;
}

/* %1 .. %9 in a pattern: the text a closed capture matched, again. */
static const char *backref(matcher *m, const char *s, char digit)
{
	int l = digit - '1';
	if (l < 0 || l >= m->level || m->cap[l].len == CAP_OPEN)
		luaL_error(m->L, "invalid capture index %%%d", l + 1);
	ptrdiff_t len = m->cap[l].len;
	if (len < 0 || m->end - s < len || memcmp(m->cap[l].at, s, (size_t)len) != 0)
		return NULL;
	return s + len;
}

/* %f[set] at p (pointing after "%f"); the text's edges count as '\0'. */
static const char *frontier(matcher *m, const char *s, const char *p, const char **next)
{
	if (p == m->pend || *p != '[')
		luaL_error(m->L, "missing '[' after '%%f' in pattern");
	const char *ep = item_end(m, p);
	unsigned prev = s == m->src ? 0 : (unsigned char)s[-1];
	unsigned cur = s < m->end ? (unsigned char)*s : 0;
	*next = ep;
	return !set_has(p, ep - 1, prev) && set_has(p, ep - 1, cur) ? s : NULL;
}

/* The special items; 1 when p was one (s, p advanced or s NULL). */
static int special(matcher *m, const char **s, const char **p, const char **done)
{
	const char *q = *p;
	*done = NULL;
	if (*q == '(') {
		int pos = q + 1 < m->pend && q[1] == ')';
		*done = open_capture(m, *s, q + (pos ? 2 : 1), pos ? CAP_POSITION : CAP_OPEN);
		return 2;
	}
	if (*q == ')') {
		*done = close_capture(m, *s, q + 1);
		return 2;
	}
	if (*q == '$' && q + 1 == m->pend) {
		*done = *s == m->end ? *s : NULL;
		return 2;
	}
	if (*q != '%' || q + 1 == m->pend)
		return 0;
	if (q[1] == 'b') {
		*s = balance(m, *s, q + 2);
		*p = q + 4;
		return 1;
	}
	if (q[1] == 'f') {
		*s = frontier(m, *s, q + 2, p);
		return 1;
	}
	if (q[1] >= '0' && q[1] <= '9') {
		*s = backref(m, *s, q[1]);
		*p = q + 2;
		return 1;
	}
	return 0;
}

/* The end of the match of pattern p at s, or NULL. */
static const char *match(matcher *m, const char *s, const char *p)
{
	if (++m->depth > MAX_DEPTH)
		luaL_error(m->L, "pattern too complex");
	const char *r = NULL;
	for (;;) {
		step(m);
		if (p == m->pend) {
			r = s;
			break;
		}
		int sp = special(m, &s, &p, &r);
		if (sp == 2 || (sp == 1 && !s))
			break;
		if (sp == 1)
			continue;
		const char *ep = item_end(m, p);
		int ok = single(m, s, p, ep);
		int q = ep < m->pend ? *ep : -1;
		if (q == '?') {
			if (ok && (r = match(m, s + 1, ep + 1)))
				break;
			p = ep + 1;
			continue;
		}
		if (q == '+' || q == '*' || q == '-') {
			r = q == '-' ? lazy(m, s, p, ep)
			  : q == '*' ? greedy(m, s, p, ep)
			  : ok       ? greedy(m, s + 1, p, ep)
			             : NULL;
			break;
		}
		if (!ok)
			break;
		s++;
		p = ep;
	}
	m->depth--;
	return r;
}

/* ---- captures to Lua ---- */

static void push_capture(matcher *m, int i, const char *s, const char *e)
{
	if (i >= m->level) {
		if (i != 0)
			luaL_error(m->L, "invalid capture index %%%d", i + 1);
		lua_pushlstring(m->L, s, (size_t)(e - s)); /* no captures: the whole match */
	} else if (m->cap[i].len == CAP_OPEN) {
		luaL_error(m->L, "unfinished capture");
	} else if (m->cap[i].len == CAP_POSITION) {
		lua_pushinteger(m->L, m->cap[i].at - m->src + 1);
	} else {
		lua_pushlstring(m->L, m->cap[i].at, (size_t)m->cap[i].len);
	}
}

/* The captures, or (s non-NULL and none) the whole match. */
static int push_captures(matcher *m, const char *s, const char *e)
{
	int n = m->level == 0 && s ? 1 : m->level;
	luaL_checkstack(m->L, n, "too many captures");
	for (int i = 0; i < n; i++)
		push_capture(m, i, s, e);
	return n;
}

static void matcher_init(matcher *m, lua_State *L, const char *s, size_t ls, const char *p,
                         size_t lp)
{
	memset(m, 0, sizeof(*m));
	m->L = L;
	m->src = s;
	m->end = s + ls;
	m->pend = p + lp;
}

static const char *match_at(matcher *m, const char *s, const char *p)
{
	m->level = 0;
	m->depth = 0;
	return match(m, s, p);
}

/* A 1-based, possibly negative position as a 0-based offset. */
static size_t offset_of(lua_Integer pos, size_t len)
{
	if (pos > 0)
		return (size_t)pos - 1;
	if (pos == 0 || pos < -(lua_Integer)len)
		return 0;
	return len - (size_t)(-pos);
}

static int has_specials(const char *p, size_t lp)
{
	static const char specials[] = "^$*+?.([%-";
	for (size_t i = 0; i < lp; i++)
		if (p[i] && strchr(specials, p[i]))
			return 1;
	return 0;
}

/* ---- the four functions ---- */

/* The first place at or after from where a match can start (the
 * pattern's literal is found, at most its distance before), or NULL: the
 * scan charged as a plain find's is.  An anchored match starts at from or
 * nowhere, so only the bytes it can reach the literal within are searched. */
static const char *skip_to(matcher *m, script_literal *lit, const char *from, int anchored)
{
	size_t scanned = 0;
	const char *end = m->end;
	if (anchored && lit->before_max != SIZE_MAX &&
	    (size_t)(end - from) > lit->before_max + lit->len)
		end = from + lit->before_max + lit->len;
	const char *at = script_literal_skip(lit, from, end, &scanned);
	script_limits_charge(m->L, (int64_t)scanned / 8);
	return at;
}

static int find_or_match(lua_State *L, int find)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	size_t init = offset_of(luaL_optinteger(L, 3, 1), ls);
	if (init > ls) {
		luaL_pushfail(L);
		return 1;
	}
	if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
		const char *at = script_literal_find(s + init, ls - init, p, lp);
		script_limits_charge(L, (int64_t)(ls - init) / 8); /* a fast scan, charged lightly */
		if (at) {
			lua_pushinteger(L, at - s + 1);
			lua_pushinteger(L, (lua_Integer)(at - s + (ptrdiff_t)lp));
			return 2;
		}
		luaL_pushfail(L);
		return 1;
	}
	matcher m;
	int anchor = lp > 0 && *p == '^';
	matcher_init(&m, L, s, ls, p + anchor, lp - (size_t)anchor);
	script_literal lit;
	script_literal_of(&lit, p + anchor, lp - (size_t)anchor);
	const char *from = s + init;
	do {
		const char *can = lit.len ? skip_to(&m, &lit, from, anchor) : from;
		if (!can || (anchor && can != from))
			break; /* no match can start here, or from here on */
		from = can;
		const char *e = match_at(&m, from, p + anchor);
		if (e) {
			settle_steps(&m);
			if (!find)
				return push_captures(&m, from, e);
			lua_pushinteger(L, from - s + 1);
			lua_pushinteger(L, e - s);
			return push_captures(&m, NULL, NULL) + 2;
		}
	} while (from++ < m.end && !anchor);
	settle_steps(&m);
	luaL_pushfail(L);
	return 1;
}

static int p_find(lua_State *L)
{
	return find_or_match(L, 1);
}

static int p_match(lua_State *L)
{
	return find_or_match(L, 0);
}

typedef struct gmatch_state {
	size_t pos, last; /* offsets; last = SIZE_MAX before the first match */
} gmatch_state;

static int gmatch_next(lua_State *L)
{
	size_t ls, lp;
	const char *s = lua_tolstring(L, lua_upvalueindex(1), &ls);
	const char *p = lua_tolstring(L, lua_upvalueindex(2), &lp);
	gmatch_state *g = lua_touserdata(L, lua_upvalueindex(3));
	matcher m;
	matcher_init(&m, L, s, ls, p, lp);
	script_literal lit;
	script_literal_of(&lit, p, lp);
	for (size_t at = g->pos; at <= ls; at++) {
		const char *from = lit.len ? skip_to(&m, &lit, s + at, 0) : s + at;
		if (!from)
			break;
		at = (size_t)(from - s);
		const char *e = match_at(&m, s + at, p);
		if (e && (size_t)(e - s) != g->last) {
			g->pos = g->last = (size_t)(e - s);
			settle_steps(&m);
			return push_captures(&m, s + at, e);
		}
	}
	g->pos = ls + 1;
	settle_steps(&m);
	return 0;
}

static int p_gmatch(lua_State *L)
{
	size_t ls;
	luaL_checklstring(L, 1, &ls);
	luaL_checkstring(L, 2);
	size_t init = offset_of(luaL_optinteger(L, 3, 1), ls);
	lua_settop(L, 2);
	gmatch_state *g = lua_newuserdatauv(L, sizeof(*g), 0);
	g->pos = init > ls ? ls + 1 : init;
	g->last = SIZE_MAX;
	lua_pushcclosure(L, gmatch_next, 3);
	return 1;
}

/* A replacement string: %0-%9 captures, %% a percent sign. */
static void add_string(matcher *m, luaL_Buffer *b, const char *s, const char *e)
{
	lua_State *L = m->L;
	size_t lr;
	const char *r = lua_tolstring(L, 3, &lr);
	for (size_t i = 0; i < lr; i++) {
		if (r[i] != '%') {
			luaL_addchar(b, r[i]);
			continue;
		}
		char d = ++i < lr ? r[i] : '\0';
		if (d == '%') {
			luaL_addchar(b, '%');
		} else if (d == '0') {
			luaL_addlstring(b, s, (size_t)(e - s));
		} else if (d >= '1' && d <= '9') {
			push_capture(m, d - '1', s, e);
			luaL_tolstring(L, -1, NULL);
			lua_remove(L, -2);
			luaL_addvalue(b);
		} else {
			luaL_error(L, "invalid use of '%%' in replacement string");
		}
	}
}

static void add_value(matcher *m, luaL_Buffer *b, const char *s, const char *e, int kind)
{
	lua_State *L = m->L;
	if (kind == LUA_TFUNCTION) {
		lua_pushvalue(L, 3);
		int n = push_captures(m, s, e);
		lua_call(L, n, 1);
	} else if (kind == LUA_TTABLE) {
		push_capture(m, 0, s, e);
		lua_gettable(L, 3);
	} else {
		add_string(m, b, s, e);
		return;
	}
	if (!lua_toboolean(L, -1)) { /* nil or false: keep the original text */
		lua_pop(L, 1);
		luaL_addlstring(b, s, (size_t)(e - s));
	} else if (!lua_isstring(L, -1)) {
		luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
	} else {
		luaL_addvalue(b);
	}
}

/* gsub: the text between matches is added in one piece; positions where
 * no match can start are skipped by the pattern's literal; with no match
 * at all the subject itself is returned, never a copy. */
static int p_gsub(lua_State *L)
{
	size_t ls, lp;
	const char *s = luaL_checklstring(L, 1, &ls);
	const char *p = luaL_checklstring(L, 2, &lp);
	int kind = lua_type(L, 3);
	lua_Integer max = luaL_optinteger(L, 4, (lua_Integer)ls + 1);
	luaL_argexpected(L, kind == LUA_TNUMBER || kind == LUA_TSTRING || kind == LUA_TFUNCTION ||
	                        kind == LUA_TTABLE,
	                 3, "string/function/table");
	int anchor = lp > 0 && *p == '^';
	matcher m;
	matcher_init(&m, L, s, ls, p + anchor, lp - (size_t)anchor);
	script_literal lit;
	script_literal_of(&lit, p + anchor, lp - (size_t)anchor);
	luaL_Buffer b;
	luaL_buffinit(L, &b);
	const char *at = s, *last = NULL, *kept = s; /* kept: the text not yet added */
	lua_Integer n = 0;
	while (n < max) {
		const char *can = lit.len ? skip_to(&m, &lit, at, anchor) : at;
		if (!can || (anchor && can != at))
			break; /* no match can start here, or from here on */
		at = can;
		const char *e = match_at(&m, at, p + anchor);
		if (e && e != last) {
			n++;
			luaL_addlstring(&b, kept, (size_t)(at - kept));
			add_value(&m, &b, at, e, kind);
			at = last = kept = e;
		} else if (at < m.end) {
			at++;
		} else {
			break;
		}
		if (anchor)
			break;
	}
	settle_steps(&m);
	if (n == 0) {
		lua_pushvalue(L, 1);
		lua_pushinteger(L, 0);
		return 2;
	}
	luaL_addlstring(&b, kept, (size_t)(m.end - kept));
	luaL_pushresult(&b);
	lua_pushinteger(L, n);
	return 2;
}

int script_pattern_find_any(lua_State *L)
{
	size_t ls;
	const char *s = luaL_checklstring(L, 1, &ls);
	luaL_checktype(L, 2, LUA_TTABLE);
	lua_Integer n = luaL_len(L, 2);
	for (lua_Integer i = 1; i <= n; i++) {
		size_t lp;
		lua_rawgeti(L, 2, i);
		const char *p = lua_tolstring(L, -1, &lp);
		if (!p)
			return luaL_error(L, "bad argument #2 to 'find_any' (item %d is not a string)",
			                  (int)i);
		const char *at = script_literal_find(s, ls, p, lp);
		script_limits_charge(L, 1 + (int64_t)ls / 8); /* as string.find's plain scan */
		lua_pop(L, 1);
		if (at) {
			lua_pushinteger(L, i);
			lua_pushinteger(L, at - s + 1);
			lua_pushinteger(L, (lua_Integer)(at - s + (ptrdiff_t)lp));
			return 3;
		}
	}
	luaL_pushfail(L);
	return 1;
}

void script_pattern_install(lua_State *L, int idx)
{
	static const luaL_Reg fns[] = {
		{"find", p_find}, {"match", p_match}, {"gmatch", p_gmatch}, {"gsub", p_gsub},
		{NULL, NULL},
	};
	idx = lua_absindex(L, idx);
	for (const luaL_Reg *f = fns; f->name; f++) {
		lua_pushcfunction(L, f->func);
		lua_setfield(L, idx, f->name);
	}
}
