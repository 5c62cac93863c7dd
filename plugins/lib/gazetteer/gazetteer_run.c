/* gazetteer_run.c — see gazetteer_run.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gazetteer/gazetteer_load.h"
#include "gazetteer/gazetteer_run.h"
#include "gazetteer/run_shared.h"

#define MAX_FILE (64u << 20)

typedef struct loading {
	const galley_host *h;
	galley_ctx *ctx;
	gazetteer *g;
	size_t files;
	char why[1024];
} loading;

static int load_file(void *data, const char *path)
{
	loading *l = data;
	const galley_host *H = l->h;
	char *text = NULL;
	size_t len = 0;
	if (H->read_file(l->ctx, path, MAX_FILE, &text, &len))
		return snprintf(l->why, sizeof(l->why), "cannot read gazetteer '%s'", path), -1;
	int rc = gz_load_yaml(l->g, path, text, len, l->why, sizeof(l->why));
	H->free(text);
	l->files++;
	return rc;
}

/* Each country language's catalogue; a missing one is left out. */
static int load_countries(loading *l)
{
	const galley_host *H = l->h;
	const char *path = H->setting_string(l->ctx, "iso_codes");
	const char *dir = H->setting_string(l->ctx, "locale_dir");
	size_t n = H->setting_count(l->ctx, "country_languages"), k = 0;
	const char **langs = calloc(n + 1, sizeof(*langs));
	mo_file **mos = calloc(n + 1, sizeof(*mos));
	char *text = NULL, file[4096];
	size_t len = 0;
	int rc = -1;
	if (!langs || !mos)
		snprintf(l->why, sizeof(l->why), "out of memory");
	else if (H->read_file(l->ctx, path, MAX_FILE, &text, &len))
		snprintf(l->why, sizeof(l->why), "cannot read iso-codes' '%s' (Debian package iso-codes)",
		         path);
	else {
		for (size_t i = 0; i < n; i++) {
			const char *lang = H->setting_item(l->ctx, "country_languages", i);
			char *mo = NULL, why[256];
			size_t molen = 0;
			snprintf(file, sizeof(file), "%s/%s/LC_MESSAGES/iso_3166-1.mo", dir, lang);
			if (H->read_file(l->ctx, file, MAX_FILE, &mo, &molen)) {
				H->log(l->ctx, GALLEY_LOG_DEBUG, "no country names in '%s': %s", lang, file);
				continue;
			}
			if ((mos[k] = mo_parse(mo, molen, why, sizeof(why))))
				langs[k++] = lang;
			else
				H->log(l->ctx, GALLEY_LOG_WARN, "%s: %s; left out", file, why);
			H->free(mo);
		}
		rc = gz_load_countries(l->g, path, text, len, langs, mos, k, l->why, sizeof(l->why));
	}
	H->free(text);
	for (size_t i = 0; i < k; i++)
		mo_free(mos[i]);
	free(mos);
	free(langs);
	return rc;
}

typedef struct build_arg {
	const galley_host *h;
	galley_ctx *ctx;
} build_arg;

static void *build(void *data, char *why, size_t n)
{
	build_arg *arg = data;
	galley_ctx *ctx = arg->ctx;
	const galley_host *H = arg->h;
	loading l = {H, ctx, gz_new(), 0, ""};
	const char *pattern = H->setting_string(ctx, "gazetteers");
	int rc = l.g ? 0 : -1;
	if (!rc && H->setting_bool(ctx, "countries"))
		rc = load_countries(&l);
	if (!rc)
		rc = H->glob(ctx, pattern, 0, load_file, &l);
	if (!rc && !l.files)
		rc = -1, snprintf(l.why, sizeof(l.why), "no gazetteer file matches '%s'", pattern);
	if (!rc && gz_compile(l.g))
		rc = -1, snprintf(l.why, sizeof(l.why), "out of memory");
	if (rc) {
		snprintf(why, n, "%s", l.why[0] ? l.why : "out of memory");
		gz_free(l.g);
		return NULL;
	}
	H->log(ctx, GALLEY_LOG_DEBUG, "%zu entries, %zu names, matcher %zu KB from %zu files",
	       gz_entry_count(l.g), gz_names(l.g), gz_matcher_bytes(l.g) / 1024, l.files);
	return l.g;
}

/* What makes two stages' gazetteers the same. */
char *gazetteer_run_key(const galley_host *H, galley_ctx *ctx)
{
	static const char *const keys[] = {"gazetteers", "iso_codes", "locale_dir"};
	size_t len = 8;
	for (size_t i = 0; i < 3; i++)
		len += strlen(H->setting_string(ctx, keys[i])) + 1;
	for (size_t i = 0; i < H->setting_count(ctx, "country_languages"); i++)
		len += strlen(H->setting_item(ctx, "country_languages", i)) + 1;
	char *key = malloc(len), *p = key;
	if (!key)
		return NULL;
	p += sprintf(p, "%d", H->setting_bool(ctx, "countries"));
	for (size_t i = 0; i < 3; i++)
		p += sprintf(p, "\n%s", H->setting_string(ctx, keys[i]));
	for (size_t i = 0; i < H->setting_count(ctx, "country_languages"); i++)
		p += sprintf(p, "\t%s", H->setting_item(ctx, "country_languages", i));
	return key;
}

static void free_gazetteer(void *g)
{
	gz_free(g);
}

gazetteer *gazetteer_run_get(const galley_host *h, galley_ctx *ctx, char *why, size_t n)
{
	char *key = gazetteer_run_key(h, ctx);
	build_arg arg = {h, ctx};
	gazetteer *g = key ? run_shared_get(key, build, &arg, free_gazetteer, why, n) : NULL;
	if (!key)
		snprintf(why, n, "out of memory");
	free(key);
	return g;
}

void gazetteer_run_put(gazetteer *g)
{
	run_shared_put(g);
}

