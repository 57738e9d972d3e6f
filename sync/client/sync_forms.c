/*
 * Pulling consultation files (see sync_forms.h).
 *
 * The plan compares the collector's list with what the directory holds:
 * every local *.ini is read, hashed and parsed once, so a form already
 * here (same bytes) is not fetched again and a local file's id is never
 * shadowed.  Installing writes DIR/.ID.ini.part, syncs it, renames it to
 * DIR/ID.ini, then rewrites the .parvis-pulled list the same way: after a
 * power cut the directory holds the old file or the new one, and a file
 * missing from the list is treated as local (kept, never overwritten).
 */
#include "sync_forms.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "form.h"
#include "ids.h"
#include "sync_i18n.h"
#include "sync_json.h"
#include "utf8.h"

struct local_file {
	char *name;  /* "bus.ini" */
	char id[65]; /* "" when the file does not parse */
	int64_t version;
	char sha[65];
	bool pulled; /* in .parvis-pulled with these bytes */
};

struct sync_forms {
	char *dir;
	struct local_file *local;
	size_t nlocal;
	struct sync_form_entry *todo;
	size_t ntodo;
	size_t next;
	char **notes;
	size_t nnotes;
	size_t taken;
	size_t installed;
	size_t refused;
};

static void add_note(struct sync_forms *f, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
add_note(struct sync_forms *f, const char *fmt, ...)
{
	char text[1024];
	char **more;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof text, fmt, ap);
	va_end(ap);
	more = realloc(f->notes, (f->nnotes + 1) * sizeof *more);
	if (more == NULL) {
		return;
	}
	f->notes = more;
	/* Notes quote what the server sent: nothing may reach a terminal
	 * as an escape sequence. */
	f->notes[f->nnotes] =
	    utf8_sanitize(text, strlen(text), UTF8_KEEP_NEWLINES);
	if (f->notes[f->nnotes] != NULL) {
		f->nnotes++;
	}
}

/* Reads one local file into l (name already set). */
static void
read_local(const char *dir, struct local_file *l)
{
	char path[PATH_MAX];
	char *data = NULL;
	size_t len = 0;
	struct form *form;

	snprintf(path, sizeof path, "%s/%s", dir, l->name);
	if (!file_read_all(path, FORM_MAX_BYTES, &data, &len, NULL)) {
		return;
	}
	ids_sha256_hex(data, len, l->sha);
	form = form_parse(path, data, len, NULL);
	if (form != NULL && strlen(form->id) < sizeof l->id) {
		snprintf(l->id, sizeof l->id, "%s", form->id);
		l->version = form->version;
	}
	form_destroy(form);
	free(data);
}

static bool
is_form_file(const char *name)
{
	size_t len = strlen(name);

	return name[0] != '.' && len > 4 && strcmp(name + len - 4, ".ini") == 0;
}

/* Lists and reads the *.ini files of f->dir. */
static bool
scan_dir(struct sync_forms *f, struct error *err)
{
	DIR *d = opendir(f->dir);
	struct dirent *e;

	if (d == NULL) {
		return error_set(err, "%s: %s", f->dir, strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		struct local_file *more;
		if (!is_form_file(e->d_name)) {
			continue;
		}
		more = realloc(f->local, (f->nlocal + 1) * sizeof *more);
		if (more == NULL) {
			break;
		}
		f->local = more;
		memset(&f->local[f->nlocal], 0, sizeof *more);
		f->local[f->nlocal].name = strdup(e->d_name);
		if (f->local[f->nlocal].name != NULL) {
			read_local(f->dir, &f->local[f->nlocal++]);
		}
	}
	closedir(d);
	return true;
}

/* Marks the local files that .parvis-pulled lists with their bytes. */
static void
read_pulled(struct sync_forms *f)
{
	char path[PATH_MAX];
	char line[512], sha[65], name[256];
	FILE *in;

	snprintf(path, sizeof path, "%s/%s", f->dir, SYNC_FORMS_PULLED);
	in = fopen(path, "r");
	if (in == NULL) {
		return;
	}
	while (fgets(line, sizeof line, in) != NULL) {
		if (sscanf(line, "%64s %255s", sha, name) != 2) {
			continue;
		}
		for (size_t i = 0; i < f->nlocal; i++) {
			if (strcmp(f->local[i].name, name) == 0 &&
			    strcmp(f->local[i].sha, sha) == 0) {
				f->local[i].pulled = true;
			}
		}
	}
	fclose(in);
}

struct sync_forms *
sync_forms_create(const char *dir, struct error *err)
{
	struct sync_forms *f = calloc(1, sizeof *f);

	if (f == NULL || (f->dir = strdup(dir)) == NULL) {
		free(f);
		error_set(err, "out of memory");
		return NULL;
	}
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		error_set(err, "the forms directory %s cannot be made: %s", dir,
		    strerror(errno));
		sync_forms_destroy(f);
		return NULL;
	}
	if (!scan_dir(f, err)) {
		sync_forms_destroy(f);
		return NULL;
	}
	read_pulled(f);
	return f;
}

void
sync_forms_destroy(struct sync_forms *f)
{
	if (f == NULL) {
		return;
	}
	for (size_t i = 0; i < f->nlocal; i++) {
		free(f->local[i].name);
	}
	for (size_t i = 0; i < f->nnotes; i++) {
		free(f->notes[i]);
	}
	free(f->local);
	free(f->notes);
	free(f->todo);
	free(f->dir);
	free(f);
}

/* The local file that keeps e from being installed, or NULL; *here is
 * set when e's bytes are already in the directory. */
static const struct local_file *
blocker(const struct sync_forms *f, const struct sync_form_entry *e, bool *here)
{
	char target[80];

	snprintf(target, sizeof target, "%s.ini", e->id);
	*here = false;
	for (size_t i = 0; i < f->nlocal; i++) {
		if (strcmp(f->local[i].sha, e->sha256) == 0) {
			*here = true;
			return NULL;
		}
	}
	for (size_t i = 0; i < f->nlocal; i++) {
		const struct local_file *l = &f->local[i];
		bool same_name = strcmp(l->name, target) == 0;
		if (same_name && l->pulled) {
			continue; /* ours: a newer version replaces it */
		}
		if (same_name || strcmp(l->id, e->id) == 0) {
			return l;
		}
	}
	return NULL;
}

/* True when the pulled file ID.ini already holds a version >= e's. */
static bool
have_newer(const struct sync_forms *f, const struct sync_form_entry *e)
{
	for (size_t i = 0; i < f->nlocal; i++) {
		const struct local_file *l = &f->local[i];
		if (l->pulled && strcmp(l->id, e->id) == 0 &&
		    l->version >= e->version) {
			return true;
		}
	}
	return false;
}

/* Keeps, of the list, the highest version of each id. */
static bool
is_highest(const struct sync_form_entry *all, size_t n, size_t i)
{
	for (size_t k = 0; k < n; k++) {
		if (k != i && strcmp(all[k].id, all[i].id) == 0 &&
		    (all[k].version > all[i].version ||
		        (all[k].version == all[i].version && k < i))) {
			return false;
		}
	}
	return true;
}

/* Adds e to the forms to fetch, unless something keeps it out. */
static void
consider(struct sync_forms *f, const struct sync_form_entry *e)
{
	const struct local_file *l;
	bool here;

	l = blocker(f, e, &here);
	if (here || have_newer(f, e)) {
		return;
	}
	if (l != NULL) {
		add_note(f,
		    _("%s/%s is a local file for the consultation "
		      "\"%s\": it is kept, and the server's version %lld was not "
		      "installed."),
		    f->dir, l->name, e->id, (long long)e->version);
		return;
	}
	f->todo[f->ntodo++] = *e;
}

bool
sync_forms_plan(
    struct sync_forms *f, const char *body, size_t len, struct error *err)
{
	struct sync_form_entry *all = NULL;
	size_t n = 0, bad = 0;

	if (!sync_json_forms(body, len, &all, &n, &bad, err)) {
		return false;
	}
	if (n > SYNC_FORMS_MAX) {
		n = SYNC_FORMS_MAX;
	}
	free(f->todo);
	f->todo = calloc(n + 1, sizeof *f->todo);
	f->ntodo = 0;
	f->next = 0;
	for (size_t i = 0; f->todo != NULL && i < n; i++) {
		if (is_highest(all, n, i)) {
			consider(f, &all[i]);
		}
	}
	if (bad > 0) {
		add_note(f,
		    _("%zu entries of the server's list of "
		      "consultations were malformed and left out."),
		    bad);
	}
	free(all);
	return f->todo != NULL || error_set(err, "out of memory");
}

bool
sync_forms_next(const struct sync_forms *f, char *path, size_t size)
{
	if (f->next >= f->ntodo) {
		return false;
	}
	snprintf(path, size, "/api/v1/forms/%s/%lld", f->todo[f->next].id,
	    (long long)f->todo[f->next].version);
	return true;
}

/* Writes len bytes to DIR/.NAME.part, syncs, and renames it to DIR/NAME. */
static bool
write_atomic(const char *dir, const char *name, const void *data, size_t len,
    struct error *err)
{
	char path[PATH_MAX], tmp[PATH_MAX];
	int fd, dfd;
	bool ok;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(tmp, sizeof tmp, "%s/.%s.part", dir, name);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		return error_set(err, "%s: %s", tmp, strerror(errno));
	}
	ok = write(fd, data, len) == (ssize_t)len && fsync(fd) == 0;
	ok = close(fd) == 0 && ok;
	ok = ok && rename(tmp, path) == 0;
	if (!ok) {
		error_set(err, "%s: %s", path, strerror(errno));
		unlink(tmp);
		return false;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return true;
}

/* Rewrites .parvis-pulled from the local files marked as pulled. */
static bool
write_pulled(struct sync_forms *f, struct error *err)
{
	struct sync_buf text = { 0 };
	bool ok = true;

	for (size_t i = 0; i < f->nlocal && ok; i++) {
		if (f->local[i].pulled) {
			ok = sync_buf_append(&text, f->local[i].sha, 64) &&
			    sync_buf_append(&text, "  ", 2) &&
			    sync_buf_append(&text, f->local[i].name,
			        strlen(f->local[i].name)) &&
			    sync_buf_append(&text, "\n", 1);
		}
	}
	ok = ok ? write_atomic(f->dir, SYNC_FORMS_PULLED,
	              text.data != NULL ? text.data : "", text.len, err)
	        : error_set(err, "out of memory");
	sync_buf_finish(&text);
	return ok;
}

/* Records that NAME now holds e's bytes, as pulled. */
static bool
remember(struct sync_forms *f, const char *name,
    const struct sync_form_entry *e, struct error *err)
{
	struct local_file *l = NULL;

	for (size_t i = 0; i < f->nlocal; i++) {
		if (strcmp(f->local[i].name, name) == 0) {
			l = &f->local[i];
		}
	}
	if (l == NULL) {
		l = realloc(f->local, (f->nlocal + 1) * sizeof *l);
		if (l == NULL) {
			return error_set(err, "out of memory");
		}
		f->local = l;
		l = &f->local[f->nlocal++];
		memset(l, 0, sizeof *l);
		l->name = strdup(name);
	}
	snprintf(l->id, sizeof l->id, "%s", e->id);
	snprintf(l->sha, sizeof l->sha, "%s", e->sha256);
	l->version = e->version;
	l->pulled = true;
	return l->name != NULL && write_pulled(f, err);
}

/* Refuses the current form with a note listing its first problems. */
static void
refuse_form(struct sync_forms *f, const struct sync_form_entry *e,
    const struct form_diags *diags)
{
	char first[768] = "";
	size_t used = 0;

	for (size_t i = 0; i < diags->count && i < 3; i++) {
		int n = snprintf(first + used, sizeof first - used, "\n  %s",
		    diags->items[i].text);
		if (n < 0 || (size_t)n >= sizeof first - used) {
			break;
		}
		used += (size_t)n;
	}
	add_note(f,
	    _("The consultation \"%s\" (version %lld) sent by the "
	      "server has errors; it was not installed:%s"),
	    e->id, (long long)e->version, first);
	f->refused++;
}

/* Checks the bytes of e: hash, parse, id and version.  Returns the form,
 * or NULL after a note. */
static struct form *
check_form(struct sync_forms *f, const struct sync_form_entry *e,
    const char *data, size_t len)
{
	struct form_diags diags = { 0 };
	char sha[65], label[128];
	struct form *form;

	ids_sha256_hex(data, len, sha);
	if (strcmp(sha, e->sha256) != 0) {
		add_note(f,
		    _("The consultation \"%s\" (version %lld) received "
		      "does not match the server's list (SHA-256); it was not "
		      "installed."),
		    e->id, (long long)e->version);
		f->refused++;
		return NULL;
	}
	snprintf(label, sizeof label, "%s.ini", e->id);
	form = form_parse(label, data, len, &diags);
	if (form == NULL) {
		refuse_form(f, e, &diags);
	} else if (strcmp(form->id, e->id) != 0 ||
	    form->version != e->version) {
		add_note(f,
		    _("The consultation \"%s\" (version %lld) received "
		      "says it is \"%s\" version %lld; it was not installed."),
		    e->id, (long long)e->version, form->id,
		    (long long)form->version);
		f->refused++;
		form_destroy(form);
		form = NULL;
	}
	form_diags_finish(&diags);
	return form;
}

bool
sync_forms_install(struct sync_forms *f, const char *data, size_t len)
{
	const struct sync_form_entry *e;
	struct error err = { 0 };
	struct form *form;
	char name[80];

	if (f->next >= f->ntodo) {
		return false;
	}
	e = &f->todo[f->next++];
	form = check_form(f, e, data, len);
	if (form == NULL) {
		return false;
	}
	snprintf(name, sizeof name, "%s.ini", e->id);
	if (!write_atomic(f->dir, name, data, len, &err) ||
	    !remember(f, name, e, &err)) {
		add_note(f,
		    _("The consultation \"%s\" could not be saved: "
		      "%s"),
		    e->id, err.msg);
		f->refused++;
		form_destroy(form);
		return false;
	}
	add_note(f, _("Consultation installed: %s (%s, version %lld)."),
	    form_text(&form->title, LANG_FR), e->id, (long long)e->version);
	f->installed++;
	form_destroy(form);
	return true;
}

void
sync_forms_skip(struct sync_forms *f, const char *why)
{
	if (f->todo == NULL) {
		add_note(
		    f, _("The consultations could not be updated: %s"), why);
		return;
	}
	if (f->next >= f->ntodo) {
		return;
	}
	add_note(f,
	    _("The consultation \"%s\" (version %lld) could not be "
	      "fetched: %s"),
	    f->todo[f->next].id, (long long)f->todo[f->next].version, why);
	f->refused++;
	f->next++;
}

const char *
sync_forms_take_note(struct sync_forms *f)
{
	if (f->taken >= f->nnotes) {
		return NULL;
	}
	return f->notes[f->taken++];
}

size_t
sync_forms_installed(const struct sync_forms *f)
{
	return f->installed;
}

size_t
sync_forms_refused(const struct sync_forms *f)
{
	return f->refused;
}
