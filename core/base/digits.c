/* digits.c — counts grouped by thousands (see digits.h). */
#include <stdio.h>

#include "base/digits.h"

const char *digits_grouped(char *out, size_t size, unsigned long long n)
{
	char digits[32];
	int len = snprintf(digits, sizeof(digits), "%llu", n);
	size_t k = 0;
	for (int i = 0; i < len && k + 2 < size; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	out[k] = '\0';
	return out;
}
