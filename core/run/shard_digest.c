/* shard_digest.c — what a shard and the merge must agree on.  Per stage,
 * what decides its output, as a digest: its plugin,
 * its settings as resolved (vars and --set applied, defaults filled), its
 * limits and a Lua stage's script.  A shard writes one per stage it runs
 * into shard.json; the merge compares them with its own, so that shards
 * run with another --set, var or script are refused, not mixed into one
 * night's bundles.  Digests, not the values: a setting may hold what must
 * not be copied out.  And the article model its records are packed for. */
#include <jansson.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/path.h"
#include "model/article.h"
#include "run/shard.h"

#define SCRIPT_MAX (64u << 20)

/* A string, its length first, so that "ab"+"c" and "a"+"bc" differ. */
static void add_str(EVP_MD_CTX *md, const char *s)
{
	size_t len = s ? strlen(s) + 1 : 0; /* NULL and "" differ too */
	EVP_DigestUpdate(md, &len, sizeof(len));
	if (s)
		EVP_DigestUpdate(md, s, len);
}

static void add_num(EVP_MD_CTX *md, int64_t n)
{
	EVP_DigestUpdate(md, &n, sizeof(n));
}

static void add_setting(EVP_MD_CTX *md, const setting_value *v)
{
	add_str(md, v->spec->name);
	add_num(md, v->present);
	add_str(md, v->str);
	add_num(md, v->num);
	add_num(md, (int64_t)v->count);
	for (size_t i = 0; i < v->count; i++) {
		add_str(md, v->items ? v->items[i] : NULL);
		add_str(md, v->values ? v->values[i] : NULL);
	}
}

/* The script's bytes; one that cannot be read counts as its path alone
 * (the run that loads it says why). */
static void add_script(EVP_MD_CTX *md, const char *path)
{
	char *text;
	size_t len;
	add_str(md, path);
	if (path_read_file(path, SCRIPT_MAX, &text, &len) != 0)
		return;
	add_num(md, (int64_t)len);
	EVP_DigestUpdate(md, text, len);
	free(text);
}

static int stage_digest(const stage *st, char hex[33])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned n = 0;
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	if (!md || !EVP_DigestInit_ex(md, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(md);
		return -1;
	}
	add_str(md, st->use);
	for (size_t i = 0; i < st->settings.count; i++)
		add_setting(md, &st->settings.values[i]);
	const int64_t limits[] = {st->script_memory_mb, st->script_instructions, st->timeout_ms,
	                          st->write_files,      st->isolate,             st->process_memory_mb};
	for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
		add_num(md, limits[i]);
	if (st->lua)
		add_script(md, st->lua);
	int ok = EVP_DigestFinal_ex(md, d, &n) && n >= 16;
	EVP_MD_CTX_free(md);
	for (unsigned i = 0; ok && i < 16; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
	return ok ? 0 : -1;
}

json_t *shard_digests(const pipeline *p)
{
	json_t *all = json_array();
	for (size_t i = 0; all && i < p->nstages; i++) {
		char hex[33];
		if (shard_run_wide(p, i)) {
			json_array_append_new(all, json_null()); /* the merge's alone */
		} else if (stage_digest(&p->stages[i], hex) != 0 ||
		           json_array_append_new(all, json_string(hex)) != 0) {
			json_decref(all);
			return NULL;
		}
	}
	return all;
}

json_t *shard_format(void)
{
	char hex[24];
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)article_pack_format());
	return json_string(hex);
}

int shard_same_format(const json_t *marker)
{
	json_t *ours = shard_format();
	int same = ours && json_equal(ours, json_object_get(marker, "format"));
	json_decref(ours);
	return same;
}

const char *shard_digests_differ(const pipeline *p, const json_t *ours, const json_t *theirs)
{
	for (size_t i = 0; i < p->nstages; i++) {
		const json_t *a = json_array_get(ours, i), *b = json_array_get(theirs, i);
		if (!b || (json_is_string(a) && !json_equal(a, b)))
			return p->stages[i].name;
	}
	return NULL;
}
