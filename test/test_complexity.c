/*-------------------------------------------------------------------------
 *
 * test_complexity.c
 *	  Every text-taking entry point of the core runs in time linear in the
 *	  length of its input.
 *
 * For each pathological shape of input (long runs of commas, spaces,
 * separators, letters, '+', extension labels, tel: URI parameters,
 * invisible characters, digits of other scripts, ...) the input is built
 * at 8 KB and at 64 KB, and each entry point (phone_parse with and without
 * a region, phone_match, phone_prefix_digits, phone_parse_e164_rank) is
 * timed on both.  The test is a ratio, not a timing: linear work makes the
 * 64 KB input cost about 8 times the 8 KB one, quadratic work 64 times.
 * A ratio above MAX_RATIO fails.  Each time is the smallest of several
 * measurements of the thread's CPU time, each over enough calls to last a
 * few milliseconds, so that a busy machine does not make a linear path
 * look quadratic.  Calls that take under a microsecond at 64 KB do not
 * read the whole input and pass whatever their ratio.
 *
 * A standalone program: prints one line per failure and a last line
 * "N passed, M failed"; exits non-zero when anything failed.  With -v it
 * prints every ratio.
 *
 *-------------------------------------------------------------------------
 */
#define _POSIX_C_SOURCE 199309L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "phone_core.h"

#ifndef SMALL					/* -DSMALL=... -DLARGE=... for a quicker look */
#define SMALL		(8 * 1024)
#endif
#ifndef LARGE
#define LARGE		(64 * 1024)
#endif
#define MAX_RATIO	20.0		/* linear: about 8; quadratic: about 64 */
#define ROUNDS		5			/* measurements; the smallest counts */
#define MIN_NS		3e6			/* each measurement lasts at least this */

static bool verbose;

/* CPU time of the calling thread in nanoseconds */
static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

/* ---------------------------------------------------------------------
 * Shapes: head, then body repeated until the input has about size bytes,
 * then tail
 * ---------------------------------------------------------------------
 */
typedef struct Shape
{
	const char *name;
	const char *head;
	const char *body;
	const char *tail;
} Shape;

static const Shape shapes[] = {
	{"commas", "1", ",", ""},
	{"commas, then digits", "1", ",", "12"},
	{"comma pairs, then ':' and digits", "1", ",,", ":1"},
	{"comma and digit", "1", ",1", ""},
	{"comma and space", "1", ", ", "12"},
	{"semicolons", "1", ";", "1"},
	{"spaces at the end", "+1", " ", ""},
	{"spaces at the start", "", " ", "+1"},
	{"dashes between digits", "+1", "-", "2"},
	{"dashes, then an American extension", "+1 415 555", "-", "12#"},
	{"no-break spaces, then x", "+1", "\xc2\xa0", "x1"},
	{"tildes", "1", "~", "1"},
	{"hashes", "1", "#", "1"},
	{"letters x", "1", "x", ""},
	{"x and a digit", "", "x1", ""},
	{"letters e", "1", "e", "1"},
	{"extension labels", "1", " ext", "1"},
	{"vanity letters", "123", "A", ""},
	{"pluses", "", "+", "1"},
	{"digits", "", "1", ""},
	{"full-width digits", "", "\xef\xbc\x91", ""},
	{"Arabic-Indic digits", "+", "\xd9\xa1", ""},
	{"right-to-left marks", "1", "\xe2\x80\x8f", "2"},
	{"letters, then a colon", "", "A", ": 1"},
	{"tel: URI parameters", "tel:+1", ";a=b", ""},
	{"tel: URI long number", "tel:+1", "-", "2"},
	{"tel: URI phone-context digits", "tel:1;phone-context=+", "1", ""},
	{"tel: URI extension digits", "tel:+1;ext=", "1", ""},
	{"tel: URI empty parameters", "tel:+1", ";", ""},
	{"invalid UTF-8", "1", "\xe2\x82", ""},
	{"separators then a letter", "+1", "-", "a"},
};

#define N_SHAPES (sizeof(shapes) / sizeof(shapes[0]))

/* The input of shape s at about size bytes (caller frees); *len its length */
static char *
build(const Shape *s, size_t size, size_t *len)
{
	size_t		hl = strlen(s->head);
	size_t		bl = strlen(s->body);
	size_t		tl = strlen(s->tail);
	size_t		reps = size / bl;
	char	   *buf = malloc(hl + reps * bl + tl + 1);
	char	   *p = buf;

	if (buf == NULL)
	{
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	memcpy(p, s->head, hl);
	p += hl;
	for (size_t k = 0; k < reps; k++, p += bl)
		memcpy(p, s->body, bl);
	memcpy(p, s->tail, tl);
	p += tl;
	*p = '\0';
	*len = (size_t) (p - buf);
	return buf;
}

/* ---------------------------------------------------------------------
 * Entry points
 * ---------------------------------------------------------------------
 */
typedef enum Entry
{
	E_PARSE,					/* phone_parse, no region, structure only */
	E_PARSE_REGION,				/* phone_parse in US, full validation */
	E_MATCH,					/* phone_match against +1 415 555 2671 */
	E_PREFIX,					/* phone_prefix_digits */
	E_E164_RANK,				/* phone_parse_e164_rank */
	N_ENTRIES
} Entry;

static const char *const entry_name[N_ENTRIES] = {
	"phone_parse", "phone_parse(US)", "phone_match", "phone_prefix_digits",
	"phone_parse_e164_rank"
};

static PhoneNumber stored;

/* one call; the result is returned so that the call is not optimised away */
static int
call(Entry e, const char *s, size_t len)
{
	PhoneParseResult r;
	char		digits[PHONE_MAX_DIGITS + 1];
	uint64_t	rank = 0;

	switch (e)
	{
		case E_PARSE:
			return (int) phone_parse(s, len, NULL, PHONE_VALIDATE_ANY, &r);
		case E_PARSE_REGION:
			return (int) phone_parse(s, len, "US", PHONE_VALIDATE_VALID, &r);
		case E_MATCH:
			return (int) phone_match(&stored, s, len);
		case E_PREFIX:
			return phone_prefix_digits(s, len, digits);
		case E_E164_RANK:
			return (int) phone_parse_e164_rank(s, len, PHONE_VALIDATE_VALID,
											   &rank) + (int) (rank & 1);
		default:
			return 0;
	}
}

static volatile int sink;

/* nanoseconds per call of entry e on s: the smallest of ROUNDS measurements */
static double
time_per_call(Entry e, const char *s, size_t len)
{
	double		best = -1;

	long		calls = 1;

	for (int round = 0; round < ROUNDS; round++)
	{
		double		start;
		double		elapsed;

		/* double the calls until they last long enough to measure */
		for (;;)
		{
			start = now_ns();
			for (long c = 0; c < calls; c++)
				sink += call(e, s, len);
			elapsed = now_ns() - start;
			if (elapsed >= MIN_NS)
				break;
			calls *= 2;
		}
		elapsed /= (double) calls;
		if (best < 0 || elapsed < best)
			best = elapsed;
	}
	return best;
}

int
main(int argc, char **argv)
{
	double		worst = 0;

	verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
	if (!phone_from_digits("14155552671", 11, &stored))
	{
		printf("FAIL: no number to match against\n");
		return 1;
	}
	for (size_t k = 0; k < N_SHAPES; k++)
	{
		size_t		small_len;
		size_t		large_len;
		char	   *small = build(&shapes[k], SMALL, &small_len);
		char	   *large = build(&shapes[k], LARGE, &large_len);

		for (int e = 0; e < N_ENTRIES; e++)
		{
			double		ts = time_per_call((Entry) e, small, small_len);
			double		tl = time_per_call((Entry) e, large, large_len);
			double		ratio = tl / (ts > 0 ? ts : 1);

			/* below a microsecond the work does not depend on the length */
			if (tl < 1000)
				ratio = 1;
			if (ratio > worst)
				worst = ratio;
			if (verbose)
				printf("%-40s %-22s %10.0f ns %10.0f ns  x%.1f\n",
					   shapes[k].name, entry_name[e], ts, tl, ratio);
			if (ratio <= MAX_RATIO)
				n_passed++;
			else
			{
				n_failed++;
				printf("FAIL %s on %s: %.0f ns for %zu bytes, %.0f ns for %zu bytes (x%.1f, linear is x%.1f)\n",
					   entry_name[e], shapes[k].name, ts, small_len, tl,
					   large_len, ratio, (double) large_len / (double) small_len);
			}
		}
		free(small);
		free(large);
	}
	printf("worst ratio 64 KB / 8 KB: x%.1f (linear: x8, limit x%.0f)\n",
		   worst, MAX_RATIO);
	return harness_report();
}
