/* article.h — galley's article model (owned by the core) and the
 * accessors behind the plugin host API.  Its fields are those of
 * article_fields.h.  Plugins never see these structs (they go through the
 * host's accessors); the core's JSON and Lua bridges read them directly,
 * field by field from the table. */
#ifndef GALLEY_ARTICLE_H
#define GALLEY_ARTICLE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"
#include "model/article_fields.h"
#include "galley/plugin.h"

typedef struct strlist {
	char **items;
	size_t count, cap;
} strlist;

typedef struct block {
	char *type; /* paragraph, heading, quote, list, caption, image, embed */
	char *text;
	char *speaker; /* quote */
	int level;     /* heading; 0 elsewhere */
} block;

#define AK_RECORD_MEMBER(type, member, presence) char *member;
typedef struct media {
	MEDIA_FIELDS(AK_RECORD_MEMBER)
} media;

typedef struct entity { /* id: a stable identifier (gazetteer id, wire code, URI) */
	ENTITY_FIELDS(AK_RECORD_MEMBER)
} entity;

typedef struct block_list {
	block *items;
	size_t count, cap;
} block_list;

typedef struct media_list {
	media *items;
	size_t count, cap;
} media_list;

typedef struct entity_list {
	entity *items;
	size_t count, cap;
} entity_list;

#define AK_DATE_ENUM(e, name) DATE_##e,
enum { ARTICLE_DATES(AK_DATE_ENUM) DATE_COUNT };

typedef struct article_dates {
	char *at[DATE_COUNT];
} article_dates;

/* The fields, by their place in ARTICLE_FIELDS: AF_ID, AF_SOURCE, … */
#define AK_FIELD_ENUM(e, name, kind, member, doc_type, doc_notes) AF_##e,
enum { ARTICLE_FIELDS(AK_FIELD_ENUM) AF_COUNT };
#define AF_ALL ((1u << AF_COUNT) - 1)

typedef enum article_kind {
	AK_STRING,
	AK_INT,
	AK_LANGUAGE,
	AK_STRLIST,
	AK_DATES,
	AK_BODY,
	AK_MEDIA,
	AK_ENTITIES,
	AK_EXTRA
} article_kind;

typedef struct article_field {
	const char *name;
	article_kind kind;
	size_t offset; /* of its member in galley_article */
	const char *doc_type, *doc_notes;
} article_field;

extern const article_field article_fields[AF_COUNT];

/* A record's string field (media, entity): see MEDIA_FIELDS. */
typedef enum record_presence { REC_REQUIRED, REC_NULLABLE, REC_OPTIONAL } record_presence;
typedef struct record_field {
	const char *name;
	size_t offset;
	record_presence presence;
} record_field;

#define MEDIA_NFIELDS 6
#define ENTITY_NFIELDS 3
extern const record_field media_fields[MEDIA_NFIELDS];
extern const record_field entity_fields[ENTITY_NFIELDS];

/* Where an article is in a run: the runner's bookkeeping, not the
 * article's content (no exporter or script sees it).  The model only
 * carries it, moves it with article_replace and frees what it owns. */
typedef struct article_trace {
	uint64_t seq; /* input order, set by the runner */
	/* set by a worker when a transform failed: the sink thread quarantines
	 * the article in input order (so reports do not depend on threads) */
	char *failed_reason;
	const char *failed_stage;
	char *failed_input; /* a source's process() rejected this input file */
	void *failed_data;  /* its bytes, when they were held in memory (reject_data) */
	size_t failed_len;
	/* messages stages on a worker logged for it, printed by the sink
	 * thread as it passes, so stderr follows the input order */
	char *log;
	size_t loglen;
	size_t origin; /* index of the stage that emitted it */
	/* Split pieces (ctx.emit in a transform) ride behind the article they
	 * came from, in emit order, and reach the sinks right after it. */
	galley_article *next;
	int dropped;         /* dropped, but carrying pieces */
	const char *dropped_at; /* the stage that dropped it (reported in input order) */
	galley_article *tail; /* the chain's last article, as this one last saw it */
	unsigned after;       /* articles behind this one, up to tail */
	uint64_t parent_seq; /* a piece: its input's seq; piece: 1, 2, … */
	unsigned piece;
	/* An input whose items were handed on as they were read (runner.c,
	 * pass_on): its first item is the head, a piece numbered 0 that
	 * stands for the input; the input's own article is then consumed,
	 * only its trace left, and passed counts the items handed on. */
	unsigned head : 1, consumed : 1;
	unsigned passed;
	/* set on the sink thread before the sinks (deliver/item_settle.c) */
	char hash[65];      /* content hash: the canonical JSON but id, source, version */
	long long release;  /* dates.embargo as seconds since the epoch; 0 none */
} article_trace;

#define AK_MEMBER(e, name, kind, member, doc_type, doc_notes) AK_CTYPE_##kind member;
struct galley_article {
	arena ar; /* every string of the fields (not the arrays, extra or run state) */
	ARTICLE_FIELDS(AK_MEMBER)
	article_trace run; /* the runner's */
};

/* The field's member in a (any kind: cast to its AK_CTYPE). */
static inline void *article_slot(const galley_article *a, int f)
{
	return (char *)a + article_fields[f].offset;
}

/* A record field's string slot in the record r. */
static inline char **record_slot(const void *r, const record_field *rf)
{
	return (char **)((char *)r + rf->offset);
}

/* The field named name[0..len) (AF_*), or -1. */
int article_field_index(const char *name, size_t len);

extern const char *const article_date_names[DATE_COUNT];

galley_article *article_new(void);
void article_free(galley_article *a);
/* A copy of s[0..n) in the article's arena, for code that sets fields
 * directly (script_article_take.c); NULL when out of memory. */
char *article_strndup(galley_article *a, const char *s, size_t n);
/* Moves src's contents into dst (keeping dst's place in the run), frees src. */
void article_replace(galley_article *dst, galley_article *src);

const char *article_get(const galley_article *a, const char *field);
int article_set(galley_article *a, const char *field, const char *value);
/* An integer field ("version", "urgency"): 0 is null; set refuses a
 * negative value or a field of another kind (GALLEY_EINVALID). */
int64_t article_get_int(const galley_article *a, const char *field);
int article_set_int(galley_article *a, const char *field, int64_t value);
/* What the model requires beyond the types, checked before the sinks:
 * pubstatus usable, withheld or canceled; urgency 1 to 9.  0, or 1 with
 * why written into msg. */
int article_check(const galley_article *a, char *msg, size_t size);
/* pubstatus as a word, "usable" when null. */
const char *article_pubstatus(const galley_article *a);
/* The model's rule for language (lang_tag.h): a's language in its
 * conventional case ("en_gb" -> "en-GB"; the same length, so in place in
 * the article's own copy).  0, also when it has none; 1 when it is no
 * BCP 47 tag (left as it is). */
int article_language_tag(galley_article *a);
size_t article_list_count(const galley_article *a, const char *field);
const char *article_list_get(const galley_article *a, const char *field, size_t i);
int article_list_add(galley_article *a, const char *field, const char *value);
int article_list_clear(galley_article *a, const char *field);

/* Empty the body, the media or the entities (keeping the arrays). */
void article_body_clear(galley_article *a);
void article_media_clear(galley_article *a);
void article_entities_clear(galley_article *a);

/* The block types, NULL-terminated: paragraph, heading, quote, list,
 * caption, image, embed. */
#define ARTICLE_BLOCK_TYPES 7
#define ARTICLE_BLOCK_HEADING 1 /* "heading"'s index */
extern const char *const article_block_types[ARTICLE_BLOCK_TYPES + 1];
/* Which of them type is (0 to ARTICLE_BLOCK_TYPES - 1), or -1. */
int article_block_type_index(const char *type);
/* The block type's name as galley keeps it (a static string), or NULL
 * when type is not one. */
const char *article_block_type_name(const char *type);
int article_block_type_valid(const char *type);
size_t article_block_count(const galley_article *a);
const char *article_block_get(const galley_article *a, size_t i, const char *field);
int article_block_set(galley_article *a, size_t i, const char *field, const char *value);
int article_block_level(const galley_article *a, size_t i);
int article_block_set_level(galley_article *a, size_t i, int level);
int article_block_insert(galley_article *a, size_t i, const char *type, const char *text);
int article_block_remove(galley_article *a, size_t i);

size_t article_media_count(const galley_article *a);
const char *article_media_get(const galley_article *a, size_t i, const char *field);
int article_media_set(galley_article *a, size_t i, const char *field, const char *value);
int article_media_add(galley_article *a, const char *type);

int article_entity_add(galley_article *a, const char *type, const char *name);
/* Adds an entity with an id (NULL: none); returns its index. */
int article_entity_add_id(galley_article *a, const char *type, const char *name, const char *id);
size_t article_entity_count(const galley_article *a);
const char *article_entity_get(const galley_article *a, size_t i, const char *field);
const char *article_extra_get_string(const galley_article *a, const char *key);
int article_extra_set_string(galley_article *a, const char *key, const char *value);
/* Parses json (any JSON value) into extra[key]; NULL removes the key. */
int article_extra_set_json(galley_article *a, const char *key, const char *json);
/* extra[key][member] = value (extra[key] made an object when it is not);
 * member NULL: extra[key] = value. */
int article_extra_set_int(galley_article *a, const char *key, const char *member, int64_t value);
/* extra[key] as compact JSON text (malloc'd), or NULL when absent. */
char *article_extra_get_json(const galley_article *a, const char *key);
/* Takes the reference to value. */
int article_extra_set(galley_article *a, const char *key, json_t *value);

/* Canonical JSON: the bytes (article_dump.c), a walk of its values
 * (article_walk.c: host->article_walk), and back from a jansson tree
 * (article_json.c), which fills a new article or writes why not into msg. */
int article_walk(const galley_article *a, const galley_walker *w, void *data);
int article_dump(const galley_article *a, char **out, size_t *len); /* malloc'd, ends in \n */
int article_from_json(const json_t *j, galley_article **out, char *msg, size_t msgsize);

/* Compact bytes, to move an article between processes of one build
 * (article_pack.c): put receives them piece by piece.  0, GALLEY_ENOMEM,
 * or GALLEY_EINVALID for a string of 4 GB or more.  unpack: 0,
 * GALLEY_ENOMEM, or GALLEY_EINVALID when the bytes are not a packed
 * article.  Every field comes back as it was, language unchecked. */
typedef void (*article_pack_fn)(void *data, const void *bytes, size_t n);
int article_pack(const galley_article *a, article_pack_fn put, void *data);
int article_unpack(const void *bytes, size_t len, galley_article **out);
/* What those bytes depend on, as a number: the field table (names and
 * kinds, the media and entity records), the packing's own version and the
 * byte order.  Bytes kept for another process of another build (a shard's
 * records, run/shard.h) are read back only when it is the same. */
uint64_t article_pack_format(void);

#endif
