/* partners.h — the `partners:` section of a pipeline: who gets which
 * articles, in which formats and archive, laid out how, in which outbox;
 * and `state:`, where galley remembers what each partner was sent.
 * partners_load reads and checks the YAML (positions in every error);
 * pipeline_bind.c resolves `formats:` to sink stages once plugins are bound. */
#ifndef GALLEY_PARTNERS_H
#define GALLEY_PARTNERS_H

#include <stddef.h>

#include "base/error.h"
#include "config/deliver_config.h"
#include "config/yaml_load.h"

typedef struct strset {
	const char **items;
	size_t count;
} strset;

typedef struct partner {
	const char *name;
	strset sections, languages, tags; /* empty: any */
	strset formats;                   /* names of sink stages */
	size_t *format_stages;            /* their indexes, after binding */
	const char *archive;              /* tar, tar.gz, tar.xz, tar.zst, zip */
	int bagit;                        /* layout: bagit (else flat) */
	const char *pattern;              /* bundle file name, {partner} {date} {seq} {ext} */
	const char *outbox;               /* folder, joined to the pipeline's */
	const char *organization;         /* BagIt Source-Organization */
	const char *when;                 /* Lua file defining wants(article, partner) */
	int embargo_pass;                 /* embargo: pass (send at once), else hold */
	deliver_config deliver;           /* deliver: beyond the outbox (scheme NONE: none) */
	const ynode *node;
} partner;

/* What partners_load needs of the pipeline's document, and what it
 * reads into it: the partners and the state file. */
typedef struct partners_doc {
	arena *ar;        /* the document's: every string and array read */
	const char *file; /* the pipeline file, for error positions */
	const char *dir;  /* its folder: outbox, when and state are relative to it */
	const char *name; /* the pipeline's name: the default organization */
	int tests;        /* a test file's: formats: may be left out */
	partner *partners;
	size_t npartners;
	const char *state;
} partners_doc;

int partners_load(partners_doc *p, const ynode *root, galley_error *err);
/* 1 when the article's section, language and keywords pass the filters. */
int partner_wants(const partner *pt, const char *section, const char *language,
                  const char *const *keywords, size_t nkeywords);

#endif
