/*-------------------------------------------------------------------------
 *
 * libphonenumber_bench.cc
 *	  The baseline of the core microbenchmark: Google's libphonenumber C++
 *	  library (Debian's libphonenumber-dev) on the same inputs.
 *
 * usage: libphonenumber_bench NUMBERS.tsv [RUNS]
 *
 * For every input: PhoneNumberUtil::Parse (region "ZZ" for international
 * forms, the file's region for national ones), IsValidNumber, and for the
 * valid ones Format(E164) -- the work bench/core_bench.c times for the
 * core, over the same three workloads (intl, e164, mixed), timed the same
 * way (CPU time of the thread, a warm-up pass over the first WARMUP
 * numbers, RUNS runs, default 1), with the same output line per run:
 *
 *	RUN libphonenumber <workload> <numbers> <valid> <ns per number>
 *
 * Build: g++ -O2 libphonenumber_bench.cc -lphonenumber
 * (libphonenumber.so pulls in protobuf, ICU and abseil itself).
 *
 *-------------------------------------------------------------------------
 */
#include <algorithm>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

/* One input: a written number and the region to read it in */
struct Input
{
	std::string text;
	std::string region;			/* "ZZ": none */
	std::string expect;			/* E.164 form from the file */
};

/*
 * One pass over inputs; returns how many were valid and formatted to
 * their expected E.164 form.
 */
static long
run_once(const PhoneNumberUtil *util, const std::vector<Input> &inputs)
{
	long		ok = 0;
	std::string out;

	for (const Input &in : inputs)
	{
		PhoneNumber num;

		if (util->Parse(in.text, in.region, &num) ==
			PhoneNumberUtil::NO_PARSING_ERROR &&
			util->IsValidNumber(num))
		{
			util->Format(num, PhoneNumberUtil::E164, &out);
			ok += (out == in.expect);
		}
	}
	return ok;
}

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
 * Time RUNS passes over inputs, after a warm-up pass over the first
 * WARMUP, and print a RUN line for each.
 */
static void
bench(const PhoneNumberUtil *util, const char *workload,
	  const std::vector<Input> &inputs, int runs)
{
	std::vector<Input> warm(inputs.begin(),
							inputs.begin() + std::min<size_t>(inputs.size(), WARMUP));

	(void) run_once(util, warm);
	for (int r = 0; r < runs; r++)
	{
		double		t0 = now_ns();
		long		ok = run_once(util, inputs);
		double		t = now_ns() - t0;

		printf("RUN libphonenumber %s %zu %ld %.1f\n", workload,
			   inputs.size(), ok, t / (double) inputs.size());
		fflush(stdout);
	}
}

int
main(int argc, char **argv)
{
	if (argc < 2 || argc > 3)
	{
		std::cerr << "usage: " << argv[0] << " NUMBERS.tsv [RUNS]\n";
		return 2;
	}
	int			runs = argc == 3 ? atoi(argv[2]) : 1;
	std::ifstream f(argv[1]);

	if (runs < 1 || !f)
	{
		std::cerr << "libphonenumber_bench: cannot read " << argv[1] << "\n";
		return 2;
	}

	std::vector<Input> e164,
				intl,
				mixed;
	std::string line;

	while (std::getline(f, line))
	{
		std::string col[4];
		size_t		start = 0;

		for (int i = 0; i < 4; i++)
		{
			size_t		tab = line.find('\t', start);

			col[i] = line.substr(start, tab == std::string::npos ?
								 std::string::npos : tab - start);
			start = tab == std::string::npos ? line.size() : tab + 1;
		}
		e164.push_back({col[0], "ZZ", col[0]});
		intl.push_back({col[3], "ZZ", col[0]});
		mixed.push_back({col[1], col[2].empty() ? "ZZ" : col[2], col[0]});
	}
	if (e164.empty())
	{
		std::cerr << "libphonenumber_bench: " << argv[1] << " holds no numbers\n";
		return 2;
	}

	const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();

	bench(util, "intl", intl, runs);
	bench(util, "e164", e164, runs);
	bench(util, "mixed", mixed, runs);
	return 0;
}
