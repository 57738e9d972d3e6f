/*
 * What the libFuzzer targets share: libFuzzer's two entry points, a
 * broken promise turned into a crash (so that libFuzzer keeps the input
 * and prints its path), and a private directory for the parsers that
 * read a path rather than bytes (kiosk.ini, collect.ini, the collector's
 * database): on /dev/shm when there is one, so that millions of inputs
 * never reach a disk.  The directory is removed when the run ends.
 *
 * Each target is one file, fuzz_NAME.c, built only by clang with
 * -fsanitize=fuzzer (tests/fuzz/libfuzzer/meson.build); the code it calls
 * is compiled again with coverage, from the very sources parvis is built
 * from.
 */
#ifndef PARVIS_TESTS_FUZZ_HARNESS_H
#define PARVIS_TESTS_FUZZ_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* libFuzzer calls it once per input; it returns 0. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libFuzzer calls it once before the first input, when it is defined. */
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A promise of the code under test that the input broke: says which, and
 * aborts, which libFuzzer reports as a crash with the input kept. */
static inline void
fuzz_expect(bool ok, const char *promise, const char *detail)
{
	if (ok) {
		return;
	}
	fprintf(stderr, "fuzz: broken promise: %s%s%s\n", promise,
	    detail != NULL ? ": " : "", detail != NULL ? detail : "");
	abort();
}

static char fuzz_dir_path[64];

static inline void
fuzz_dir_remove(void)
{
	char cmd[96];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir_path);
	if (system(cmd) != 0) {
		fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir_path);
	}
}

/* The run's private directory, made at the first call; aborts if it
 * cannot be made. */
static inline const char *
fuzz_dir(void)
{
	struct stat st;

	if (fuzz_dir_path[0] != '\0') {
		return fuzz_dir_path;
	}
	snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/parvis-fuzz.XXXXXX",
	    stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) &&
	            access("/dev/shm", W_OK) == 0
	        ? "/dev/shm"
	        : "/tmp");
	fuzz_expect(mkdtemp(fuzz_dir_path) != NULL, "a private directory",
	    fuzz_dir_path);
	atexit(fuzz_dir_remove);
	return fuzz_dir_path;
}

/* Writes data[0..size) to path, replacing what it held; aborts when the
 * file cannot be written (that is the machine, not the input). */
static inline void
fuzz_write_file(const char *path, const uint8_t *data, size_t size)
{
	FILE *f = fopen(path, "wb");

	fuzz_expect(
	    f != NULL && fwrite(data, 1, size, f) == size && fclose(f) == 0,
	    "the input written to a file", path);
}

#endif
