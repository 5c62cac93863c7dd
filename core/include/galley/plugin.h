/* galley/plugin.h — the one header a stage plugin includes.
 *
 * A plugin exports one function, galley_plugin_entry(), returning a const
 * descriptor (GALLEY_PLUGIN_DEFINE writes it).  The host hands the plugin a
 * struct of function pointers at init, so a plugin links against nothing of
 * galley (the SQLite loadable-extension / Redis module pattern).  Both structs
 * start with abi_major, abi_minor and size and only ever grow at the end.
 *
 * ABI 2.0: settings declare their rules (required, range, choices,
 * pattern) and the host checks them; host->glob takes flags (1.x's
 * glob_with); host->entity_add takes an id and returns the index (1.x's
 * entity_add_id); a descriptor may carry its reference (doc).  A plugin
 * built for 1.x is refused with both versions named: rebuild it.
 * ABI 2.1: integer fields (get_int, set_int).  ABI 2.2: descriptor flags;
 * an emitted article is the source's only until its next emit.  ABI 2.3:
 * inputs read in pieces (file_open); the article a source's process()
 * fills is complete once it emits the first article beside it.
 */
#ifndef GALLEY_PLUGIN_H
#define GALLEY_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Major changes break plugins; minor versions only append fields. */
#define GALLEY_ABI_MAJOR 2
#define GALLEY_ABI_MINOR 3

/* Return values of the plugin callbacks. */
#define GALLEY_OK 0
#define GALLEY_DROP 1   /* process(): remove this article from the run */
#define GALLEY_FAIL (-1) /* after host->fail(): quarantine the article */

typedef enum galley_role {
	GALLEY_ROLE_SOURCE = 1,    /* run() once; emits articles */
	GALLEY_ROLE_TRANSFORM = 2, /* process() once per article, any worker */
	GALLEY_ROLE_SINK = 3       /* process() per article in input order, then finish() */
} galley_role;

typedef enum galley_setting_type {
	GALLEY_SETTING_STRING = 1,
	GALLEY_SETTING_INT = 2,
	GALLEY_SETTING_BOOL = 3,
	GALLEY_SETTING_LIST = 4, /* list of strings; default: items separated by '\n' */
	GALLEY_SETTING_MAP = 5,  /* string -> string; no default */
	GALLEY_SETTING_PATH = 6, /* string, resolved against the pipeline file's folder */
	/* string -> name of a source plugin that loads files, for
	 * host->import_data.  The default is "key=kind/name" lines; the
	 * pipeline's map adds keys to it or replaces them.  Every plugin named
	 * is loaded with the pipeline, so a wrong name stops it there. */
	GALLEY_SETTING_SOURCES = 7
} galley_setting_type;

/* The rules a setting may declare (2.0), checked by the host when the
 * pipeline is loaded, before any init, each broken one reported at the
 * value's line and column in the pipeline (and by `galley check`). */
#define GALLEY_RULE_REQUIRED 1u /* must be set in the pipeline */
#define GALLEY_RULE_NONEMPTY 2u /* STRING, PATH: not ""; LIST, MAP: at least one item */
#define GALLEY_RULE_UNIQUE 4u   /* LIST: no item twice */

/* One accepted setting.  A table of them ends with a zeroed entry ({0});
 * GALLEY_SETTING() writes one. */
typedef struct galley_setting {
	const char *name;
	galley_setting_type type;
	const char *default_value; /* NULL: no default (absent unless set) */
	const char *help;
	/* ---- 2.0: rules ---- */
	unsigned rules; /* GALLEY_RULE_* */
	/* INT: the value, LIST and MAP: the count of items, from min to max
	 * (inclusive); checked unless both are 0 (GALLEY_RANGE). */
	int64_t min, max;
	/* STRING, each LIST item, each MAP value: one of these, a
	 * NULL-terminated list (GALLEY_CHOICES). */
	const char *const *choices;
	/* STRING, each LIST item, each MAP value: a PCRE2 regular expression
	 * (UTF-8) the whole value must match, and what it asks for in words,
	 * for the error message and the docs ("an http(s) address"). */
	const char *pattern;
	const char *pattern_means;
} galley_setting;

/* GALLEY_SETTING(name, TYPE, default, help, rules...): one entry of a
 * settings table, TYPE without its prefix (STRING, INT, BOOL, LIST, MAP,
 * PATH, SOURCES), then any of these designated fields: */
#define GALLEY_SETTING(name_, type_, default_, help_, ...)                              \
	{.name = (name_), .type = GALLEY_SETTING_##type_, .default_value = (default_),  \
	 .help = (help_), __VA_ARGS__}
#define GALLEY_RANGE(lo, hi) .min = (lo), .max = (hi)
#define GALLEY_CHOICES(...) .choices = (const char *const[]){__VA_ARGS__, NULL}
#define GALLEY_PATTERN(re, means) .pattern = (re), .pattern_means = (means)

typedef enum galley_log_level {
	GALLEY_LOG_ERROR = 0,
	GALLEY_LOG_WARN = 1,
	GALLEY_LOG_INFO = 2,
	GALLEY_LOG_DEBUG = 3
} galley_log_level;

typedef struct galley_article galley_article; /* owned by the host */
typedef struct galley_bundle galley_bundle;   /* host->bundle_open's */
typedef struct galley_file galley_file;       /* host->file_open's */
typedef struct galley_ctx galley_ctx;         /* one per stage per worker */

/* Callback for host->glob: return non-zero to stop the walk with that value. */
typedef int (*galley_path_fn)(void *data, const char *path);

/* Flags of host->glob. */
#define GALLEY_GLOB_FOLLOW_SYMLINKS 1u /* follow symlinked folders, each folder once */
#define GALLEY_GLOB_QUIET 2u           /* no warnings of what is skipped: a counting walk */

/* The callbacks of host->article_walk: a JSON value as events.  Keys and
 * strings come with their length (a string may hold a NUL). */
typedef struct galley_walker {
	int (*object_begin)(void *data);
	int (*object_end)(void *data);
	int (*array_begin)(void *data);
	int (*array_end)(void *data);
	int (*key)(void *data, const char *key, size_t len);
	int (*string)(void *data, const char *s, size_t len);
	int (*integer)(void *data, int64_t v);
	int (*real)(void *data, double v);
	int (*boolean)(void *data, int v);
	int (*null)(void *data);
} galley_walker;

/* The host API.  Article fields are named as in galley's canonical JSON:
 * strings "id", "guid", "source", "pubstatus", "headline", "kicker",
 * "standfirst", "language", "section", "copyright", "usageterms",
 * "dates.created", "dates.published", "dates.modified", "dates.embargo";
 * integers "version", "urgency" (get_int); lists "bylines", "signals",
 * "keywords"; block fields "type", "text",
 * "speaker"; media fields "type", "caption", "credit", "href", "alt", "mime".
 * Getters return borrowed strings, valid until the field changes. */
typedef struct galley_host {
	uint16_t abi_major;
	uint16_t abi_minor;
	uint32_t size;

	/* Messages and failures.  fail() records why this stage failed the
	 * current article (or run) and returns GALLEY_FAIL. */
	void (*log)(galley_ctx *ctx, galley_log_level level, const char *fmt, ...)
		__attribute__((format(printf, 3, 4)));
	int (*fail)(galley_ctx *ctx, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

	/* Memory that crosses the boundary (article_json, slug, read_file). */
	void *(*alloc)(size_t size);
	void (*free)(void *ptr);

	/* Settings, already validated against the plugin's table; defaults
	 * applied.  A missing setting without default reads as NULL/0. */
	const char *(*setting_string)(galley_ctx *ctx, const char *name);
	int64_t (*setting_int)(galley_ctx *ctx, const char *name);
	int (*setting_bool)(galley_ctx *ctx, const char *name);
	size_t (*setting_count)(galley_ctx *ctx, const char *name);
	const char *(*setting_item)(galley_ctx *ctx, const char *name, size_t i); /* list item or map key */
	const char *(*setting_value)(galley_ctx *ctx, const char *name, size_t i); /* map value */

	/* Articles. */
	galley_article *(*article_new)(galley_ctx *ctx);
	void (*article_free)(galley_article *a); /* only for articles never emitted */
	const char *(*get)(const galley_article *a, const char *field);
	int (*set)(galley_article *a, const char *field, const char *value); /* NULL clears */
	size_t (*list_count)(const galley_article *a, const char *field);
	const char *(*list_get)(const galley_article *a, const char *field, size_t i);
	int (*list_add)(galley_article *a, const char *field, const char *value);
	int (*list_clear)(galley_article *a, const char *field);
	size_t (*block_count)(const galley_article *a);
	const char *(*block_get)(const galley_article *a, size_t i, const char *field);
	int (*block_set)(galley_article *a, size_t i, const char *field, const char *value);
	int (*block_level)(const galley_article *a, size_t i);
	int (*block_set_level)(galley_article *a, size_t i, int level);
	int (*block_insert)(galley_article *a, size_t i, const char *type, const char *text);
	int (*block_remove)(galley_article *a, size_t i);
	size_t (*media_count)(const galley_article *a);
	const char *(*media_get)(const galley_article *a, size_t i, const char *field);
	int (*media_set)(galley_article *a, size_t i, const char *field, const char *value);
	int (*media_add)(galley_article *a, const char *type); /* returns the new index */
	/* Entities: fields "type" (person, organisation, place, or another
	 * subject type), "name" and "id" (a stable identifier, or NULL).
	 * entity_add returns the new entity's index, or a negative error. */
	int (*entity_add)(galley_article *a, const char *type, const char *name, const char *id);
	size_t (*entity_count)(const galley_article *a);
	const char *(*entity_get)(const galley_article *a, size_t i, const char *field);
	const char *(*extra_get_string)(const galley_article *a, const char *key);
	int (*extra_set_string)(galley_article *a, const char *key, const char *value);
	/* The canonical JSON form; *out is freed with host->free. */
	int (*article_json)(const galley_article *a, char **out, size_t *len);

	/* Sources. emit() hands the article to the runner (it owns it after,
	 * whatever the result); called from a source's process(), it
	 * adds an article beside the one being loaded, for an input file that
	 * holds several; it reaches the sinks right after it.  Until the
	 * source emits the next one or process() returns, it may still be
	 * changed and its files written (output_write with it as the
	 * article); then it leaves for the runner (ABI 2.2: an importer in a
	 * process of its own hands each article on as it goes).  reject() quarantines an input file that could
	 * not become an article (reason NULL: the message of the host call
	 * that just failed, such as read_file's). */
	int (*emit)(galley_ctx *ctx, galley_article *a);
	int (*reject)(galley_ctx *ctx, const char *input_path, const char *reason);
	/* Matching files in sorted order; '**' spans folders.  Relative
	 * patterns resolve against the pipeline file's folder; paths are
	 * passed as they would be written in the pipeline.  flags: GALLEY_GLOB_*.
	 * Only regular files are handed on: FIFOs, sockets and devices that
	 * match are skipped with a warning, and symlinked folders are skipped
	 * unless followed. */
	int (*glob)(galley_ctx *ctx, const char *pattern, unsigned flags, galley_path_fn fn,
	            void *data);
	/* Reads a whole regular file in one pass, refusing more than max
	 * bytes, and one that changed size or time while it was read. */
	int (*read_file)(galley_ctx *ctx, const char *path, size_t max, char **out, size_t *len);

	/* Outputs live under the run's output folder; paths are relative to it.
	 * output_write() writes to a temporary name, fsyncs and renames. */
	int (*output_write)(galley_ctx *ctx, const galley_article *a, const char *path,
	                    const void *data, size_t len);
	/* For writers that need a file name (libarchive): begin gives a
	 * temporary full path to write; commit renames it into place. */
	int (*output_begin)(galley_ctx *ctx, const char *path, const char **tmp_path);
	int (*output_commit)(galley_ctx *ctx, const char *path);
	void (*output_abort)(galley_ctx *ctx, const char *path);
	/* Files earlier stages wrote, sorted by path: during process(), those
	 * of the article at hand; during finish(), those of the run as a whole
	 * (not tied to an article).  A sink sees an article's files while the
	 * article passes, so nothing has to hold every file of a long run. */
	size_t (*output_count)(galley_ctx *ctx);
	const char *(*output_path)(galley_ctx *ctx, size_t i);      /* relative */
	const char *(*output_fullpath)(galley_ctx *ctx, size_t i);  /* openable, or NULL */
	const char *(*output_article)(galley_ctx *ctx, size_t i);   /* id or NULL */

	/* Run facts: "pipeline", "stage", "date" (YYYY-MM-DD), "epoch"
	 * (SOURCE_DATE_EPOCH or 0), "now" (the run's instant, RFC 3339 UTC:
	 * `galley run --now`, else the clock), "output", "var.NAME", and
	 * "reason": what
	 * the last host call that failed recorded (as fail() does). */
	const char *(*run_info)(galley_ctx *ctx, const char *key);
	/* ASCII slug of text; freed with host->free. */
	char *(*slug)(const char *text);

	/* A file of a stage with `write_files: false` never reaches the disk:
	 * returns 1 and its bytes (output_fullpath() is then NULL); 0 for a
	 * file on disk. */
	int (*output_data)(galley_ctx *ctx, size_t i, const void **data, size_t *len);
	/* Sets extra[key] to a JSON value given as text (numbers, maps and
	 * lists keep their types); NULL removes the key. */
	int (*extra_set_json)(galley_article *a, const char *key, const char *json);

	/* From a source's process(): runs the source plugin `use` (named by a
	 * GALLEY_SETTING_SOURCES setting of this stage) on len bytes held in
	 * memory, as if they were the file `name`, which becomes a's source.
	 * Its process() fills a; the articles it emits beside a come back in
	 * *more (*nmore of them, an array freed with host->free), not yet
	 * emitted: the caller emits (or frees) each.  The importer runs with
	 * its default settings and this stage's `language`.  GALLEY_FAIL: it
	 * refused the bytes, the reason is this ctx's (as after fail()), a is
	 * left empty but for its source, and *more is NULL.  GALLEY_DROP: it
	 * made no article of a (those in *more still count). */
	int (*import_data)(galley_ctx *ctx, const char *use, const char *name, const void *data,
	                   size_t len, galley_article *a, galley_article ***more, size_t *nmore);
	/* Quarantines len bytes held in memory under name, with reason, as
	 * reject() does a file; from process() in input order, right after the
	 * article at hand. */
	int (*reject_data)(galley_ctx *ctx, const char *name, const void *data, size_t len,
	                   const char *reason);
	/* From run(): this source will emit n more inputs (for the progress
	 * line's ETA); optional. */
	void (*expect)(galley_ctx *ctx, uint64_t n);

	/* extra[key] as JSON text, freed with host->free; NULL when absent. */
	char *(*extra_get_json)(const galley_article *a, const char *key);

	/* extra[key][member] = value, an integer, without a JSON text to parse:
	 * extra[key] becomes an object first when it is not one (what it held
	 * is replaced).  member NULL: extra[key] = value. */
	int (*extra_set_int)(galley_article *a, const char *key, const char *member, int64_t value);

	/* The canonical JSON form as a walk: its keys and values, in the order
	 * article_json writes them, as calls on w (data passed to each); a
	 * callback's non-zero result stops the walk and is returned.  For a
	 * document built without a text to parse (plugins/lib's walk_json
	 * builds a jansson tree from it). */
	int (*article_walk)(const galley_article *a, const galley_walker *w, void *data);

	/* Bundles, written by the core's one bundle writer (partners get
	 * theirs from it too): one archive per format (tar, tar.gz, tar.xz,
	 * tar.zst, zip), DIR/NAME.FORMAT under the output folder, each with the
	 * same entries in the folder NAME, owned by root and dated by the run
	 * (SOURCE_DATE_EPOCH, else its date's midnight UTC), closed by
	 * manifest.json (bundle, pipeline, date, articles with their files,
	 * files with size and SHA-256).  tar.gz and tar.zst compress on a
	 * thread of their own; level 0 is each format's default; isal: tar.gz
	 * through ISA-L's igzip.  Written under temporary names: bundle_close
	 * renames them all into place, each with NAME.FORMAT.sha256 beside it,
	 * and frees b; bundle_abort removes them and frees b.  bundle_open
	 * returns NULL, the others GALLEY_FAIL, with the reason set as by
	 * fail(); after a failed close, b is gone. */
	galley_bundle *(*bundle_open)(galley_ctx *ctx, const char *dir, const char *name,
	                              const char *const *formats, size_t n, int level, int isal);
	int (*bundle_add)(galley_bundle *b, const char *path, const void *data, size_t len);
	/* A file on disk: read whole when small, else hashed and streamed. */
	int (*bundle_add_file)(galley_bundle *b, const char *path, const char *full);
	/* An article for the manifest, with the payload paths it brought. */
	int (*bundle_note)(galley_bundle *b, const char *id, const char *const *files, size_t n);
	int (*bundle_close)(galley_bundle *b);
	void (*bundle_abort)(galley_bundle *b);

	/* ABI 2.1.  The integer fields "version" and "urgency": 0 is null;
	 * set_int refuses a negative value or another field. */
	int64_t (*get_int)(const galley_article *a, const char *field);
	int (*set_int)(galley_article *a, const char *field, int64_t value);

	/* ABI 2.3.  An input read in pieces, for one too large to hold whole
	 * (an export of 100,000 posts, a million JSON lines).  file_open
	 * makes read_file's checks (a regular file of at most max bytes; under
	 * import_data, the bytes given) and returns NULL with the reason set
	 * as by fail().  file_read reads up to n bytes: 0 at the end, -1 with
	 * the reason (past max bytes, a read error).  file_rewind starts it
	 * again for a second pass.  file_close frees f and returns
	 * GALLEY_FAIL, with the reason, when the file changed while it was
	 * read (it is left for the next run, as by read_file). */
	galley_file *(*file_open)(galley_ctx *ctx, const char *path, size_t max);
	long (*file_read)(galley_ctx *ctx, galley_file *f, void *buf, size_t n);
	int (*file_rewind)(galley_ctx *ctx, galley_file *f);
	int (*file_close)(galley_ctx *ctx, galley_file *f);
} galley_host;

/* The descriptor a plugin returns. */
typedef struct galley_plugin {
	uint16_t abi_major;
	uint16_t abi_minor;
	uint32_t size;

	const char *name;        /* "kind/name", e.g. "import/text" */
	const char *description; /* one line */
	/* Optional: the plugin's reference in Markdown (what it reads or
	 * writes, how fields map), printed by `galley plugins --markdown`
	 * after the description and before the generated settings table. */
	const char *doc;
	galley_role role;
	const galley_setting *settings;

	/* init: once per worker; *state is passed to the other callbacks. */
	int (*init)(const galley_host *host, galley_ctx *ctx, void **state);
	int (*run)(void *state, galley_ctx *ctx);                        /* sources */
	int (*process)(void *state, galley_ctx *ctx, galley_article *a); /* transforms, sinks */
	int (*finish)(void *state, galley_ctx *ctx);                     /* optional; end of run */
	void (*destroy)(void *state);                                    /* optional */

	/* ABI 2.2.  What the host must know of the plugin: GALLEY_PLUGIN_*. */
	unsigned flags;
} galley_plugin;

/* A sink whose files are the run's, written in finish (a feed, a run's
 * bundle), none of them an article's: a partner cannot take it as a
 * format, since its bundle carries each article's files. */
#define GALLEY_PLUGIN_RUN_WIDE 1u

#define GALLEY_EXPORT __attribute__((visibility("default")))

/* Defines the entry point; pass the descriptor's fields as designated
 * initialisers: GALLEY_PLUGIN_DEFINE(.name = "clean/text", ...). */
#define GALLEY_PLUGIN_DEFINE(...)                                                      \
	GALLEY_EXPORT const galley_plugin *galley_plugin_entry(void);                  \
	GALLEY_EXPORT const galley_plugin *galley_plugin_entry(void)                   \
	{                                                                              \
		static const galley_plugin descriptor = {                              \
			.abi_major = GALLEY_ABI_MAJOR,                                 \
			.abi_minor = GALLEY_ABI_MINOR,                                 \
			.size = sizeof(galley_plugin),                                 \
			__VA_ARGS__};                                                  \
		return &descriptor;                                                    \
	}

#ifdef __cplusplus
}
#endif
#endif
