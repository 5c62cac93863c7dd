/* fuzz_glob.c — '**' pattern matching: the input is a pattern and a path
 * separated by a newline. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "base/glob.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	char *nl = strchr(text, '\n');
	if (nl) {
		*nl = '\0';
		glob_match(text, nl + 1);
		glob_match(nl + 1, text);
	}
	free(text);
	return 0;
}
