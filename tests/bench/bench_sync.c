/*
 * The C half of the sync benchmark (bench_sync.sh runs the programs and
 * prints the figures): it fills kiosk databases fast, and writes the very
 * gzip batch bodies `parvis sync` sends, for the curl command line.
 *
 * usage: bench_sync make-db PATH KIOSK COUNT
 *            COUNT realistic submissions (the store tests' fixture form,
 *            nine questions, a free text drawn from a few hundred words)
 *            through store_submit(), with synchronous=OFF: this is a
 *            fixture, not what is measured, and it saves minutes.
 *        bench_sync bodies PATH KIOSK BATCH DIR
 *            writes DIR/000001.gz ... one per batch of BATCH records, as
 *            sync_batch_build() and sync_gzip() make them, and prints
 *            "FILES RAW_BYTES GZIP_BYTES".
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "fixture.h"
#include "ids.h"
#include "store.h"
#include "store_impl.h"
#include "sync_batch.h"
#include "sync_body.h"

static const char *const words[] = {
	"bus",
	"soir",
	"dimanche",
	"horaires",
	"arrêt",
	"école",
	"marché",
	"vélo",
	"piste",
	"sûre",
	"gare",
	"Digne",
	"Sisteron",
	"été",
	"hiver",
	"plus",
	"moins",
	"souvent",
	"tard",
	"tôt",
	"navette",
	"village",
	"quartier",
	"travail",
	"collège",
	"lycée",
	"santé",
	"médecin",
	"courses",
	"prix",
	"abonnement",
	"retraités",
	"jeunes",
	"familles",
	"accessible",
	"fauteuil",
	"poussette",
	"abri",
	"banc",
	"lumière",
};

#define NWORDS (sizeof words / sizeof words[0])

/* A sentence of 6 to 20 words, different for each participant. */
static void
opinion(char *out, size_t size)
{
	size_t used = 0;
	uint32_t n = 6 + randombytes_uniform(15);

	out[0] = '\0';
	for (uint32_t i = 0; i < n && used + 16 < size; i++) {
		int w = snprintf(out + used, size - used, "%s%s", i ? " " : "",
		    words[randombytes_uniform(NWORDS)]);
		used += (size_t)w;
	}
}

static int
make_db(const char *path, const char *kiosk, long count)
{
	struct error err = { 0 };
	struct fixture fx;
	struct store *s;
	char text[400];

	clock_set(1764000000000);
	s = store_open(path, kiosk, &err);
	if (s == NULL) {
		fprintf(stderr, "bench_sync: %s\n", err.msg);
		return 1;
	}
	sqlite3_exec(s->db, "PRAGMA synchronous=OFF", NULL, NULL, NULL);
	fixture_init(&fx, 2);
	fixture_answer(&fx, FX_FREQUENCE, "hebdo", NULL);
	fixture_answer(&fx, FX_FREINS, "horaires", "prix", NULL);
	fixture_answer(&fx, FX_NOTE, "3", NULL);
	fixture_answer(&fx, FX_PRIORITES, "soir", "ecoles", "dimanche", NULL);
	fixture_answer(&fx, FX_COMMUNE, "04070", NULL);
	fixture_answer(&fx, FX_ACCORD, "oui", NULL);
	for (long i = 0; i < count; i++) {
		struct store_submission sub;
		char age[8];
		opinion(text, sizeof text);
		snprintf(age, sizeof age, "%u", 16 + randombytes_uniform(75));
		fixture_answer(&fx, FX_AVIS, text, NULL);
		fixture_answer(&fx, FX_AGE, age, NULL);
		sub = fixture_submission(&fx, true, 0);
		sub.started_ms = clock_now_ms() - 90000;
		clock_advance(7000);
		if (!store_submit(s, &sub, NULL, &err)) {
			fprintf(stderr, "bench_sync: %s\n", err.msg);
			return 1;
		}
	}
	fixture_finish(&fx);
	store_destroy(s);
	return 0;
}

static int
bodies(const char *path, const char *kiosk, long batch, const char *dir)
{
	struct error err = { 0 };
	struct sync_batch b = { 0 };
	struct sync_buf gz = { 0 };
	long long files = 0, raw = 0, packed = 0;
	int64_t after = 0;
	struct store *s = store_open(path, kiosk, &err);
	char name[4096];
	FILE *f;

	if (s == NULL) {
		fprintf(stderr, "bench_sync: %s\n", err.msg);
		return 1;
	}
	for (;;) {
		if (!sync_batch_build(s, after, batch, &b, &err) ||
		    (b.count > 0 &&
		        !sync_gzip(b.body.data, b.body.len, &gz, &err))) {
			fprintf(stderr, "bench_sync: %s\n", err.msg);
			return 1;
		}
		if (b.count == 0) {
			break;
		}
		snprintf(name, sizeof name, "%s/%06lld.gz", dir, ++files);
		f = fopen(name, "wb");
		if (f == NULL || fwrite(gz.data, 1, gz.len, f) != gz.len ||
		    fclose(f) != 0) {
			fprintf(
			    stderr, "bench_sync: %s cannot be written\n", name);
			return 1;
		}
		raw += (long long)b.body.len;
		packed += (long long)gz.len;
		after = b.last_seq;
	}
	printf("%lld %lld %lld\n", files, raw, packed);
	sync_batch_finish(&b);
	sync_buf_finish(&gz);
	store_destroy(s);
	return 0;
}

int
main(int argc, char **argv)
{
	if (!ids_init()) {
		return 1;
	}
	if (argc == 5 && strcmp(argv[1], "make-db") == 0) {
		return make_db(argv[2], argv[3], strtol(argv[4], NULL, 10));
	}
	if (argc == 6 && strcmp(argv[1], "bodies") == 0) {
		return bodies(
		    argv[2], argv[3], strtol(argv[4], NULL, 10), argv[5]);
	}
	fprintf(stderr,
	    "usage: bench_sync make-db PATH KIOSK COUNT\n"
	    "       bench_sync bodies PATH KIOSK BATCH DIR\n");
	return 2;
}
