/* whole_number.h — the whole numbers article fields hold (version,
 * urgency), read from the text a format writes them in, one rule for every
 * importer: decimal digits only, from 1 up. */
#ifndef GALLEY_PLUGIN_WHOLE_NUMBER_H
#define GALLEY_PLUGIN_WHOLE_NUMBER_H

/* s as a whole number from 1, or 0 when s is NULL, empty, has anything
 * but a number (a sign is strtoll's), or is below 1. */
long long whole_number(const char *s);

#endif
