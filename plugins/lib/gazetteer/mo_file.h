/* mo_file.h — a GNU gettext message catalogue (.mo file) read whole, for
 * the translations of data Debian ships as catalogues (iso-codes' country
 * names in /usr/share/locale/LANG/LC_MESSAGES/iso_3166-1.mo). */
#ifndef GALLEY_MO_FILE_H
#define GALLEY_MO_FILE_H

#include <stddef.h>

typedef struct mo_file mo_file;

/* Checks the catalogue's layout (both byte orders); NULL with why when
 * it is not one.  The bytes are copied. */
mo_file *mo_parse(const void *data, size_t len, char *why, size_t n);
void mo_free(mo_file *m);
/* The translation of msgid, or NULL (untranslated or absent). */
const char *mo_lookup(const mo_file *m, const char *msgid);

#endif
