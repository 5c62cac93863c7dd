/* whole_number.c — see whole_number.h. */
#include <stdlib.h>

#include "text/whole_number.h"

long long whole_number(const char *s)
{
	char *end = NULL;
	long long n = s ? strtoll(s, &end, 10) : 0;
	return !s || end == s || *end || n < 1 ? 0 : n;
}
