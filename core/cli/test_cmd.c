/* test_cmd.c — `galley test [--update] [PATH...]`: runs transform tests.
 *
 * A test file (NAME.test.yaml, next to a script or under tests/) is a small
 * pipeline — `stages:` of transforms, optionally led by a source that loads
 * on workers (import/text) — plus `cases:`.  Each case gives an input
 * (`article:` inline fields, or `input:` a .json article or, with a
 * source, a file for it to read) and what should come out: `expect:`
 * (field path -> value, or {contains: x}, or {absent: true}), `golden:` (a
 * file holding the canonical JSON; --update rewrites it), `dropped: true`
 * or `quarantined: "part of the reason"`.  Output: one ok/not ok line per
 * case with a diff for failures, then `N passed, N failed`; exit 1 when
 * anything failed. */
#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/test_partner.h"
#include "base/suggest.h"
#include "base/glob.h"
#include "base/path.h"
#include "run/import_data.h"
#include "config/pipeline_bind.h"
#include "run/run.h"
#include "run/runner.h"
#include "run/article_rules.h"
#include "config/settings.h"
#include "config/yaml_json.h"
#include "run/host.h"
#include "run/output.h"

typedef struct tester {
	int update;
	size_t passed, failed;
} tester;

/* A case's findings, printed under its not-ok line. */
typedef struct notes {
	char text[8192];
	size_t len;
} notes;

static void note(notes *n, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(notes *n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(n->text + n->len, sizeof(n->text) - n->len, fmt, ap);
	va_end(ap);
	if (k > 0)
		n->len = n->len + (size_t)k < sizeof(n->text) ? n->len + (size_t)k : sizeof(n->text) - 1;
}

static void report_case(tester *t, const char *file, const char *name, notes *n)
{
	if (n->len == 0) {
		t->passed++;
		printf("ok %zu - %s: %s\n", t->passed + t->failed, file, name);
		return;
	}
	t->failed++;
	printf("not ok %zu - %s: %s\n", t->passed + t->failed, file, name);
	for (char *line = n->text; *line;) {
		char *end = strchr(line, '\n');
		printf("#   %.*s\n", end ? (int)(end - line) : (int)strlen(line), line);
		line = end ? end + 1 : line + strlen(line);
	}
}

/* ---- the stages of one file ---- */

typedef struct bench {
	run r;
	galley_ctx *ctxs;
	char tmp[64];
} bench;

static int bench_open(bench *b, pipeline *p, galley_error *err)
{
	memset(b, 0, sizeof(*b));
	for (size_t i = 0; i < p->nstages; i++) {
		galley_role role = p->stages[i].plugin->role;
		if (role == GALLEY_ROLE_SINK || (role == GALLEY_ROLE_SOURCE &&
		                                 (i > 0 || !p->stages[i].plugin->process)))
			return galley_error_at(err, GALLEY_EINVALID, p->file, p->stages[i].node->line,
			                       p->stages[i].node->column,
			                       "stage '%s': a test runs transforms (after at most one "
			                       "source that reads files, like import/text)",
			                       p->stages[i].name);
	}
	snprintf(b->tmp, sizeof(b->tmp), "/tmp/galley-test-XXXXXX");
	if (!mkdtemp(b->tmp))
		return galley_error_set(err, GALLEY_EIO, "cannot make a scratch folder: %s",
		                        strerror(errno));
	b->r.p = p;
	b->r.host = host_api();
	b->r.output = b->tmp;
	b->r.quarantine = b->tmp;
	b->r.dry_run = 1;
	b->r.jobs = 1;
	arena_init(&b->r.ar);
	pthread_mutex_init(&b->r.lock, NULL);
	runner_set_dates(&b->r, 0);
	b->ctxs = calloc(p->nstages, sizeof(galley_ctx));
	if (!b->ctxs)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	for (size_t i = 0; i < p->nstages; i++) {
		galley_ctx *c = &b->ctxs[i];
		c->run = &b->r;
		c->stage = &p->stages[i];
		c->index = i;
		if (c->stage->plugin->init(b->r.host, c, &c->state) != GALLEY_OK)
			return galley_error_at(err, GALLEY_EINVALID, p->file, c->stage->node->line,
			                       c->stage->node->column, "stage '%s' cannot start: %s",
			                       c->stage->name, c->reason[0] ? c->reason : "no reason");
		c->initialised = 1;
	}
	return 0;
}

static int remove_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st, (void)type, (void)ftw;
	return remove(path);
}

static void bench_close(bench *b, pipeline *p)
{
	for (size_t i = p->nstages; b->ctxs && i-- > 0;) {
		galley_ctx *c = &b->ctxs[i];
		import_data_release(c);
		if (c->initialised && c->stage->plugin->destroy)
			c->stage->plugin->destroy(c->state);
		free(c->view);
		free(c->info);
	}
	free(b->ctxs);
	output_release(&b->r);
	if (b->tmp[0] && nftw(b->tmp, remove_one, 16, FTW_DEPTH | FTW_PHYS) != 0)
		fprintf(stderr, "galley: cannot remove %s\n", b->tmp);
	arena_release(&b->r.ar);
	pthread_mutex_destroy(&b->r.lock);
}

/* ---- one case ---- */

/* The case's input article; NULL with a note when it cannot be made. */
static galley_article *input_of(pipeline *p, const ynode *c, notes *n, int *stub)
{
	const ynode *input = ynode_get(c, "input"), *inline_ = ynode_get(c, "article");
	char msg[512];
	galley_article *a = NULL;
	*stub = 0;
	if (!input == !inline_) {
		note(n, "a case needs exactly one of 'article:' (fields) or 'input:' (a file)\n");
		return NULL;
	}
	if (input) {
		arena ar;
		arena_init(&ar);
		const char *path = path_join(&ar, p->dir, input->value);
		size_t len = strlen(path);
		if (len > 5 && strcmp(path + len - 5, ".json") == 0) {
			json_error_t e;
			json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &e);
			if (!j)
				note(n, "%s:%d: %s\n", path, e.line, e.text);
			else if (article_from_json(j, &a, msg, sizeof(msg)))
				note(n, "%s: %s\n", path, msg);
			json_decref(j);
		} else if (p->stages[0].plugin->role == GALLEY_ROLE_SOURCE) {
			a = article_new();
			if (a)
				article_set(a, "source", path);
			*stub = 1;
		} else {
			note(n, "input '%s' is not a .json article, and no source stage reads it\n",
			     input->value);
		}
		arena_release(&ar);
		return a;
	}
	json_t *j = yaml_to_json(inline_);
	if (j && json_is_object(j) && !json_object_get(j, "id"))
		json_object_set_new(j, "id", json_string("test"));
	if (!j || article_from_json(j, &a, msg, sizeof(msg)))
		note(n, "article (line %d): %s\n", inline_->line, j ? msg : "out of memory");
	json_decref(j);
	return a;
}

/* Runs the stages from index from; 0 passed through, GALLEY_DROP, or
 * GALLEY_FAIL with the reason in why. */
static int pass(bench *b, pipeline *p, galley_article *a, int stub, size_t from, char *why,
                size_t size)
{
	for (size_t i = from; i < p->nstages; i++) {
		galley_ctx *c = &b->ctxs[i];
		if (c->stage->plugin->role == GALLEY_ROLE_SOURCE && !stub)
			continue;
		c->reason[0] = '\0';
		c->article = a;
		call_before before;
		call_note(a, &before);
		int rc = c->stage->plugin->process(c->state, c, a);
		c->article = NULL;
		if (rc == GALLEY_OK) /* as a run holds it */
			rc = call_held(c, a, &before);
		if (a->run.failed_input)
			rc = GALLEY_FAIL;
		if (rc == GALLEY_OK && c->stage->plugin->role == GALLEY_ROLE_SOURCE &&
		    source_settle(c, a)) /* as a run does after its source */
			return snprintf(why, size, "out of memory"), GALLEY_FAIL;
		if (rc == GALLEY_DROP)
			return rc;
		if (rc != GALLEY_OK) {
			snprintf(why, size, "%.200s: %s", c->stage->name,
			         a->run.failed_reason ? a->run.failed_reason
			         : c->reason[0] ? c->reason : "failed without a reason");
			return GALLEY_FAIL;
		}
	}
	return GALLEY_OK;
}

/* The value at a path such as headline, body[2].text or extra.stats.words. */
/* " (did you mean 'headline'?)" when key is not one of the object's. */
static void key_hint(json_t *object, const char *key, char *hint, size_t size)
{
	const char *keys[65];
	size_t n = 0;
	const char *k;
	json_t *value;
	json_object_foreach(object, k, value)
	{
		(void)value;
		if (n < 64)
			keys[n++] = k;
	}
	keys[n] = NULL;
	suggest_hint(key, keys, hint, size);
}

/* The value at path ("body[0].text"), or NULL; hint (may be NULL) gets a
 * did-you-mean for a key the article does not have. */
static json_t *lookup(json_t *v, const char *path, char *hint, size_t size)
{
	char key[256];
	if (hint)
		hint[0] = '\0';
	while (v && *path) {
		if (*path == '[') {
			char *end;
			long i = strtol(path + 1, &end, 10);
			if (*end != ']' || i < 0)
				return NULL;
			v = json_array_get(v, (size_t)i);
			path = end + 1;
		} else {
			size_t len = strcspn(path, ".[");
			if (len >= sizeof(key))
				return NULL;
			memcpy(key, path, len);
			key[len] = '\0';
			json_t *in = v;
			v = json_object_get(in, key);
			if (!v && hint && json_is_object(in))
				key_hint(in, key, hint, size);
			path += len;
		}
		if (*path == '.')
			path++;
	}
	return v;
}

static char *shown(const json_t *v)
{
	return v ? json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT) : strdup("(absent)");
}

/* A scalar compares as text with a string (so 2026 matches "2026"). */
static int same(const json_t *got, const ynode *want)
{
	if (want->kind == YNODE_SCALAR && json_is_string(got))
		return strcmp(json_string_value(got), want->value) == 0;
	json_t *w = yaml_to_json(want);
	int eq = w && got && json_equal(got, w);
	json_decref(w);
	return eq;
}

static int contains(const json_t *got, const ynode *want)
{
	if (json_is_string(got) && want->kind == YNODE_SCALAR)
		return strstr(json_string_value(got), want->value) != NULL;
	size_t i;
	json_t *item;
	json_array_foreach(got, i, item) if (same(item, want)) return 1;
	return 0;
}

static void check_path(notes *n, json_t *root, const char *path, const ynode *want)
{
	char hint[128];
	json_t *got = lookup(root, path, hint, sizeof(hint));
	const ynode *op = want->kind == YNODE_MAP && want->count == 1 ? ynode_key(want, 0) : NULL;
	const ynode *arg = op ? ynode_value(want, 0) : want;
	int ok;
	const char *how = "";
	if (op && strcmp(op->value, "absent") == 0) {
		ok = (!got || json_is_null(got)) == (strcmp(arg->value, "false") != 0);
		how = strcmp(arg->value, "false") != 0 ? "absent" : "present";
	} else if (op && strcmp(op->value, "contains") == 0) {
		ok = got && contains(got, arg);
		how = "containing ";
	} else {
		if (op && strcmp(op->value, "equals") != 0) {
			note(n, "%s: unknown check '%s' (use equals, contains or absent)\n", path,
			     op->value);
			return;
		}
		ok = got && same(got, arg);
	}
	if (ok)
		return;
	char *g = shown(got);
	json_t *w = yaml_to_json(arg);
	char *ws = *how == 'a' || *how == 'p' ? NULL : shown(w);
	note(n, "%s: expected %s%s\n%s: got      %s%s\n", path, how, ws ? ws : "", path, g,
	     got ? "" : hint);
	free(g);
	free(ws);
	json_decref(w);
}

typedef struct lines {
	const char **at;
	size_t *len;
	size_t n;
} lines;

static int split_lines(const char *s, lines *l)
{
	size_t n = 0;
	for (const char *c = s; *c; c++)
		n += *c == '\n';
	l->at = malloc((n + 1) * sizeof(char *));
	l->len = malloc((n + 1) * sizeof(size_t));
	l->n = 0;
	if (!l->at || !l->len)
		return -1;
	for (const char *c = s; *c;) {
		size_t len = strcspn(c, "\n");
		l->at[l->n] = c;
		l->len[l->n++] = len;
		c += len + (c[len] == '\n');
	}
	return 0;
}

static int line_eq(const lines *a, size_t i, const lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->at[i], b->at[j], a->len[i]) == 0;
}

/* A line diff (longest common subsequence): changed lines as - and +,
 * with the unchanged line before each change for context. */
static void line_diff(notes *n, const char *want, const char *got)
{
	lines w = {0}, g = {0};
	uint16_t *t = NULL;
	if (split_lines(want, &w) || split_lines(got, &g) || w.n > 2000 || g.n > 2000 ||
	    !(t = calloc((w.n + 1) * (g.n + 1), sizeof(*t)))) {
		note(n, "the output differs from the golden file\n");
		goto out;
	}
	size_t cols = g.n + 1;
	for (size_t i = w.n; i-- > 0;)
		for (size_t j = g.n; j-- > 0;)
			t[i * cols + j] = line_eq(&w, i, &g, j) ? t[(i + 1) * cols + j + 1] + 1
			                  : t[(i + 1) * cols + j] > t[i * cols + j + 1]
			                          ? t[(i + 1) * cols + j]
			                          : t[i * cols + j + 1];
	note(n, "--- expected\n+++ actual\n");
	size_t i = 0, j = 0;
	int shown_context = 0;
	while ((i < w.n || j < g.n) && n->len < sizeof(n->text) - 300) {
		if (i < w.n && j < g.n && line_eq(&w, i, &g, j)) {
			shown_context = 0;
			i++, j++;
			continue;
		}
		if (!shown_context && i > 0 && i <= w.n)
			note(n, "  %.*s\n", (int)w.len[i - 1], w.at[i - 1]);
		shown_context = 1;
		if (i < w.n && (j == g.n || t[(i + 1) * cols + j] >= t[i * cols + j + 1])) {
			note(n, "- %.*s\n", (int)w.len[i], w.at[i]);
			i++;
		} else {
			note(n, "+ %.*s\n", (int)g.len[j], g.at[j]);
			j++;
		}
	}
out:
	free(t);
	free(w.at);
	free(w.len);
	free(g.at);
	free(g.len);
}

static void check_golden(tester *t, notes *n, pipeline *p, const ynode *golden,
                         const galley_article *a)
{
	arena ar;
	arena_init(&ar);
	const char *path = path_join(&ar, p->dir, golden->value);
	char *got = NULL, *want = NULL;
	size_t len = 0;
	if (article_dump(a, &got, &len)) {
		note(n, "out of memory\n");
	} else if (t->update) {
		int rc = path_write_atomic(path, got, len, 1);
		if (rc)
			note(n, "cannot write %s: %s\n", path, strerror(-rc));
	} else {
		FILE *fp = fopen(path, "rb");
		size_t cap = 0;
		if (!fp || getdelim(&want, &cap, '\0', fp) < 0)
			note(n, "golden file %s cannot be read (run with --update to write it)\n",
			     path);
		else if (strcmp(want, got) != 0)
			line_diff(n, want, got);
		if (fp)
			fclose(fp);
	}
	free(got);
	free(want);
	arena_release(&ar);
}

static void check_outcome(notes *n, const ynode *c, int rc, const char *why)
{
	const ynode *dropped = ynode_get(c, "dropped"), *quarantined = ynode_get(c, "quarantined");
	int want_drop = dropped && strcmp(dropped->value, "true") == 0;
	if (quarantined) {
		if (rc != GALLEY_FAIL)
			note(n, "expected the article quarantined (\"%s\"), but it was %s\n",
			     quarantined->value, rc == GALLEY_DROP ? "dropped" : "kept");
		else if (!strstr(why, quarantined->value))
			note(n, "quarantined, but the reason lacks \"%s\":\n  %s\n", quarantined->value,
			     why);
	} else if (want_drop && rc != GALLEY_DROP) {
		note(n, "expected the article dropped, but it was %s%s\n",
		     rc == GALLEY_FAIL ? "quarantined: " : "kept", rc == GALLEY_FAIL ? why : "");
	} else if (!want_drop && rc != GALLEY_OK) {
		note(n, "the article was %s%s\n", rc == GALLEY_DROP ? "dropped" : "quarantined: ",
		     rc == GALLEY_DROP ? "" : why);
	}
}

/* The article's canonical JSON as a tree, for the expectations' paths:
 * its bytes read back (a test is not a hot path); NULL when out of memory. */
static json_t *article_tree(const galley_article *a)
{
	char *text;
	size_t len;
	if (article_dump(a, &text, &len))
		return NULL;
	json_t *tree = json_loadb(text, len, 0, NULL);
	free(text);
	return tree;
}

/* Unknown keys in a case are typos: say which, with a suggestion. */
static void check_case_keys(notes *n, const ynode *c)
{
	static const char *const known[] = {"name",        "article", "input",  "expect", "golden",
	                                    "dropped",     "quarantined", "partner", "wanted", NULL};
	size_t from = 0;
	char hint[128];
	for (const ynode *k; (k = ynode_unknown_key(c, &from, known, NULL, hint, sizeof(hint)));)
		note(n, "line %d: unknown key '%s' in a case%s\n", k->line, k->value, hint);
}

/* partner: NAME, wanted: true|false: the partner's decision on the article. */
static void check_partner(notes *n, const pipeline *p, const ynode *c, const galley_article *a)
{
	const ynode *name = ynode_get(c, "partner"), *wanted = ynode_get(c, "wanted");
	if (!name && !wanted)
		return;
	int64_t want;
	if (!name || name->kind != YNODE_SCALAR || !wanted ||
	    settings_parse_bool(wanted->value ? wanted->value : "", &want)) {
		note(n, "line %d: a partner case needs 'partner: NAME' and 'wanted: true' or "
		        "'wanted: false'\n", c->line);
		return;
	}
	char why[4400];
	int got = test_partner_wants(p, name->value, a, why, sizeof(why));
	if (got < 0)
		note(n, "partner %s: %s\n", name->value, why);
	else if (got != (want != 0))
		note(n, "partner %s: expected the article %s, but it was %s: %s\n", name->value,
		     want ? "wanted" : "not wanted", got ? "wanted" : "not wanted", why);
}

static void run_case(tester *t, bench *b, pipeline *p, const ynode *c, size_t index)
{
	notes n = {.len = 0};
	n.text[0] = '\0';
	check_case_keys(&n, c);
	const ynode *name = ynode_get(c, "name");
	char fallback[64];
	snprintf(fallback, sizeof(fallback), "case %zu (line %d)", index + 1, c->line);
	int stub;
	galley_article *a = c->kind == YNODE_MAP ? input_of(p, c, &n, &stub) : NULL;
	if (c->kind != YNODE_MAP)
		note(&n, "a case must be a map (line %d)\n", c->line);
	if (a) {
		char why[4400] = "";
		char *read_from = stub ? strdup(article_get(a, "source")) : NULL;
		int rc = pass(b, p, a, stub, 0, why, sizeof(why));
		/* pieces split off (ctx.emit) go on from the stage after their own */
		json_t *pieces = json_array();
		for (galley_article *piece = a->run.next; piece; piece = piece->run.next) {
			char pwhy[4400] = "";
			if (pass(b, p, piece, 0, piece->run.origin + 1, pwhy, sizeof(pwhy)) == GALLEY_OK)
				json_array_append_new(pieces, article_tree(piece));
			else
				note(&n, "piece %u: %s\n", piece->run.piece, pwhy[0] ? pwhy : "dropped");
		}
		/* the input as the test names it, not as the current folder sees it */
		const char *src = article_get(a, "source");
		if (read_from && src && strcmp(src, read_from) == 0)
			article_set(a, "source", ynode_get(c, "input")->value);
		free(read_from);
		check_outcome(&n, c, rc, why);
		const ynode *expect = ynode_get(c, "expect"), *golden = ynode_get(c, "golden");
		if (expect && expect->kind == YNODE_MAP && (rc == GALLEY_OK || json_array_size(pieces))) {
			/* the article's fields, and "pieces": what it split into */
			json_t *root = rc == GALLEY_OK ? article_tree(a) : NULL;
			if (!root)
				root = json_object();
			json_object_set(root, "pieces", pieces);
			for (size_t i = 0; i < expect->count; i++)
				check_path(&n, root, ynode_key(expect, i)->value, ynode_value(expect, i));
			json_decref(root);
		}
		if (rc == GALLEY_OK && golden)
			check_golden(t, &n, p, golden, a);
		if (rc == GALLEY_OK)
			check_partner(&n, p, c, a);
		json_decref(pieces);
	}
	while (a) {
		galley_article *next = a->run.next;
		article_free(a);
		a = next;
	}
	report_case(t, p->file, name ? name->value : fallback, &n);
}

/* ---- files ---- */

static void file_failed(tester *t, const char *file, const galley_error *err)
{
	char msg[2048];
	galley_error_format(err, msg, sizeof(msg));
	t->failed++;
	printf("not ok %zu - %s\n#   %s\n", t->passed + t->failed, file, msg);
}

static int run_file(void *data, const char *file)
{
	static const char *const more[] = {"cases", NULL};
	tester *t = data;
	pipeline p;
	plugins ps = {0};
	bench b = {0};
	galley_error err = {0};
	int rc = pipeline_load_with(&p, file, NULL, 0, more, &err);
	p.partial = 1;
	if (!rc)
		rc = plugins_init(&ps, p.plugin_path, p.nplugin_path, &err);
	if (!rc)
		rc = pipeline_bind(&p, &ps, &err);
	const ynode *cases = rc ? NULL : ynode_get(p.doc.root, "cases");
	if (!rc && (!cases || cases->kind != YNODE_SEQ || cases->count == 0))
		rc = galley_error_at(&err, GALLEY_EINVALID, p.file, p.doc.root->line,
		                     p.doc.root->column, "a test file needs a non-empty 'cases:' list");
	if (!rc)
		rc = bench_open(&b, &p, &err);
	if (rc)
		file_failed(t, file, &err);
	for (size_t i = 0; !rc && i < cases->count; i++)
		run_case(t, &b, &p, cases->items[i], i);
	if (b.ctxs || b.tmp[0])
		bench_close(&b, &p);
	pipeline_release(&p);
	plugins_release(&ps);
	return 0;
}

static int run_path(tester *t, const char *path)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		fprintf(stderr, "galley: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return run_file(t, path);
	char pattern[4096];
	size_t len = strlen(path);
	while (len > 1 && path[len - 1] == '/')
		len--;
	snprintf(pattern, sizeof(pattern), "%.*s/**/*.test.yaml", (int)len, path);
	return glob_walk(pattern, NULL, run_file, t);
}

static const char test_usage[] =
	"usage: galley test [--update] [PATH...]\n\n"
	"Runs transform tests: every *.test.yaml file under the PATHs (default:\n"
	"scripts/ and tests/ in the current folder).  --update rewrites golden files.\n";

int cli_test(int argc, char **argv)
{
	tester t = {0};
	int first = 1, bad = 0, any = 0;
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (strcmp(argv[first], "--update") == 0)
			t.update = 1;
		else if (strcmp(argv[first], "--help") == 0 || strcmp(argv[first], "-h") == 0)
			return fputs(test_usage, stdout), EXIT_DONE;
		else
			return fputs(test_usage, stderr), EXIT_INVALID;
	}
	static const char *const defaults[] = {"scripts", "tests"};
	for (int i = first; i < argc; i++)
		bad |= run_path(&t, argv[i]) != 0;
	for (size_t i = 0; first == argc && i < 2; i++)
		if (access(defaults[i], F_OK) == 0 && (any = 1))
			bad |= run_path(&t, defaults[i]) != 0;
	if (first == argc && !any)
		return fputs("galley: no scripts/ or tests/ here; name the test files or folders\n",
		             stderr), EXIT_INVALID;
	printf("%zu passed, %zu failed\n", t.passed, t.failed);
	return bad ? EXIT_INVALID : t.failed ? EXIT_QUARANTINED : EXIT_DONE;
}
