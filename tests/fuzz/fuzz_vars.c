/* fuzz_vars.c — ${NAME} and ${NAME:-default} expansion on arbitrary text. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "config/vars.h"

static const char *lookup(void *data, const char *name)
{
	(void)data;
	if (strcmp(name, "EMPTY") == 0)
		return "";
	if (strcmp(name, "DOLLAR") == 0)
		return "${NESTED}";
	return name[0] == 'A' ? "value" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	char *out = NULL, msg[256];
	size_t offset = 0;
	if (vars_expand(text, lookup, NULL, &out, &offset, msg, sizeof(msg)) == 0)
		free(out);
	else if (offset > size)
		abort(); /* an error must point inside the text */
	free(text);
	return 0;
}
