/*-------------------------------------------------------------------------
 *
 * gen_numbers.c
 *	  Deterministic generator of the benchmark's phone numbers.
 *
 * usage: gen_numbers COUNT [SEED] > numbers.tsv
 *
 * Writes COUNT lines, each holding four tab-separated fields:
 *
 *	e164		the number in E.164 ("+442079460958")
 *	written		the number as a person or a form wrote it: E.164, spaced
 *				international ("+44 20 7946 0958", sometimes with dashes or
 *				dots), a tel: URI ("tel:+44-20-7946-0958") or the national
 *				format of its region ("020 7946 0958")
 *	region		the region to read a national "written" form in ("GB"),
 *				"" for the international forms
 *	intl		the number in an international written form: "written"
 *				when that is one, else its spaced international format
 *
 * Countries are drawn with fixed weights that resemble the contact tables
 * of an international business (the United States, India, China first; a
 * long tail of every other region).  A number is made from the example
 * numbers of the region's numbering plan (src/data/numplan_data.c): its leading
 * digits are kept and the rest replaced by pseudo-random digits, and only
 * numbers that the core accepts under full validation are written, in
 * their canonical form.  The pseudo-random sequence is a fixed function of
 * SEED, so the output is the same on every machine.
 *
 * Plain C99; links the core sources only.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numplan.h"

/* Country weights (per mille of the numbers); the rest is spread evenly */
typedef struct CountryWeight
{
	const char *region;
	int			weight;
} CountryWeight;

static const CountryWeight weights[] = {
	{"US", 180}, {"IN", 100}, {"CN", 80}, {"GB", 50}, {"DE", 50},
	{"BR", 45}, {"FR", 40}, {"JP", 35}, {"MX", 30}, {"CA", 25},
	{"NG", 25}, {"ID", 20}, {"IT", 20}, {"ES", 20}, {"RU", 15},
	{"PH", 15}, {"AU", 12}, {"KR", 12}, {"TR", 12}, {"PK", 12},
	{"ZA", 10}, {"EG", 10}, {"NL", 10}, {"PL", 10}, {"AR", 10},
	{"CO", 8}, {"VN", 8}, {"BD", 8}, {"SE", 6}, {"CH", 6},
	{"BE", 6}, {"AT", 6}, {"IE", 5}, {"SA", 5}, {"AE", 5},
	{"KE", 5}, {"IL", 4}, {"SG", 4}, {"NZ", 4}, {"PT", 4},
};
#define N_WEIGHTS ((int) (sizeof(weights) / sizeof(weights[0])))

/* splitmix64: a small, well-mixed, portable pseudo-random sequence */
static uint64_t rng_state;

static uint64_t
rng_next(void)
{
	uint64_t	z = (rng_state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

/* a pseudo-random integer in [0, n) */
static int
rng_below(int n)
{
	return (int) (rng_next() % (uint64_t) n);
}

/*
 * Pick a region: by the weight table, or for the remaining weight any
 * geographic region with an example number, evenly.
 */
static const NumPlanRegion *
pick_region(void)
{
	int			total = 0;
	int			r = rng_below(1000);

	for (int i = 0; i < N_WEIGHTS; i++)
	{
		total += weights[i].weight;
		if (r < total)
			return numplan_region_by_id(weights[i].region);
	}
	for (;;)
	{
		const NumPlanRegion *reg = &numplan_regions[rng_below(numplan_n_regions)];

		if (strcmp(reg->id, "001") != 0 &&
			(reg->desc[NUMPLAN_DESC_MOBILE].example != NULL ||
			 reg->desc[NUMPLAN_DESC_FIXED_LINE].example != NULL))
			return reg;
	}
}

/*
 * An example NSN of the region: mobile (60%), fixed line (35%) or toll
 * free (5%), falling back to whichever exists.
 */
static const char *
pick_example(const NumPlanRegion *reg)
{
	int			r = rng_below(100);
	NumPlanDesc	order[3];

	if (r < 60)
	{
		order[0] = NUMPLAN_DESC_MOBILE;
		order[1] = NUMPLAN_DESC_FIXED_LINE;
	}
	else if (r < 95)
	{
		order[0] = NUMPLAN_DESC_FIXED_LINE;
		order[1] = NUMPLAN_DESC_MOBILE;
	}
	else
	{
		order[0] = NUMPLAN_DESC_TOLL_FREE;
		order[1] = NUMPLAN_DESC_FIXED_LINE;
	}
	order[2] = NUMPLAN_DESC_GENERAL;
	for (int i = 0; i < 3; i++)
		if (reg->desc[order[i]].example != NULL)
			return reg->desc[order[i]].example;
	return NULL;
}

/*
 * Make a valid number of the region into *num from one of its examples:
 * keep the example's first digits, draw the others.  Tries keeping one
 * digit first and keeps one more after every 16 misses.  Returns false
 * when not even the example itself is valid.
 */
static bool
make_number(const NumPlanRegion *reg, PhoneNumber *num)
{
	const char *example = pick_example(reg);
	char		input[PHONE_MAX_DIGITS + 3];
	int			ccn;
	int			len;

	if (example == NULL)
		return false;
	len = (int) strlen(example);
	ccn = snprintf(input, sizeof(input), "+%d", reg->country_code);
	if (ccn + len >= (int) sizeof(input))
		return false;
	for (int attempt = 0;; attempt++)
	{
		int			keep = 1 + attempt / 16;
		PhoneParseResult res;

		if (keep > len)
			return false;
		for (int i = 0; i < len; i++)
			input[ccn + i] = i < keep ? example[i] : (char) ('0' + rng_below(10));
		input[ccn + len] = '\0';
		if (phone_parse(input, (size_t) (ccn + len), NULL,
						PHONE_VALIDATE_VALID, &res) == PHONE_OK)
		{
			*num = res.number;
			return true;
		}
	}
}

/*
 * Does text read in region (NULL: none) give back exactly the number num?
 */
static bool
reads_back(const char *text, const char *region, const PhoneNumber *num)
{
	PhoneParseResult res;

	return phone_parse(text, strlen(text), region, PHONE_VALIDATE_VALID,
					   &res) == PHONE_OK &&
		strcmp(res.number.digits, num->digits) == 0;
}

/* replace every space of s by c */
static void
respace(char *s, char c)
{
	for (; *s; s++)
		if (*s == ' ')
			*s = c;
}

int
main(int argc, char **argv)
{
	long		count;
	long		written = 0;

	if (argc < 2 || argc > 3 || (count = atol(argv[1])) <= 0)
	{
		fprintf(stderr, "usage: %s COUNT [SEED] > numbers.tsv\n", argv[0]);
		return 2;
	}
	rng_state = argc == 3 ? strtoull(argv[2], NULL, 10) : 20260101;

	while (written < count)
	{
		const NumPlanRegion *reg = pick_region();
		PhoneNumber num;
		char		e164[PHONE_FORMAT_BUFSIZE];
		char		intl[PHONE_FORMAT_BUFSIZE];
		char		form[PHONE_FORMAT_BUFSIZE];
		const char *region = "";
		int			style = rng_below(100);

		if (reg == NULL || !make_number(reg, &num))
			continue;
		phone_format(&num, PHONE_FORMAT_E164, e164);
		phone_format(&num, PHONE_FORMAT_INTERNATIONAL, intl);
		/* a few people write dashes or dots where the format has spaces */
		if (style % 10 == 1)
			respace(intl, '-');
		else if (style % 10 == 2)
			respace(intl, '.');
		if (!reads_back(intl, NULL, &num))
			phone_format(&num, PHONE_FORMAT_INTERNATIONAL, intl);

		if (style < 35)
			strcpy(form, e164);
		else if (style < 65)
			strcpy(form, intl);
		else if (style < 75)
			phone_format(&num, PHONE_FORMAT_RFC3966, form);
		else
		{
			region = phone_region(&num);
			phone_format(&num, PHONE_FORMAT_NATIONAL, form);
			if (region == NULL || !reads_back(form, region, &num))
			{
				region = "";
				strcpy(form, intl);
			}
		}
		if (!reads_back(form, region[0] ? region : NULL, &num))
		{
			fprintf(stderr, "gen_numbers: \"%s\" does not read back as %s\n",
					form, e164);
			return 1;
		}
		printf("%s\t%s\t%s\t%s\n", e164, form, region,
			   region[0] ? intl : form);
		written++;
	}
	return 0;
}
