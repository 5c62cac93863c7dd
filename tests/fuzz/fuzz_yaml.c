/* fuzz_yaml.c — the YAML pipeline loader (libyaml, then pipeline.c's
 * meaning: keys, types, ${} expansion, limits) on arbitrary bytes. */
#include <stdio.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "config/pipeline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("pipeline.yaml", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	char path[64];
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	static const char *const sets[] = {"OUT=out", "X=1"};
	pipeline p;
	galley_error err = {0};
	pipeline_load(&p, path, sets, 2, &err);
	pipeline_release(&p);
	close(fd);
	return 0;
}
