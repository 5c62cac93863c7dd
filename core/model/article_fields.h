/* article_fields.h — the article's fields, each listed once.  Every place
 * that moves an article between forms walks these tables: the C struct
 * (article.h), the canonical JSON reader, writer and dumper
 * (article_json.c, article_dump.c), the packed form between processes
 * (article_pack.c), the Lua view and take-back
 * (script_article*.c), the key checks, and the field reference in the docs
 * (`galley fields --markdown`).  Adding a field of a kind listed below is
 * one line here; a new kind needs its case in each of those files.
 *
 * ARTICLE_FIELDS(X) calls X(ENUM, name, kind, member, doc_type, doc_notes)
 * once per top-level field, in the canonical JSON's key order. */
#ifndef GALLEY_ARTICLE_FIELDS_H
#define GALLEY_ARTICLE_FIELDS_H

/* The kinds of field, and their C types (AK_CTYPE_kind). */
#define AK_CTYPE_STRING char *        /* string or null */
#define AK_CTYPE_INT int64_t           /* a positive integer; 0 is null */
#define AK_CTYPE_LANGUAGE char *      /* a BCP 47 tag (lang_tag.h), or null */
#define AK_CTYPE_STRLIST strlist      /* list of strings */
#define AK_CTYPE_DATES article_dates  /* map of the dates in ARTICLE_DATES */
#define AK_CTYPE_BODY block_list      /* list of blocks */
#define AK_CTYPE_MEDIA media_list     /* list of records of MEDIA_FIELDS */
#define AK_CTYPE_ENTITIES entity_list /* list of records of ENTITY_FIELDS */
#define AK_CTYPE_EXTRA json_t *       /* map of anything; NULL when empty */

#define ARTICLE_FIELDS(X)                                                                      \
	X(ID, "id", STRING, id, "string",                                                       \
	  "a slug of the headline unless front matter gives one; unique in a run: a second "     \
	  "`weather` is `weather-` and 8 hex digits of its guid (else its source); one that "   \
	  "cannot name a file (a `/`, a control character, a leading dot) becomes its slug")    \
	X(GUID, "guid", STRING, guid, "string",                                                 \
	  "the item's stable identity across nights and versions: its source's, else "           \
	  "`galley:STAGE/PATH` (the import stage, the file below the `path:` pattern's folders)") \
	X(VERSION, "version", INT, version, "integer or null",                                  \
	  "the source's version of the item, else galley's count when partners are set: 1 the "  \
	  "first night its guid is seen, +1 each night its content changed (the state keeps it)") \
	X(SOURCE, "source", STRING, source, "string", "the input file")                         \
	X(PUBSTATUS, "pubstatus", STRING, pubstatus, "string or null",                          \
	  "`usable` (also when null), `withheld` (never sent) or `canceled` (a kill: sent only "  \
	  "to partners that had an earlier version)")                                            \
	X(HEADLINE, "headline", STRING, headline, "string or null", "")                         \
	X(KICKER, "kicker", STRING, kicker, "string or null", "")                               \
	X(STANDFIRST, "standfirst", STRING, standfirst, "string or null", "")                   \
	X(BYLINES, "bylines", STRLIST, bylines, "list of strings", "")                          \
	X(SECTION, "section", STRING, section, "string or null", "")                            \
	X(LANGUAGE, "language", LANGUAGE, language, "BCP 47 tag or null",                       \
	  "`en`, `nb-NO`, `zh-Hant-TW`: see below")                                              \
	X(DATES, "dates", DATES, dates, "map",                                                  \
	  "`created`, `published`, `modified`, `embargo` (only those set), each an ISO 8601 " \
	  "date or date-time (see below); `embargo` is the instant before which no partner "   \
	  "may publish it (ninjs and front matter: `embargoed`)")                               \
	X(URGENCY, "urgency", INT, urgency, "integer or null", "1 (most urgent) to 9")          \
	X(SIGNALS, "signals", STRLIST, signals, "list of strings",                              \
	  "editorial signals such as `correction`, `update`, `advisory`")                        \
	X(KEYWORDS, "keywords", STRLIST, keywords, "list of strings", "")                       \
	X(COPYRIGHT, "copyright", STRING, copyright, "string or null", "the copyright notice")  \
	X(USAGETERMS, "usageterms", STRING, usageterms, "string or null",                       \
	  "the terms partners may use it under")                                                 \
	X(BODY, "body", BODY, body, "list of blocks",                                           \
	  "`{type, text}`; `type` is `paragraph`, `heading` (+`level`), `quote` (+`speaker`), "  \
	  "`list` (items separated by newlines), `caption`, `image`, `embed`")                   \
	X(MEDIA, "media", MEDIA, media, "list",                                                 \
	  "`{type, caption, credit, href}` (+`alt`, `mime` when set)")                           \
	X(ENTITIES, "entities", ENTITIES, entities, "list", "`{type, name}` (+`id` when set)")  \
	X(EXTRA, "extra", EXTRA, extra, "map", "anything a stage adds; keys written sorted")

/* The dates of `dates`: X(ENUM, name). */
#define ARTICLE_DATES(X)                                                                       \
	X(CREATED, "created")                                                                   \
	X(PUBLISHED, "published")                                                               \
	X(MODIFIED, "modified")                                                                 \
	X(EMBARGO, "embargo")

/* A record's string fields: X(struct, member, presence), in the JSON's
 * order.  REQUIRED: always a string; NULLABLE: written as null when
 * absent; OPTIONAL: left out when absent (article.h: REC_*). */
#define MEDIA_FIELDS(X)                                                                        \
	X(media, type, REQUIRED)                                                                \
	X(media, caption, NULLABLE)                                                             \
	X(media, credit, NULLABLE)                                                              \
	X(media, href, NULLABLE)                                                                \
	X(media, alt, OPTIONAL)                                                                 \
	X(media, mime, OPTIONAL)

#define ENTITY_FIELDS(X)                                                                       \
	X(entity, type, REQUIRED)                                                               \
	X(entity, name, REQUIRED)                                                               \
	X(entity, id, OPTIONAL)

#endif
