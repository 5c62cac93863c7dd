/* aho_corasick.c — see aho_corasick.h.  The trie is built with sorted
 * child lists; ac_compile then numbers states breadth first, computes
 * failure links and fills the dense table delta[state][class], where a
 * missing edge already points where the failure links would lead.  Each
 * state keeps its first pattern and a link to the nearest shorter suffix
 * state that ends a pattern, so a scan reports every match.  Compiled
 * entries hold the target's row offset, not its number, and a flag for
 * states that report: the scan's loop is one load, one add and a test. */
#include <stdlib.h>
#include <string.h>

#include "gazetteer/aho_corasick.h"
#include "text/grow.h"

#define NONE UINT32_MAX
#define HIT 0x80000000u /* in a compiled delta entry: the state reports */

typedef struct edge {
	uint32_t child;
	unsigned char byte;
} edge;

typedef struct node {
	edge *edges; /* sorted by byte */
	uint32_t nedges, capedges;
	uint32_t first;  /* first pattern ending here, or NONE */
} node;

typedef struct pattern {
	uint32_t id, len;
	uint32_t next; /* next pattern ending in the same state, or NONE */
} pattern;

struct ac_matcher {
	node *nodes;
	size_t nnodes, capnodes;
	pattern *patterns;
	size_t npatterns, cappatterns;
	/* compiled */
	uint8_t cls[256];
	size_t nclasses;
	uint32_t *delta;  /* nnodes × nclasses */
	/* per state: itself if it ends a pattern, else the nearest suffix that
	 * does, or NONE */
	uint32_t *output;
	uint32_t *dict;   /* per state: the nearest proper suffix state ending a pattern, or NONE */
};

static uint32_t new_node(ac_matcher *m)
{
	if (grow_array((void **)&m->nodes, &m->capnodes, m->nnodes + 1, sizeof(node)))
		return NONE;
	m->nodes[m->nnodes] = (node){NULL, 0, 0, NONE};
	return (uint32_t)m->nnodes++;
}

ac_matcher *ac_new(void)
{
	ac_matcher *m = calloc(1, sizeof(*m));
	if (m && new_node(m) == NONE) {
		free(m);
		return NULL;
	}
	return m;
}

void ac_free(ac_matcher *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->nnodes; i++)
		free(m->nodes[i].edges);
	free(m->nodes);
	free(m->patterns);
	free(m->delta);
	free(m->output);
	free(m->dict);
	free(m);
}

/* The child of n on byte b, made when missing; NONE when out of memory. */
static uint32_t child(ac_matcher *m, uint32_t n, unsigned char b)
{
	node *x = &m->nodes[n];
	uint32_t lo = 0, hi = x->nedges;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;
		if (x->edges[mid].byte < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < x->nedges && x->edges[lo].byte == b)
		return x->edges[lo].child;
	uint32_t c = new_node(m); /* may move m->nodes */
	x = &m->nodes[n];
	size_t cap = x->capedges;
	if (c == NONE || grow_array((void **)&x->edges, &cap, (size_t)x->nedges + 1, sizeof(edge)))
		return NONE;
	x->capedges = (uint32_t)cap;
	memmove(x->edges + lo + 1, x->edges + lo, (x->nedges - lo) * sizeof(edge));
	x->edges[lo] = (edge){c, b};
	x->nedges++;
	return c;
}

int ac_add(ac_matcher *m, const void *pattern_bytes, size_t len, uint32_t id)
{
	const unsigned char *p = pattern_bytes;
	if (!len || m->delta || len > UINT32_MAX)
		return -1;
	uint32_t n = 0;
	for (size_t i = 0; i < len && n != NONE; i++)
		n = child(m, n, p[i]);
	if (n == NONE ||
	    grow_array((void **)&m->patterns, &m->cappatterns, m->npatterns + 1, sizeof(pattern)))
		return -1;
	m->patterns[m->npatterns] = (pattern){id, (uint32_t)len, m->nodes[n].first};
	m->nodes[n].first = (uint32_t)m->npatterns++;
	return 0;
}

static void make_classes(ac_matcher *m)
{
	memset(m->cls, 0, sizeof(m->cls));
	for (size_t i = 0; i < m->nnodes; i++)
		for (uint32_t e = 0; e < m->nodes[i].nedges; e++)
			m->cls[m->nodes[i].edges[e].byte] = 1;
	m->nclasses = 1;
	for (int b = 0; b < 256; b++)
		if (m->cls[b])
			m->cls[b] = (uint8_t)m->nclasses++;
}

/* Breadth first: a state's failure target is done before the state. */
int ac_compile(ac_matcher *m)
{
	make_classes(m);
	size_t n = m->nnodes, c = m->nclasses;
	uint32_t *queue = malloc(n * sizeof(*queue)), *fail = malloc(n * sizeof(*fail));
	m->delta = calloc(n * c, sizeof(*m->delta));
	m->output = malloc(n * sizeof(*m->output));
	m->dict = malloc(n * sizeof(*m->dict));
	if (!queue || !fail || !m->delta || !m->output || !m->dict) {
		free(queue);
		free(fail);
		return -1;
	}
	size_t head = 0, tail = 0;
	fail[0] = 0;
	m->dict[0] = NONE;
	m->output[0] = NONE;
	queue[tail++] = 0;
	while (head < tail) {
		uint32_t s = queue[head++];
		const node *x = &m->nodes[s];
		uint32_t *row = m->delta + (size_t)s * c;
		if (s) /* missing edges lead where the failure state's do */
			memcpy(row, m->delta + (size_t)fail[s] * c, c * sizeof(*row));
		for (uint32_t e = 0; e < x->nedges; e++) {
			uint32_t t = x->edges[e].child;
			uint8_t k = m->cls[x->edges[e].byte];
			fail[t] = s ? row[k] : 0; /* row[k] is still the failure path's */
			row[k] = t;
			uint32_t f = fail[t];
			m->dict[t] = m->nodes[f].first != NONE ? f : m->dict[f];
			m->output[t] = m->nodes[t].first != NONE ? t : m->dict[t];
			queue[tail++] = t;
		}
	}
	free(queue);
	free(fail);
	/* For the scan: entries become row offsets (state × classes), with
	 * HIT set when the state reports; the table stays under 2^31 entries. */
	if (n * c >= HIT) {
		free(m->delta);
		m->delta = NULL;
		return -1;
	}
	for (size_t i = 0; i < n * c; i++) {
		uint32_t t = m->delta[i];
		m->delta[i] = (uint32_t)(t * c) | (m->output[t] != NONE ? HIT : 0);
	}
	for (size_t i = 0; i < m->nnodes; i++) { /* the trie is no longer needed */
		free(m->nodes[i].edges);
		m->nodes[i].edges = NULL;
		m->nodes[i].nedges = m->nodes[i].capedges = 0;
	}
	return 0;
}

static int report(const ac_matcher *m, uint32_t s, size_t end, ac_hit_fn fn, void *data)
{
	for (; s != NONE; s = m->dict[s])
		for (uint32_t p = m->nodes[s].first; p != NONE; p = m->patterns[p].next) {
			int rc = fn(data, m->patterns[p].id, end - m->patterns[p].len, end);
			if (rc)
				return rc;
		}
	return 0;
}

int ac_scan(const ac_matcher *m, const void *text, size_t len, ac_hit_fn fn, void *data)
{
	const unsigned char *t = text;
	const uint32_t *delta = m->delta;
	const uint8_t *cls = m->cls;
	uint32_t s = 0; /* the state's row offset */
	if (!delta)
		return 0;
	for (size_t i = 0; i < len; i++) {
		s = delta[s + cls[t[i]]];
		if (s & HIT) {
			s &= ~HIT;
			int rc = report(m, m->output[s / m->nclasses], i + 1, fn, data);
			if (rc)
				return rc;
		}
	}
	return 0;
}

size_t ac_states(const ac_matcher *m)
{
	return m->nnodes;
}

size_t ac_classes(const ac_matcher *m)
{
	return m->nclasses;
}

size_t ac_bytes(const ac_matcher *m)
{
	return m->nnodes * (m->nclasses + 2) * sizeof(uint32_t) + m->nnodes * sizeof(node) +
	       m->npatterns * sizeof(pattern);
}
