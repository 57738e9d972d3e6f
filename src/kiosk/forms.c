/*
 * Loading the consultations directory (see forms.h).
 */
#include "forms.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gettext.h"

static int
compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.ini file names of dir, sorted; NULL-terminated. */
static char **
list_ini(const char *dir, size_t *n, struct error *err)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	struct dirent *e;

	*n = 0;
	if (d == NULL) {
		error_set(err, "%s: %s", dir, strerror(errno));
		return NULL;
	}
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);
		char **bigger;
		if (len < 5 || strcmp(e->d_name + len - 4, ".ini") != 0 ||
		    e->d_name[0] == '.') {
			continue;
		}
		bigger = realloc(names, (*n + 2) * sizeof *names);
		if (bigger == NULL) {
			break;
		}
		names = bigger;
		names[(*n)++] = strdup(e->d_name);
		names[*n] = NULL;
	}
	closedir(d);
	if (names == NULL) {
		names = calloc(1, sizeof *names);
	}
	qsort(names, *n, sizeof *names, compare_names);
	return names;
}

static void
add_form(struct kiosk_forms *set, struct form *f, FILE *diag)
{
	struct form **bigger;

	if (kiosk_forms_find(set, f->id) != NULL) {
		if (diag != NULL) {
			fprintf(diag,
			    _("%s: a consultation with id '%s' is "
			      "already loaded; this file is left out\n"),
			    f->path, f->id);
		}
		form_destroy(f);
		return;
	}
	bool *closed =
	    realloc(set->closed_here, (set->nall + 1) * sizeof *closed);

	if (closed != NULL) {
		set->closed_here = closed;
		closed[set->nall] = false;
	}
	bigger = realloc(set->all, (set->nall + 1) * sizeof *bigger);
	if (bigger == NULL || closed == NULL) {
		set->all = bigger != NULL ? bigger : set->all;
		form_destroy(f);
		return;
	}
	set->all = bigger;
	set->all[set->nall++] = f;
}

bool
kiosk_forms_load(
    struct kiosk_forms *set, const char *dir, FILE *diag, struct error *err)
{
	size_t n;
	char **names = list_ini(dir, &n, err);

	memset(set, 0, sizeof *set);
	if (names == NULL) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		struct form_diags diags = { 0 };
		struct form *f;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		f = form_parse_file(path, &diags);
		for (size_t k = 0; k < diags.count && diag != NULL; k++) {
			fprintf(diag, "%s\n", diags.items[k].text);
		}
		form_diags_finish(&diags);
		if (f != NULL) {
			add_form(set, f, diag);
		}
		free(names[i]);
	}
	free(names);
	return true;
}

void
kiosk_forms_select_open(struct kiosk_forms *set, int64_t day)
{
	free(set->open);
	set->open = calloc(set->nall + 1, sizeof *set->open);
	set->nopen = 0;
	for (size_t i = 0; set->open != NULL && i < set->nall; i++) {
		if (form_is_open(set->all[i], day) && !set->closed_here[i]) {
			set->open[set->nopen++] = set->all[i];
		}
	}
}

struct form *
kiosk_forms_find(const struct kiosk_forms *set, const char *id)
{
	for (size_t i = 0; i < set->nall; i++) {
		if (strcmp(set->all[i]->id, id) == 0) {
			return set->all[i];
		}
	}
	return NULL;
}

void
kiosk_forms_finish(struct kiosk_forms *set)
{
	for (size_t i = 0; i < set->nall; i++) {
		form_destroy(set->all[i]);
	}
	free(set->all);
	free(set->closed_here);
	free(set->open);
	memset(set, 0, sizeof *set);
}
