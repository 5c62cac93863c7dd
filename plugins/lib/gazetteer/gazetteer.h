/* gazetteer.h — named things (people, organisations, places) with their
 * aliases, found in text by one Aho–Corasick automaton (aho_corasick.h).
 *
 * An entry has a stable id, a display name and a type; each of its names
 * (the name and its aliases) matches
 *   - on Unicode word boundaries (letters, digits and marks on neither side),
 *   - as written, or with its first letter capitalised ("case: exact", the
 *     default), or in any case ("case: any"),
 *   - in every language, or only in articles of the language it is given
 *     for (a translated country name, a Norwegian adjective),
 *   - followed by a genitive "s" in the languages that write one without
 *     an apostrophe (Putins, Russlands), when the scan is told so;
 * and never inside a URL or an e-mail address.  A name marked ambiguous
 * (Turkey, May) counts only in an article where one of the entry's
 * context phrases, or one of its other names, also occurs.  Overlapping
 * mentions keep the leftmost, then the longest (Vladimir Putin, not Putin).
 *
 * gazetteer_load.c fills one from YAML files and iso-codes. */
#ifndef GALLEY_GAZETTEER_H
#define GALLEY_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

typedef struct gz_entry {
	char *id, *name, *type;
	uint32_t needs_context; /* it has an ambiguous name */
	uint32_t from_file;     /* defined by a gazetteer file (not only by iso-codes) */
} gz_entry;

typedef struct gazetteer gazetteer;

gazetteer *gz_new(void);
void gz_free(gazetteer *g);

/* The entry with this id (a new one, without names, when absent), or NULL
 * when out of memory; *created says which. */
gz_entry *gz_entry_get(gazetteer *g, const char *id, int *created);
size_t gz_entry_index(const gazetteer *g, const gz_entry *e);
const gz_entry *gz_entry_at(const gazetteer *g, size_t i);
size_t gz_entry_count(const gazetteer *g);
int gz_set(char **field, const char *value); /* replaces a string field of an entry */

enum {
	GZ_ANY_CASE = 1,  /* matches in any case */
	GZ_AMBIGUOUS = 2, /* counts only with context */
	GZ_CONTEXT = 4    /* not a name: a context phrase of the entry */
};
/* Adds a name (or, with GZ_CONTEXT, a context phrase) of entry e, for
 * articles in language lang (NULL: all).  The text is normalised (NFC);
 * 0, -1 out of memory, -2 no word character in it. */
int gz_add_name(gazetteer *g, gz_entry *e, const char *text, const char *lang, unsigned flags);
/* Marks the name of e equal to text ambiguous; 0, or -1 when e has none. */
int gz_mark_ambiguous(gazetteer *g, gz_entry *e, const char *text);

/* Builds the automaton; after it the gazetteer is read-only, and safe to
 * scan from any number of threads.  -1 when out of memory. */
int gz_compile(gazetteer *g);
size_t gz_names(const gazetteer *g);
/* Name i as given (NFC), or NULL for a context phrase. */
const char *gz_name_at(const gazetteer *g, size_t i);
size_t gz_matcher_bytes(const gazetteer *g);

/* One article's mentions, found field by field, then resolved. */
typedef struct gz_mention {
	uint32_t entry, field; /* field: the caller's number for the text */
	size_t start, end;     /* bytes into that text */
	uint32_t name;         /* internal: which name matched */
} gz_mention;

typedef struct gz_scan {
	gz_mention *v;
	size_t n, cap;
	char *fold; /* scratch: the text in lower case */
	size_t foldcap;
	const char *lang; /* the article's language (primary tag), or NULL */
	int genitive_s;   /* the language writes a genitive s */
} gz_scan;

/* Adds the mentions in text (len bytes of UTF-8) as field.  -1 when out
 * of memory. */
int gz_scan_text(const gazetteer *g, gz_scan *s, const char *text, size_t len, uint32_t field);
/* Drops ambiguous mentions without context, context phrases and overlaps;
 * what is left is in order of field and start. */
void gz_resolve(const gazetteer *g, gz_scan *s);
void gz_scan_free(gz_scan *s);

#endif
