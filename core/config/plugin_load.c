/* plugin_load.c — the dlopen side of the plugin ABI: RTLD_NOW|RTLD_LOCAL,
 * one entry function, same major, minor not newer than the host's, size
 * covering the 1.0 fields, then a copy capped at that size. */
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config/plugin_load.h"
#include "base/suggest.h"

#ifndef GALLEY_LIBDIR
#define GALLEY_LIBDIR "/usr/local/lib/galley"
#endif

/* The 2.0 descriptor ends with destroy. */
#define PLUGIN_SIZE_2_0 (offsetof(galley_plugin, destroy) + sizeof(void (*)(void *)))

static int add_dir(plugins *ps, const char *dir)
{
	if (!dir || !dir[0])
		return 0;
	const char **dirs = realloc(ps->dirs, (ps->ndirs + 1) * sizeof(char *));
	if (!dirs)
		return GALLEY_ENOMEM;
	ps->dirs = dirs;
	if (!(ps->dirs[ps->ndirs] = strdup(dir)))
		return GALLEY_ENOMEM;
	ps->ndirs++;
	return 0;
}

static int add_if_dir(plugins *ps, const char *dir)
{
	struct stat st;
	return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? add_dir(ps, dir) : 0;
}

/* build/galley finds build/plugins; PREFIX/bin/galley finds
 * PREFIX/lib/galley/plugins whatever PREFIX it was built with. */
static int add_exe_dirs(plugins *ps)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	char dir[PATH_MAX + 32];
	snprintf(dir, sizeof(dir), "%s/plugins", exe);
	int rc = add_if_dir(ps, dir);
	snprintf(dir, sizeof(dir), "%s/../lib/galley/plugins", exe);
	return rc ? rc : add_if_dir(ps, dir);
}

int plugins_init(plugins *ps, const char *const *extra, size_t nextra, galley_error *err)
{
	memset(ps, 0, sizeof(*ps));
	int rc = 0;
	for (size_t i = 0; !rc && i < nextra; i++)
		rc = add_dir(ps, extra[i]);
	const char *env = getenv("GALLEY_PLUGIN_PATH");
	while (!rc && env && *env) {
		size_t len = strcspn(env, ":");
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%.*s", (int)len, env);
		rc = add_dir(ps, dir);
		env += len + (env[len] == ':');
	}
	if (!rc)
		rc = add_exe_dirs(ps);
	if (!rc)
		rc = add_dir(ps, GALLEY_LIBDIR "/plugins");
	return rc ? galley_error_set(err, rc, "out of memory") : 0;
}

void plugins_release(plugins *ps)
{
	for (size_t i = 0; i < ps->count; i++) {
		if (ps->items[i]->handle)
			dlclose(ps->items[i]->handle);
		free(ps->items[i]->path);
		free(ps->items[i]);
	}
	free(ps->items);
	for (size_t i = 0; i < ps->ndirs; i++)
		free((char *)ps->dirs[i]);
	free(ps->dirs);
	memset(ps, 0, sizeof(*ps));
}

static int vet(const char *path, const galley_plugin *d, galley_error *err)
{
	if (d->abi_major != GALLEY_ABI_MAJOR)
		return galley_error_at(err, GALLEY_EPLUGIN, path, 0, 0,
		                       "plugin built for ABI %u.%u, but this galley speaks ABI %d.%d; "
		                       "rebuild it against this galley's plugin.h",
		                       d->abi_major, d->abi_minor, GALLEY_ABI_MAJOR, GALLEY_ABI_MINOR);
	if (d->abi_minor > GALLEY_ABI_MINOR)
		return galley_error_at(err, GALLEY_EPLUGIN, path, 0, 0,
		                       "plugin needs ABI %u.%u, newer than this galley's %d.%d; "
		                       "upgrade galley",
		                       d->abi_major, d->abi_minor, GALLEY_ABI_MAJOR, GALLEY_ABI_MINOR);
	if (d->size < PLUGIN_SIZE_2_0)
		return galley_error_at(err, GALLEY_EPLUGIN, path, 0, 0,
		                       "plugin descriptor is %u bytes, smaller than the %zu of ABI 2.0",
		                       d->size, (size_t)PLUGIN_SIZE_2_0);
	return 0;
}

static int check_desc(const char *path, const galley_plugin *d, galley_error *err)
{
	if (!d->name || !strchr(d->name, '/'))
		return galley_error_at(err, GALLEY_EPLUGIN, path, 0, 0,
		                       "plugin has no name of the form KIND/NAME");
	const char *missing = NULL;
	if (!d->init)
		missing = "init";
	else if (d->role == GALLEY_ROLE_SOURCE && !d->run)
		missing = "run";
	else if ((d->role == GALLEY_ROLE_TRANSFORM || d->role == GALLEY_ROLE_SINK) && !d->process)
		missing = "process";
	else if (d->role < GALLEY_ROLE_SOURCE || d->role > GALLEY_ROLE_SINK)
		return galley_error_at(err, GALLEY_EPLUGIN, path, 0, 0,
		                       "plugin '%s' has an unknown role %d", d->name, (int)d->role);
	if (missing)
		return galley_error_at(err, GALLEY_EPLUGIN, path, 0, 0,
		                       "plugin '%s' has no %s callback", d->name, missing);
	return 0;
}

static int add_loaded(plugins *ps, loaded_plugin *lp, galley_error *err)
{
	for (size_t i = 0; i < ps->count; i++)
		if (strcmp(ps->items[i]->desc.name, lp->desc.name) == 0)
			return galley_error_at(err, GALLEY_EPLUGIN, lp->path, 0, 0,
			                       "plugin '%s' is already loaded from %s", lp->desc.name,
			                       ps->items[i]->path);
	if (ps->count == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 8;
		loaded_plugin **items = realloc(ps->items, cap * sizeof(*items));
		if (!items)
			return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
		ps->items = items;
		ps->cap = cap;
	}
	/* each on its own: stages keep pointers to descriptors while more load */
	loaded_plugin *copy = malloc(sizeof(*copy));
	if (!copy)
		return galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	*copy = *lp;
	ps->items[ps->count++] = copy;
	return 0;
}

int plugins_load_file(plugins *ps, const char *path, const loaded_plugin **out,
                      galley_error *err)
{
	void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!handle)
		return galley_error_at(err, GALLEY_EPLUGIN, path, 0, 0, "cannot load plugin: %s",
		                       dlerror());
	typedef const galley_plugin *(*entry_fn)(void);
	entry_fn entry;
	*(void **)&entry = dlsym(handle, "galley_plugin_entry");
	const galley_plugin *d = entry ? entry() : NULL;
	int rc;
	if (!entry)
		rc = galley_error_at(err, GALLEY_EPLUGIN, path, 0, 0,
		                     "not a galley plugin: no galley_plugin_entry function");
	else if (!d)
		rc = galley_error_at(err, GALLEY_EPLUGIN, path, 0, 0,
		                     "galley_plugin_entry returned no descriptor");
	else
		rc = vet(path, d, err);
	loaded_plugin lp = {handle, {0}, NULL};
	if (!rc) {
		size_t n = d->size < sizeof(lp.desc) ? d->size : sizeof(lp.desc);
		memcpy(&lp.desc, d, n);
		rc = check_desc(path, &lp.desc, err);
	}
	if (!rc && !(lp.path = strdup(path)))
		rc = galley_error_set(err, GALLEY_ENOMEM, "out of memory");
	if (!rc)
		rc = add_loaded(ps, &lp, err);
	if (rc) {
		free(lp.path);
		dlclose(handle);
		return rc;
	}
	if (out)
		*out = ps->items[ps->count - 1];
	return 0;
}

static void list_known(plugins *ps, const char *name, char *hint, size_t size)
{
	/* Offer the closest plugin name present on the search path. */
	enum { MAX_NAMES = 128 };
	const char *names[MAX_NAMES + 1];
	char store[MAX_NAMES][520];
	size_t n = 0;
	for (size_t d = 0; d < ps->ndirs && n < MAX_NAMES; d++) {
		DIR *kinds = opendir(ps->dirs[d]);
		struct dirent *k;
		while (kinds && (k = readdir(kinds)) && n < MAX_NAMES) {
			if (k->d_name[0] == '.')
				continue;
			char sub[PATH_MAX];
			snprintf(sub, sizeof(sub), "%s/%s", ps->dirs[d], k->d_name);
			DIR *files = opendir(sub);
			struct dirent *f;
			while (files && (f = readdir(files)) && n < MAX_NAMES) {
				size_t len = strlen(f->d_name);
				if (len < 4 || strcmp(f->d_name + len - 3, ".so") != 0)
					continue;
				snprintf(store[n], sizeof(store[n]), "%s/%.*s", k->d_name, (int)(len - 3),
				         f->d_name);
				names[n] = store[n];
				n++;
			}
			if (files)
				closedir(files);
		}
		if (kinds)
			closedir(kinds);
	}
	names[n] = NULL;
	suggest_hint(name, names, hint, size);
}

int plugin_name_valid(const char *name)
{
	const char *slash = strchr(name, '/');
	if (!slash || slash == name || !slash[1] || strchr(slash + 1, '/'))
		return 0;
	for (const char *c = name; *c; c++)
		if (!(*c == '/' || *c == '_' || *c == '-' || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9')))
			return 0;
	return 1;
}

int plugins_find(plugins *ps, const char *name, const galley_plugin **out, galley_error *err)
{
	/* every place a plugin is named comes here: no path ever reaches dlopen */
	if (!plugin_name_valid(name))
		return galley_error_set(err, GALLEY_EINVALID,
		                        "'%s' is not a plugin name; plugins are named KIND/NAME, such as "
		                        "clean/text",
		                        name);
	for (size_t i = 0; i < ps->count; i++)
		if (strcmp(ps->items[i]->desc.name, name) == 0) {
			*out = &ps->items[i]->desc;
			return 0;
		}
	for (size_t d = 0; d < ps->ndirs; d++) {
		char path[PATH_MAX];
		snprintf(path, sizeof(path), "%s/%s.so", ps->dirs[d], name);
		if (access(path, F_OK) != 0)
			continue;
		const loaded_plugin *lp;
		int rc = plugins_load_file(ps, path, &lp, err);
		if (rc)
			return rc;
		if (strcmp(lp->desc.name, name) != 0)
			return galley_error_at(err, GALLEY_EPLUGIN, path, 0, 0,
			                       "plugin file declares the name '%s', expected '%s'",
			                       lp->desc.name, name);
		*out = &lp->desc;
		return 0;
	}
	char hint[160];
	list_known(ps, name, hint, sizeof(hint));
	return galley_error_set(err, GALLEY_EPLUGIN, "unknown plugin '%s'%s", name, hint);
}

const char *plugin_role_name(galley_role role)
{
	return role == GALLEY_ROLE_SOURCE ? "source" : role == GALLEY_ROLE_SINK ? "sink" : "transform";
}

static int visible(const struct dirent *e)
{
	return e->d_name[0] != '.';
}

/* Kinds and files in sorted order, so the listing is stable. */
void plugins_load_all(plugins *ps, void (*warn)(const char *msg))
{
	for (size_t d = 0; d < ps->ndirs; d++) {
		struct dirent **kinds;
		int nk = scandir(ps->dirs[d], &kinds, visible, alphasort);
		for (int k = 0; k < nk; k++) {
			char sub[PATH_MAX];
			snprintf(sub, sizeof(sub), "%s/%s", ps->dirs[d], kinds[k]->d_name);
			struct dirent **files;
			int n = scandir(sub, &files, visible, alphasort);
			for (int i = 0; i < n; i++) {
				size_t len = strlen(files[i]->d_name);
				char name[520];
				snprintf(name, sizeof(name), "%s/%.*s", kinds[k]->d_name,
				         (int)(len > 3 ? len - 3 : 0), files[i]->d_name);
				const galley_plugin *p;
				galley_error err = {0};
				if (len > 3 && strcmp(files[i]->d_name + len - 3, ".so") == 0 &&
				    plugins_find(ps, name, &p, &err) != 0) {
					char msg[1600];
					galley_error_format(&err, msg, sizeof(msg));
					warn(msg);
				}
				free(files[i]);
			}
			if (n >= 0)
				free(files);
			free(kinds[k]);
		}
		if (nk >= 0)
			free(kinds);
	}
}
