/*-------------------------------------------------------------------------
 *
 * core_bench.c
 *	  Microbenchmark of the phone core: parse + validate + format E.164.
 *
 * usage: core_bench NUMBERS.tsv [RUNS]
 *
 * Reads the file written by gen_numbers (bench/gen_numbers.c) and, for
 * each of three workloads, passes every number through
 *
 *		phone_parse(text, region, PHONE_VALIDATE_VALID) and, when it is
 *		valid, phone_format(PHONE_FORMAT_E164)
 *
 * on one thread, RUNS times (default 1) after a warm-up pass over the
 * first WARMUP numbers.  The workloads:
 *
 *	intl		international written forms (E.164, spaced, tel: URIs),
 *				no region: the headline figure
 *	e164		E.164 input only
 *	mixed		every written form, national ones with their region
 *
 * Time is the CPU time of the thread (CLOCK_THREAD_CPUTIME_ID), so that
 * time the thread spends descheduled on a busy machine does not count.
 * bench/libphonenumber_bench.cc does the same with Google's C++ library,
 * on the same inputs, and prints the same line for every run:
 *
 *	RUN <impl> <workload> <numbers> <valid> <ns per number>
 *
 * "valid" counts the inputs found valid whose E.164 output equals the
 * file's first column; it is printed to show both did the same work.
 * bench/run.sh alternates the two programs and takes the medians.
 *
 *-------------------------------------------------------------------------
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "phone_core.h"

/* One input: a written number and the region to read it in */
typedef struct Input
{
	const char *text;
	size_t		len;
	const char *region;			/* NULL: none */
	const char *expect;			/* E.164 form from the file */
} Input;

#define WARMUP 20000

/* CPU time of the calling thread in nanoseconds */
static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

/*
 * One pass over inputs[0..n-1]; returns how many were valid and formatted
 * to their expected E.164 form.
 */
static long
run_once(const Input *inputs, long n)
{
	long		ok = 0;

	for (long i = 0; i < n; i++)
	{
		PhoneParseResult res;
		char		buf[PHONE_FORMAT_BUFSIZE];

		if (phone_parse(inputs[i].text, inputs[i].len, inputs[i].region,
						PHONE_VALIDATE_VALID, &res) == PHONE_OK)
		{
			size_t		len = phone_format(&res.number, PHONE_FORMAT_E164, buf);

			ok += (memcmp(buf, inputs[i].expect, len + 1) == 0);
		}
	}
	return ok;
}

/*
 * Time RUNS passes over inputs[0..n-1], after a warm-up pass over the
 * first WARMUP, and print a RUN line for each.
 */
static void
bench(const char *workload, const Input *inputs, long n, int runs)
{
	(void) run_once(inputs, n < WARMUP ? n : WARMUP);
	for (int r = 0; r < runs; r++)
	{
		double		t0 = now_ns();
		long		ok = run_once(inputs, n);
		double		t = now_ns() - t0;

		printf("RUN core %s %ld %ld %.1f\n", workload, n, ok, t / (double) n);
		fflush(stdout);
	}
}

/* fill *in; the strings stay owned by the caller */
static void
set_input(Input *in, const char *text, const char *region, const char *expect)
{
	in->text = text;
	in->len = strlen(text);
	in->region = region;
	in->expect = expect;
}

/* split s at the next tab or newline; returns the start of the next field */
static char *
field(char *s, char **next)
{
	char	   *e = s + strcspn(s, "\t\n");

	*next = *e ? e + 1 : e;
	*e = '\0';
	return s;
}

int
main(int argc, char **argv)
{
	FILE	   *f;
	long		cap = 1 << 16;
	long		n = 0;
	int			runs;
	char		line[512];
	Input	   *e164,
			   *intl,
			   *mixed;

	if (argc < 2 || argc > 3)
	{
		fprintf(stderr, "usage: %s NUMBERS.tsv [RUNS]\n", argv[0]);
		return 2;
	}
	runs = argc == 3 ? atoi(argv[2]) : 1;
	if (runs < 1 || (f = fopen(argv[1], "r")) == NULL)
	{
		fprintf(stderr, "core_bench: cannot read %s\n", argv[1]);
		return 2;
	}
	e164 = malloc(sizeof(Input) * (size_t) cap);
	intl = malloc(sizeof(Input) * (size_t) cap);
	mixed = malloc(sizeof(Input) * (size_t) cap);
	if (e164 == NULL || intl == NULL || mixed == NULL)
	{
		fprintf(stderr, "core_bench: out of memory\n");
		return 2;
	}
	while (fgets(line, sizeof(line), f) != NULL)
	{
		char	   *p = strdup(line);
		char	   *c1,
				   *c2,
				   *c3,
				   *c4;

		if (p == NULL)
		{
			fprintf(stderr, "core_bench: out of memory\n");
			return 2;
		}
		c1 = field(p, &p);
		c2 = field(p, &p);
		c3 = field(p, &p);
		c4 = field(p, &p);
		if (n == cap)
		{
			cap *= 2;
			e164 = realloc(e164, sizeof(Input) * (size_t) cap);
			intl = realloc(intl, sizeof(Input) * (size_t) cap);
			mixed = realloc(mixed, sizeof(Input) * (size_t) cap);
			if (e164 == NULL || intl == NULL || mixed == NULL)
			{
				fprintf(stderr, "core_bench: out of memory\n");
				return 2;
			}
		}
		set_input(&e164[n], c1, NULL, c1);
		set_input(&intl[n], c4, NULL, c1);
		set_input(&mixed[n], c2, c3[0] ? c3 : NULL, c1);
		n++;
	}
	fclose(f);
	if (n == 0)
	{
		fprintf(stderr, "core_bench: %s holds no numbers\n", argv[1]);
		return 2;
	}
	bench("intl", intl, n, runs);
	bench("e164", e164, n, runs);
	bench("mixed", mixed, n, runs);
	return 0;
}
