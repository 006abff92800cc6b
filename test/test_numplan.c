/*-------------------------------------------------------------------------
 *
 * test_numplan.c
 *	  Unit tests of the numbering-plan tables and lookups (src/core/numplan.c,
 *	  src/data/numplan_data.c): every example number of the metadata, shared
 *	  calling codes, non-geographic codes, length checks and the error paths
 *	  of every lookup.  The expected answers of the hand-written cases are
 *	  those of Google's libphonenumber on the same metadata version.
 *
 * Usage: test_numplan           run the tests; prints "N passed, M failed"
 *		  test_numplan --bench   time the type and region lookups
 *
 *-------------------------------------------------------------------------
 */
#define _POSIX_C_SOURCE 199309L

#include "harness.h"
#include "numplan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *
str_or_null(const char *s)
{
	return s ? s : "(null)";
}

/* a number from its E.164 digits; fails the test when it does not build */
static bool
make(const char *e164, PhoneNumber *num)
{
	bool		ok = phone_from_digits(e164, (int) strlen(e164), num);

	CHECK(ok, "phone_from_digits(%s) refused", e164);
	return ok;
}

/* region, type and validity of one number */
static void
expect(const char *e164, const char *region, PhoneType type, bool valid)
{
	PhoneNumber num;
	const char *r;

	if (!make(e164, &num))
		return;
	r = phone_region(&num);
	CHECK((r == NULL && region == NULL) ||
		  (r != NULL && region != NULL && strcmp(r, region) == 0),
		  "region of +%s: got %s, want %s", e164, str_or_null(r),
		  str_or_null(region));
	CHECK(phone_type(&num) == type, "type of +%s: got %s, want %s", e164,
		  phone_type_name(phone_type(&num)), phone_type_name(type));
	CHECK(phone_is_valid(&num) == valid, "validity of +%s: got %d", e164,
		  (int) phone_is_valid(&num));
}

/* phone_possible of one number */
static void
expect_possible(const char *e164, PhoneError want)
{
	PhoneNumber num;

	if (!make(e164, &num))
		return;
	CHECK(phone_possible(&num) == want, "phone_possible(+%s) = %d, want %d",
		  e164, (int) phone_possible(&num), (int) want);
}

/* the PhoneType an example of a description must have */
static PhoneType
type_of_desc(int d)
{
	switch (d)
	{
		case NUMPLAN_DESC_FIXED_LINE:
			return PHONE_TYPE_FIXED_LINE;
		case NUMPLAN_DESC_MOBILE:
			return PHONE_TYPE_MOBILE;
		case NUMPLAN_DESC_TOLL_FREE:
			return PHONE_TYPE_TOLL_FREE;
		case NUMPLAN_DESC_PREMIUM_RATE:
			return PHONE_TYPE_PREMIUM_RATE;
		case NUMPLAN_DESC_SHARED_COST:
			return PHONE_TYPE_SHARED_COST;
		case NUMPLAN_DESC_PERSONAL_NUMBER:
			return PHONE_TYPE_PERSONAL_NUMBER;
		case NUMPLAN_DESC_VOIP:
			return PHONE_TYPE_VOIP;
		case NUMPLAN_DESC_PAGER:
			return PHONE_TYPE_PAGER;
		case NUMPLAN_DESC_UAN:
			return PHONE_TYPE_UAN;
		case NUMPLAN_DESC_VOICEMAIL:
			return PHONE_TYPE_VOICEMAIL;
	}
	return PHONE_TYPE_UNKNOWN;
}

/*
 * Every example number of every description: it builds, is valid, has its
 * description's type (fixed line and mobile may be FIXED_LINE_OR_MOBILE),
 * belongs to its own region and has a possible length.
 */
static int
test_examples(void)
{
	int			i,
				d,
				n = 0,
				n_own = 0;

	for (i = 0; i < numplan_n_regions; i++)
	{
		const NumPlanRegion *r = &numplan_regions[i];

		for (d = 1; d < NUMPLAN_NDESC; d++)
		{
			const NumPlanNumberDesc *nd = &r->desc[d];
			char		e164[PHONE_MAX_DIGITS + 8];
			PhoneNumber num;
			PhoneType	t,
						want;
			const char *reg;

			if (!nd->present || nd->example == NULL)
				continue;
			n++;
			snprintf(e164, sizeof e164, "%d%s", r->country_code, nd->example);
			if (!make(e164, &num))
				continue;
			CHECK(phone_number_country_code(&num) == r->country_code,
				  "calling code of +%s", e164);
			/*
			 * Its region: its own, or one tried before it under the same
			 * calling code (regions sharing a code may overlap).
			 */
			reg = phone_region(&num);
			CHECK(reg != NULL &&
				  (strcmp(reg, r->id) == 0 ||
				   (numplan_region_by_id(reg) != NULL &&
					numplan_region_by_id(reg)->country_code == r->country_code &&
					numplan_region_by_id(reg) < r)),
				  "example +%s of %s: region %s", e164, r->id,
				  str_or_null(reg));
			CHECK(phone_possible(&num) == PHONE_OK,
				  "example +%s of %s: not possible (%d)", e164, r->id,
				  (int) phone_possible(&num));
			CHECK(numplan_match_descs(r, nd->example, (int) strlen(nd->example)) &
				  (1u << d), "example +%s of %s: desc %d does not match",
				  e164, r->id, d);
			if (d == NUMPLAN_DESC_NO_INTERNATIONAL_DIALLING)
				continue;
			/* its type in its own region (isValidNumberForRegion) */
			t = numplan_number_type(r, nd->example, (int) strlen(nd->example));
			want = type_of_desc(d);
			CHECK(t == want ||
				  (t == PHONE_TYPE_FIXED_LINE_OR_MOBILE &&
				   (want == PHONE_TYPE_FIXED_LINE ||
					want == PHONE_TYPE_MOBILE)),
				  "example +%s of %s desc %d: type %s", e164, r->id, d,
				  phone_type_name(t));
			if (reg != NULL && strcmp(reg, r->id) == 0)
			{
				n_own++;
				CHECK(phone_type(&num) == t, "phone_type on example +%s",
					  e164);
				CHECK(phone_is_valid(&num), "example +%s of %s: not valid",
					  e164, r->id);
			}
		}
	}
	CHECK(n_own > n * 8 / 10, "only %d of %d examples in their own region",
		  n_own, n);
	CHECK(n > 1000, "only %d example numbers", n);
	return n;
}

/* consistency of the generated index tables and of every region entry */
static void
test_tables(void)
{
	int			i,
				n001 = 0;

	CHECK(strcmp(numplan_metadata_version, "9.0.40") == 0,
		  "metadata version %s", numplan_metadata_version);
	CHECK(numplan_n_regions == 254, "%d plan entries", numplan_n_regions);
	for (i = 0; i < numplan_n_regions; i++)
	{
		const NumPlanRegion *r = &numplan_regions[i];
		int			cc = r->country_code;
		int			d;
		bool		ok = true;

		if (i > 0 && numplan_regions[i - 1].country_code > cc)
			ok = false;
		if (!(numplan_cc_first[cc] <= i && i < numplan_cc_first[cc] + numplan_cc_count[cc]))
			ok = false;
		if (strcmp(r->id, "001") == 0)
		{
			n001++;
			if (numplan_cc_count[cc] != 1 || numplan_region_by_id(r->id) != NULL)
				ok = false;
		}
		else if (numplan_region_by_id(r->id) != r)
			ok = false;
		if (r->name == NULL || r->name[0] == '\0')
			ok = false;
		if (!r->desc[NUMPLAN_DESC_GENERAL].present ||
			r->desc[NUMPLAN_DESC_GENERAL].possible_lengths == 0)
			ok = false;
		for (d = 0; d < NUMPLAN_NDESC; d++)
		{
			const NumPlanNumberDesc *nd = &r->desc[d];

			if (nd->present != (nd->pattern != NULL))
				ok = false;
			if (nd->present && nd->possible_lengths == 0)
				ok = false;
			/* lengths of a type lie within the general ones */
			if (nd->possible_lengths &
				~r->desc[NUMPLAN_DESC_GENERAL].possible_lengths)
				ok = false;
			if (nd->possible_lengths & nd->local_only_lengths)
				ok = false;
		}
		if (r->n_formats == 0 ? r->formats != NULL : r->formats == NULL)
			ok = false;
		if (r->n_intl_formats > 0 && r->intl_formats == NULL)
			ok = false;
		CHECK(ok, "numplan_regions[%d] (%s) inconsistent", i, r->id);
	}
	CHECK(n001 == 9, "%d non-geographic entries", n001);
}

/* numplan_country_code_length, phone_from_digits, phone_number_country_code */
static void
test_structure(void)
{
	PhoneNumber num;

	CHECK(numplan_country_code_length("14155552671", 11) == 1, "cc 1");
	CHECK(numplan_country_code_length("442071234567", 12) == 2, "cc 44");
	CHECK(numplan_country_code_length("3545511234", 10) == 3, "cc 354");
	CHECK(numplan_country_code_length("80012345678", 11) == 3, "cc 800");
	CHECK(numplan_country_code_length("3790669812345", 13) == 0, "cc 379");
	CHECK(numplan_country_code_length("0612345678", 10) == 0, "leading 0");
	CHECK(numplan_country_code_length("01", 2) == 0, "leading 0 then 1");
	CHECK(numplan_country_code_length("35", 2) == 0, "incomplete 35x");
	CHECK(numplan_country_code_length("354", 3) == 3, "cc alone");
	CHECK(numplan_country_code_length("", 0) == 0, "empty");
	CHECK(numplan_country_code_length("3x4", 3) == 0, "non-digit");
	CHECK(numplan_country_code_length("4", 1) == 0, "4 alone");

	CHECK(phone_from_digits("390612345678", 12, &num), "Italy");
	CHECK(num.cc_len == 2 && num.ndigits == 12 &&
		  strcmp(num.digits, "390612345678") == 0, "Italy fields");
	CHECK(phone_number_country_code(&num) == 39, "Italy cc");
	CHECK(phone_from_digits("8812345678", 10, &num) &&
		  phone_number_country_code(&num) == 881, "+881");
	/* NSN lengths 2 and 17 are the limits */
	CHECK(phone_from_digits("4412", 4, &num), "NSN of 2");
	CHECK(!phone_from_digits("441", 3, &num), "NSN of 1");
	CHECK(!phone_from_digits("44", 2, &num), "NSN of 0");
	CHECK(phone_from_digits("4412345678901234567", 19, &num), "NSN of 17");
	CHECK(!phone_from_digits("35412345678901234567", 20, &num),
		  "20 digits");
	CHECK(phone_from_digits("3541234567890123456", 19, &num) &&
		  num.cc_len == 3, "19 digits with a 3-digit code");
	CHECK(!phone_from_digits("3790669812345", 13, &num), "unassigned 379");
	CHECK(!phone_from_digits("2801234567", 10, &num), "unassigned 280");
	CHECK(!phone_from_digits("0390612345", 10, &num), "leading 0");
	CHECK(!phone_from_digits("3906a2345678", 12, &num), "letter");
	CHECK(!phone_from_digits("", 0, &num), "empty");
	CHECK(!phone_from_digits(NULL, 3, &num), "NULL");
	CHECK(!phone_from_digits("1", 1, &num), "cc only");
}

/*
 * The entries of calling code cc in the index tables, main region first,
 * into out[0..max-1]; returns how many there are (may exceed max).
 */
static int
regions_for_code(int cc, const NumPlanRegion **out, int max)
{
	int			n,
				i;

	if (cc < 1 || cc > 999)
		return 0;
	n = numplan_cc_count[cc];
	for (i = 0; i < n && i < max; i++)
		out[i] = &numplan_regions[numplan_cc_first[cc] + i];
	return n;
}

/* region lookups by id and by calling code */
static void
test_region_lookup(void)
{
	const NumPlanRegion *out[4];
	const NumPlanRegion *r;

	r = numplan_region_by_id("US");
	CHECK(r && r->country_code == 1 && strcmp(r->name, "United States") == 0,
		  "US");
	CHECK(numplan_region_by_id("us") == r && numplan_region_by_id("uS") == r,
		  "case-insensitive");
	r = numplan_region_by_id("GB");
	CHECK(r && r->country_code == 44 && strcmp(r->name, "United Kingdom") == 0,
		  "GB");
	r = numplan_region_by_id("XK");
	CHECK(r && r->country_code == 383 && strcmp(r->name, "Kosovo") == 0, "XK");
	r = numplan_region_by_id("TW");
	CHECK(r && strcmp(r->name, "Taiwan") == 0, "TW name");
	CHECK(numplan_region_by_id("001") == NULL, "001 refused");
	CHECK(numplan_region_by_id("ZZ") == NULL, "ZZ");
	CHECK(numplan_region_by_id("U") == NULL, "one letter");
	CHECK(numplan_region_by_id("USA") == NULL, "three letters");
	CHECK(numplan_region_by_id("") == NULL, "empty");
	CHECK(numplan_region_by_id(NULL) == NULL, "NULL");
	CHECK(numplan_region_by_id("U1") == NULL, "digit");
	CHECK(numplan_region_by_id("[[") == NULL, "brackets");

	CHECK(regions_for_code(1, out, 4) == 25, "+1 has 25 regions");
	CHECK(strcmp(out[0]->id, "US") == 0 && strcmp(out[1]->id, "AG") == 0,
		  "+1 order");
	CHECK(regions_for_code(7, out, 4) == 2 &&
		  strcmp(out[0]->id, "RU") == 0 && strcmp(out[1]->id, "KZ") == 0,
		  "+7");
	CHECK(regions_for_code(44, out, 1) == 4 &&
		  strcmp(out[0]->id, "GB") == 0, "+44 truncated");
	CHECK(regions_for_code(800, out, 4) == 1 &&
		  strcmp(out[0]->id, "001") == 0 && out[0]->country_code == 800 &&
		  strcmp(out[0]->name, "International Freephone") == 0, "+800");
	CHECK(regions_for_code(999, out, 4) == 0, "+999");
	CHECK(regions_for_code(0, out, 4) == 0, "+0");
	CHECK(regions_for_code(1000, out, 4) == 0, "+1000");
	CHECK(regions_for_code(-1, out, 4) == 0, "-1");

	r = numplan_main_region_for_code(262);
	CHECK(r && strcmp(r->id, "RE") == 0, "main of 262");
	CHECK(numplan_main_region_for_code(979) &&
		  strcmp(numplan_main_region_for_code(979)->id, "001") == 0, "979");
	CHECK(numplan_main_region_for_code(0) == NULL, "main of 0");
	CHECK(numplan_main_region_for_code(280) == NULL, "main of 280");
	CHECK(numplan_main_region_for_code(1000) == NULL, "main of 1000");
}

/* regions, types and validity; answers as Google's libphonenumber gives */
static void
test_numbers(void)
{
	/* +1 */
	expect("12015550123", "US", PHONE_TYPE_FIXED_LINE_OR_MOBILE, true);
	expect("16502530000", "US", PHONE_TYPE_FIXED_LINE_OR_MOBILE, true);
	expect("12042345678", "CA", PHONE_TYPE_FIXED_LINE_OR_MOBILE, true);
	expect("18762345678", "JM", PHONE_TYPE_MOBILE, true);
	expect("16847331234", "AS", PHONE_TYPE_MOBILE, true);
	/* leading digits decide even for an invalid number */
	expect("14415551234", "BM", PHONE_TYPE_UNKNOWN, false);
	expect("17585551234", "LC", PHONE_TYPE_UNKNOWN, false);
	/* no region of +1 claims it */
	expect("11234567890", NULL, PHONE_TYPE_UNKNOWN, false);
	/* +7 */
	expect("79123456789", "RU", PHONE_TYPE_MOBILE, true);
	expect("77012345678", "KZ", PHONE_TYPE_MOBILE, true);
	expect("77112345678", "KZ", PHONE_TYPE_FIXED_LINE, true);
	/* +44 */
	expect("447400123456", "GB", PHONE_TYPE_MOBILE, true);
	expect("442012345678", "GB", PHONE_TYPE_FIXED_LINE, true);
	expect("441481256789", "GG", PHONE_TYPE_FIXED_LINE, true);
	expect("441534456789", "JE", PHONE_TYPE_FIXED_LINE, true);
	expect("441624756789", "IM", PHONE_TYPE_FIXED_LINE, true);
	/* +262, +590, +599, +290, +39, +47 */
	expect("262692123456", "RE", PHONE_TYPE_MOBILE, true);
	expect("262262161234", "RE", PHONE_TYPE_FIXED_LINE, true);
	expect("262269612345", "YT", PHONE_TYPE_FIXED_LINE, true);
	expect("590690001234", "GP", PHONE_TYPE_MOBILE, true);
	expect("590590271234", "BL", PHONE_TYPE_FIXED_LINE, true);
	expect("5997151234", "BQ", PHONE_TYPE_FIXED_LINE, true);
	expect("5993181234", "BQ", PHONE_TYPE_MOBILE, true);
	expect("5999123456", "CW", PHONE_TYPE_UNKNOWN, false);
	expect("29061234", "SH", PHONE_TYPE_MOBILE, true);
	expect("290812345", "TA", PHONE_TYPE_UNKNOWN, false);
	expect("2901234", NULL, PHONE_TYPE_UNKNOWN, false);
	expect("3906698123", "VA", PHONE_TYPE_FIXED_LINE, true);
	expect("390612345678", "IT", PHONE_TYPE_FIXED_LINE, true);
	expect("47791234567", "SJ", PHONE_TYPE_UNKNOWN, false);
	/* single-region codes give the region even when invalid */
	expect("3545511234", "IS", PHONE_TYPE_FIXED_LINE, true);
	expect("354551123", "IS", PHONE_TYPE_UNKNOWN, false);
	expect("7840123456", "RU", PHONE_TYPE_UNKNOWN, false);
	expect("2015550123", "EG", PHONE_TYPE_FIXED_LINE, true);
	expect("31612345678", "NL", PHONE_TYPE_MOBILE, true);
	expect("3161234567890", "NL", PHONE_TYPE_UNKNOWN, false);
	/* non-geographic */
	expect("80012345678", "001", PHONE_TYPE_TOLL_FREE, true);
	expect("80812345678", "001", PHONE_TYPE_SHARED_COST, true);
	expect("870301234567", "001", PHONE_TYPE_MOBILE, true);
	expect("88213412345", "001", PHONE_TYPE_VOIP, true);
	expect("979123456789", "001", PHONE_TYPE_PREMIUM_RATE, true);
	expect("883123456789", "001", PHONE_TYPE_UNKNOWN, false);
	expect("8812345678", "001", PHONE_TYPE_UNKNOWN, false);
}

/* possible lengths: phone_possible, numplan_test_length */
static void
test_lengths(void)
{
	const NumPlanRegion *nl = numplan_region_by_id("NL");
	const NumPlanRegion *us = numplan_region_by_id("US");
	const NumPlanRegion *xk = numplan_region_by_id("XK");
	const NumPlanRegion *r800 = numplan_main_region_for_code(800);
	PhoneNumber num;

	expect_possible("3545511234", PHONE_OK);
	expect_possible("354551123", PHONE_ERR_TOO_SHORT);
	expect_possible("35455112345", PHONE_ERR_INVALID_LENGTH);
	expect_possible("3545511234567", PHONE_ERR_TOO_LONG);
	expect_possible("4412", PHONE_ERR_TOO_SHORT);
	expect_possible("39061234567890123", PHONE_ERR_TOO_LONG);
	/* local-only length (7 digits in the US) counts as possible */
	expect_possible("12015550", PHONE_OK);
	expect_possible("1201555012", PHONE_ERR_TOO_SHORT);
	/* shared codes judge by the main region */
	expect_possible("290812345", PHONE_ERR_TOO_LONG);
	expect_possible("47791234567", PHONE_ERR_TOO_LONG);
	expect_possible("8812345678", PHONE_ERR_TOO_SHORT);
	expect_possible("8706012345", PHONE_ERR_TOO_SHORT);
	expect_possible("3161234567890", PHONE_OK);
	/* a number without a recognised calling code */
	memset(&num, 0, sizeof num);
	strcpy(num.digits, "3790669812345");
	num.ndigits = 13;
	CHECK(phone_possible(&num) == PHONE_ERR_INVALID_COUNTRY_CODE,
		  "no calling code");

	CHECK(nl && us && xk && r800, "regions for length tests");
	if (!(nl && us && xk && r800))
		return;
	CHECK(numplan_test_length(nl, NUMPLAN_DESC_FIXED_LINE, 11) == PHONE_ERR_TOO_LONG,
		  "NL fixed 11");
	CHECK(numplan_test_length(nl, NUMPLAN_DESC_MOBILE, 11) == PHONE_OK, "NL mobile 11");
	CHECK(numplan_test_length(nl, NUMPLAN_DESC_MOBILE, 10) == PHONE_ERR_INVALID_LENGTH,
		  "NL mobile 10");
	CHECK(numplan_test_length(nl, NUMPLAN_DESC_MOBILE, 8) == PHONE_ERR_TOO_SHORT,
		  "NL mobile 8");
	/* a type the region does not have */
	CHECK(numplan_test_length(nl, NUMPLAN_DESC_SHARED_COST, 9) ==
		  PHONE_ERR_INVALID_LENGTH, "NL shared cost");
	CHECK(numplan_test_length(us, NUMPLAN_DESC_PAGER, 10) == PHONE_ERR_INVALID_LENGTH,
		  "US pager");
	/* out-of-range desc means general */
	CHECK(numplan_test_length(us, (NumPlanDesc) 99, 10) == PHONE_OK, "desc 99");
	CHECK(numplan_test_length(us, NUMPLAN_DESC_GENERAL, 7) == PHONE_OK, "US local 7");
	CHECK(numplan_test_length(us, NUMPLAN_DESC_GENERAL, 0) == PHONE_ERR_TOO_SHORT,
		  "length 0");
	CHECK(numplan_test_length(us, NUMPLAN_DESC_GENERAL, 40) == PHONE_ERR_TOO_LONG,
		  "length 40");
	CHECK(numplan_test_length(us, NUMPLAN_DESC_GENERAL, -1) == PHONE_ERR_TOO_SHORT,
		  "length -1");
}

/* pattern matching through the automata */
static void
test_match(void)
{
	const NumPlanRegion *us = numplan_region_by_id("US");
	const NumPlanRegion *ca = numplan_region_by_id("CA");
	uint32_t	m;

	if (us == NULL || ca == NULL)
	{
		CHECK(false, "US/CA missing");
		return;
	}
	m = numplan_match_descs(us, "2015550123", 10);
	CHECK(m & (1u << NUMPLAN_DESC_GENERAL), "US general");
	CHECK((m & (1u << NUMPLAN_DESC_FIXED_LINE)) && (m & (1u << NUMPLAN_DESC_MOBILE)),
		  "US fixed and mobile");
	CHECK(!(m & NUMPLAN_ACCEPT_LEADING_DIGITS), "no leading bit in result");
	CHECK(numplan_match_descs(us, "201555012", 9) == 0, "US 9 digits");
	CHECK(numplan_match_descs(us, "20155501234", 11) == 0, "US 11 digits");
	CHECK(numplan_match_descs(us, "", 0) == 0, "empty");
	CHECK(numplan_match_descs(us, "8002345678", 10) &
		  (1u << NUMPLAN_DESC_TOLL_FREE), "US toll free");
	CHECK(numplan_number_type(us, "8002345678", 10) == PHONE_TYPE_TOLL_FREE,
		  "US toll-free type");
	CHECK(numplan_number_type(us, "9002345678", 10) == PHONE_TYPE_PREMIUM_RATE,
		  "US premium type");
	CHECK(numplan_number_type(us, "2042345678", 10) == PHONE_TYPE_UNKNOWN,
		  "Canadian number in US");
	CHECK(numplan_number_type(ca, "2042345678", 10) ==
		  PHONE_TYPE_FIXED_LINE_OR_MOBILE, "Canadian number in CA");
	CHECK(numplan_region_for_number(1, "2042345678", 10) == ca, "CA by number");
	CHECK(numplan_region_for_number(0, "2042345678", 10) == NULL, "cc 0");
	CHECK(numplan_region_for_number(280, "2042345678", 10) == NULL, "cc 280");
	CHECK(numplan_region_for_number(1000, "2042345678", 10) == NULL, "cc 1000");
}

/* a number format of a region by its pattern, or NULL */
static const NumPlanFormat *
find_format(const NumPlanRegion *r, const char *pattern)
{
	int			i;

	for (i = 0; r != NULL && i < r->n_formats; i++)
		if (strcmp(r->formats[i].pattern, pattern) == 0)
			return &r->formats[i];
	return NULL;
}

/* leading digits of number formats, through their automata */
static void
test_format_leading(void)
{
	const NumPlanRegion *gb = numplan_region_by_id("GB");
	const NumPlanRegion *us = numplan_region_by_id("US");
	const NumPlanFormat *f;
	int			i,
				j,
				bad = 0;

	/* GB (\d{5})(\d{4,5}): last pattern 1(?:3873|5(?:242|39[4-6])|...) */
	f = find_format(gb, "(\\d{5})(\\d{4,5})");
	CHECK(f != NULL && f->n_leading_digits == 3 && f->leading_dfa != 0,
		  "GB 5+4 format");
	if (f)
	{
		CHECK(numplan_format_leading_match(f, "1387312345", 10), "13873");
		CHECK(numplan_format_leading_match(f, "153961234", 9), "15396");
		CHECK(numplan_format_leading_match(f, "15242", 5), "exact prefix");
		CHECK(!numplan_format_leading_match(f, "1524", 4), "too short");
		CHECK(!numplan_format_leading_match(f, "1387212345", 10), "13872");
		CHECK(!numplan_format_leading_match(f, "153971234", 9), "15397");
		CHECK(!numplan_format_leading_match(f, "", 0), "empty");
		CHECK(!numplan_format_leading_match(f, "13a73", 5), "non-digit");
	}
	/* US (\d{3})(\d{4}) applies to 310 only */
	f = find_format(us, "(\\d{3})(\\d{4})");
	CHECK(f != NULL, "US 3+4 format");
	if (f)
	{
		CHECK(numplan_format_leading_match(f, "3101234", 7), "US 310");
		CHECK(!numplan_format_leading_match(f, "3111234", 7), "US 311");
	}
	/* +800 formats start with any digit */
	f = numplan_main_region_for_code(800)->formats;
	CHECK(f != NULL && numplan_format_leading_match(f, "12345678", 8) &&
		  !numplan_format_leading_match(f, "", 0), "+800 format");
	/* +888 has a format without leading digits: it always applies */
	f = numplan_main_region_for_code(888)->formats;
	CHECK(f != NULL && f->n_leading_digits == 0 && f->leading_dfa == 0 &&
		  numplan_format_leading_match(f, "12345678901", 11) &&
		  numplan_format_leading_match(f, "", 0), "+888 format");
	/* every format with leading digits has an automaton */
	for (i = 0; i < numplan_n_regions; i++)
	{
		const NumPlanRegion *r = &numplan_regions[i];

		for (j = 0; j < r->n_formats; j++)
			if ((r->formats[j].n_leading_digits > 0) !=
				(r->formats[j].leading_dfa != 0))
				bad++;
		for (j = 0; j < r->n_intl_formats; j++)
			if ((r->intl_formats[j].n_leading_digits > 0) !=
				(r->intl_formats[j].leading_dfa != 0))
				bad++;
	}
	CHECK(bad == 0, "%d formats without automaton", bad);
}

/*
 * getRegionCodeForNumber done the slow way, without the candidate tables:
 * every entry of the code in order, leading digits by walking the automaton.
 */
static const NumPlanRegion *
ref_region(int cc, const char *nsn, int len)
{
	const NumPlanRegion *list[64];
	int			n = regions_for_code(cc, list, 64),
				i,
				k;

	if (n == 1)
		return list[0];
	for (i = 0; i < n && i < 64; i++)
	{
		const NumPlanRegion *r = list[i];

		if (r->leading_digits != NULL)
		{
			uint32_t	s = r->dfa_start;
			bool		hit = (numplan_dfa_rows[s].accept & NUMPLAN_ACCEPT_LEADING_DIGITS) != 0;

			for (k = 0; k < len && !hit && s != 0; k++)
			{
				s = numplan_dfa_rows[s].next[nsn[k] - '0'];
				hit = s != 0 &&
					(numplan_dfa_rows[s].accept & NUMPLAN_ACCEPT_LEADING_DIGITS) != 0;
			}
			if (hit)
				return r;
		}
		else if (numplan_number_type(r, nsn, len) != PHONE_TYPE_UNKNOWN)
			return r;
	}
	return NULL;
}

/*
 * The candidate tables of shared calling codes change nothing: compare with
 * ref_region on every three-digit start of a 10-digit NSN followed by the
 * rest of each example of the code, and on the examples themselves.
 */
static void
test_shared_codes(void)
{
	int			i,
				d,
				p,
				bad = 0,
				n = 0;

	for (i = 0; i < numplan_n_regions; i++)
	{
		const NumPlanRegion *r = &numplan_regions[i];
		int			cc = r->country_code;

		if (numplan_cc_count[cc] < 2)
			continue;
		for (d = 1; d < NUMPLAN_NDESC; d++)
		{
			const char *ex = r->desc[d].example;
			char		nsn[PHONE_MAX_NSN_DIGITS + 1];
			int			len;

			if (ex == NULL)
				continue;
			len = (int) strlen(ex);
			if (len < 3)
				continue;
			for (p = -1; p < 1000; p++)
			{
				memcpy(nsn, ex, len);
				if (p >= 0)
				{
					nsn[0] = (char) ('0' + p / 100);
					nsn[1] = (char) ('0' + p / 10 % 10);
					nsn[2] = (char) ('0' + p % 10);
				}
				n++;
				if (numplan_region_for_number(cc, nsn, len) !=
					ref_region(cc, nsn, len))
				{
					if (bad++ < 5)
						printf("region of +%d %.*s differs\n", cc, len, nsn);
				}
			}
		}
	}
	CHECK(bad == 0, "%d of %d shared-code lookups differ", bad, n);
	CHECK(n > 100000, "only %d shared-code lookups", n);
}

/*
 * The national-prefix filter (numplan_national_prefix_may_match): true
 * exactly when national_prefix_for_parsing has a non-empty match at the
 * start, "$" alternatives only on the whole number.
 */
static void
test_national_prefix_filter(void)
{
	static const struct
	{
		const char *region;
		const char *num;
		bool		may;
	}			cases[] = {
		/* "1" */
		{"US", "2015550123", false},
		{"US", "12015550123", true},
		{"US", "1", true},
		/* "(1(?:[12]\d|79)\d\d)|0" */
		{"CN", "13800138000", false},
		{"CN", "01012345678", true},
		{"CN", "17912", true},
		{"CN", "1791", false},
		{"CN", "1221234567", true},
		/* "([2-9]\d{6})$|1": the anchored alternative on 7 digits only */
		{"BB", "4251234", true},
		{"BB", "42512345", false},
		{"BB", "2464251234", false},
		{"BB", "12464251234", true},
		/* "([89]\d{5})$": nothing but an anchored alternative */
		{"SM", "812345", true},
		{"SM", "8123456", false},
		{"SM", "0549123456", false},
		/* "(183[12])|0" */
		{"AU", "18312", true},
		{"AU", "1833", false},
		{"AU", "412345678", false},
		/* no digits */
		{"CN", "", false},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		const NumPlanRegion *r = numplan_region_by_id(cases[i].region);

		CHECK(r != NULL && numplan_national_prefix_may_match(r, cases[i].num,
														  (int) strlen(cases[i].num)) == cases[i].may,
			  "national prefix filter of %s on \"%s\" should say %d",
			  cases[i].region, cases[i].num, cases[i].may);
	}
	/* a code without national_prefix_for_parsing */
	CHECK(!numplan_national_prefix_may_match(numplan_main_region_for_code(800),
										  "12345678", 8),
		  "+800 has no national prefix for parsing");
}

/* xorshift64: the test's own deterministic random numbers */
static uint64_t
next_random(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

/*
 * The tables that shorten a lookup against what they are derived from: the
 * length table against the descriptions, the calling code of every
 * three-digit start (numplan_cc_start) against the calling codes, and the
 * walk over the rows of numplan_dfa_rows, with its runs, against a walk one
 * digit at a time, with numplan_number_valid against numplan_number_type, on
 * strings near every region's example numbers (so that many are valid) and
 * on random ones.
 */
static void
test_lookup_tables(void)
{
	uint64_t	state = UINT64_C(20261129);
	int			bad_len = 0;
	int			bad_cc = 0;
	int			bad_walk = 0;
	int			bad_valid = 0;
	int			n = 0;
	int			n_valid = 0;

	for (int i = 0; i < numplan_n_regions; i++)
		for (int len = 0; len <= PHONE_MAX_NSN_DIGITS; len++)
		{
			uint32_t	m = 0;

			for (int d = 0; d < NUMPLAN_NDESC; d++)
				if (numplan_regions[i].desc[d].possible_lengths & (UINT32_C(1) << len))
					m |= UINT32_C(1) << d;
			if (numplan_desc_by_length[i * (PHONE_MAX_NSN_DIGITS + 1) + len] != m)
				bad_len++;
		}
	CHECK(bad_len == 0, "%d entries of numplan_desc_by_length differ", bad_len);

	for (int p = 0; p < 1000; p++)
	{
		char		s[4];
		int			want = 0;

		s[0] = (char) ('0' + p / 100);
		s[1] = (char) ('0' + p / 10 % 10);
		s[2] = (char) ('0' + p % 10);
		s[3] = '\0';
		if (p >= 100 && numplan_cc_count[p / 100] != 0)
			want = 1;
		else if (p >= 100 && numplan_cc_count[p / 10] != 0)
			want = 2;
		else if (p >= 100 && numplan_cc_count[p] != 0)
			want = 3;
		if (numplan_country_code_length(s, 3) != want ||
			numplan_country_code_length(s, 2) != (want == 3 ? 0 : want) ||
			numplan_country_code_length(s, 1) != (want == 1 ? 1 : 0))
			bad_cc++;
	}
	CHECK(bad_cc == 0, "numplan_country_code_length is wrong on %d starts", bad_cc);

	for (int i = 0; i < numplan_n_regions; i++)
	{
		const NumPlanRegion *r = &numplan_regions[i];

		for (int k = 0; k < 2000; k++)
		{
			char		s[PHONE_MAX_NSN_DIGITS + 1];
			const char *ex = NULL;
			int			len;
			uint32_t	q;
			PhoneType	t;

			/* the example of the k-th description that has one */
			for (int d = 0; d < NUMPLAN_NDESC && ex == NULL; d++)
				ex = r->desc[(k + d) % NUMPLAN_NDESC].example;
			if (ex != NULL && k % 4 != 0)
			{
				/* an example, one digit shorter, as long or longer, with
				 * up to two digits changed */
				int			exlen = (int) strlen(ex);

				len = exlen - 1 + (int) (next_random(&state) % 3);
				if (len > PHONE_MAX_NSN_DIGITS)
					len = PHONE_MAX_NSN_DIGITS;
				for (int j = 0; j < len; j++)
					s[j] = j < exlen ? ex[j] :
						(char) ('0' + next_random(&state) % 10);
				for (int c = (int) (next_random(&state) % 3); c > 0 && len > 0; c--)
					s[next_random(&state) % (uint64_t) len] =
						(char) ('0' + next_random(&state) % 10);
			}
			else
			{
				len = (int) (next_random(&state) % (PHONE_MAX_NSN_DIGITS + 1));
				for (int j = 0; j < len; j++)
					s[j] = (char) ('0' + next_random(&state) % 10);
			}
			s[len] = '\0';

			/* the walk over rows and runs against one digit at a time */
			q = r->dfa_start;
			for (int j = 0; j < len && q != 0; j++)
				q = numplan_dfa_rows[q].next[s[j] - '0'];
			if (numplan_match_descs(r, s, len) !=
				(numplan_dfa_rows[q].accept & (NUMPLAN_ACCEPT_LEADING_DIGITS - 1u)))
				bad_walk++;
			t = numplan_number_type(r, s, len);
			if (numplan_number_valid(r, s, len) != (t != PHONE_TYPE_UNKNOWN))
				bad_valid++;
			n_valid += t != PHONE_TYPE_UNKNOWN;
			n++;
		}
	}
	CHECK(bad_walk == 0, "numplan_match_descs differs from a walk one digit "
		  "at a time on %d of %d", bad_walk, n);
	CHECK(bad_valid == 0, "numplan_number_valid differs on %d of %d",
		  bad_valid, n);
	/* the strings must reach valid numbers, or the test proves little */
	CHECK(n_valid > n / 5, "only %d of %d strings were valid", n_valid, n);
}

/*
 * The calling codes of past releases (src/core/numplan_history.c), as
 * phone_cc_length_ever finds them: each code of the data in use is one,
 * and there are as many as the file lists; phone_cc_length_ever finds
 * listed codes that the data no longer has.
 */
static void
test_cc_history(void)
{
	int			i,
				n = 0;
	char		buf[16];

	for (i = 1; i <= 999; i++)
	{
		int			len = snprintf(buf, sizeof(buf), "%d1234", i) - 4;

		if (phone_cc_length_ever(buf, len + 4) == len)
			n++;
	}
	CHECK(n == 215, "numplan_history.c lists %d codes", n);
	for (i = 0; i < numplan_n_regions; i++)
	{
		int			cc = numplan_regions[i].country_code;
		int			len = snprintf(buf, sizeof(buf), "%d1234", cc) - 4;

		CHECK(phone_cc_length_ever(buf, len + 4) == len,
			  "calling code %d of %s missing from numplan_history.c", cc,
			  numplan_regions[i].id);
	}
	CHECK(phone_cc_length_ever("4420", 4) == 2, "+44");
	CHECK(phone_cc_length_ever("8781", 4) == 3, "+878");
	CHECK(phone_cc_length_ever("99912", 5) == 0, "+999 was never assigned");
	CHECK(phone_cc_length_ever("28", 2) == 0, "+28x was never assigned");
	CHECK(phone_cc_length_ever("0441", 4) == 0, "no code starts with 0");
	CHECK(phone_cc_length_ever("4x", 2) == 0, "not digits");
	CHECK(phone_cc_length_ever("", 0) == 0, "no digits");
	CHECK(phone_cc_length_ever(NULL, 3) == 0, "NULL");
}

static void
test_type_names(void)
{
	static const char *const names[] = {
		"fixed_line", "mobile", "fixed_line_or_mobile", "toll_free",
		"premium_rate", "shared_cost", "voip", "personal_number", "pager",
		"uan", "voicemail", "unknown"
	};
	int			i;

	for (i = 0; i <= PHONE_TYPE_UNKNOWN; i++)
		CHECK(strcmp(phone_type_name((PhoneType) i), names[i]) == 0,
			  "type name %d", i);
	CHECK(strcmp(phone_type_name((PhoneType) 77), "unknown") == 0,
		  "out-of-range type");
}

static double
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/*
 * Time numplan_region_for_number + numplan_number_type over every example
 * number; prints nanoseconds per number.
 */
static int
bench(void)
{
	static PhoneNumber nums[4096];
	int			n = 0,
				i,
				d,
				rep,
				reps = 0;
	double		t0,
				t1;
	unsigned	sink = 0;

	for (i = 0; i < numplan_n_regions; i++)
		for (d = 1; d < NUMPLAN_NDESC; d++)
		{
			const NumPlanNumberDesc *nd = &numplan_regions[i].desc[d];
			char		e164[32];

			if (!nd->present || nd->example == NULL || n >= 4096)
				continue;
			snprintf(e164, sizeof e164, "%d%s", numplan_regions[i].country_code,
					 nd->example);
			if (phone_from_digits(e164, (int) strlen(e164), &nums[n]))
				n++;
		}
	t0 = now_ns();
	do
	{
		for (rep = 0; rep < 100; rep++)
			for (i = 0; i < n; i++)
			{
				const PhoneNumber *p = &nums[i];
				const char *nsn = p->digits + p->cc_len;
				int			len = p->ndigits - p->cc_len;
				const NumPlanRegion *r;

				r = numplan_region_for_number(phone_number_country_code(p),
										   nsn, len);
				if (r)
					sink += (unsigned) numplan_number_type(r, nsn, len);
			}
		reps += 100;
		t1 = now_ns();
	} while (t1 - t0 < 1e9);
	printf("%d example numbers x %d: %.1f ns per region + type lookup "
		   "(checksum %u)\n", n, reps, (t1 - t0) / ((double) n * reps), sink);
	return 0;
}

/* the region interface of phone_core.h: names, examples, the listing */
static void
test_region_api(void)
{
	PhoneRegionInfo info;
	PhoneNumber num;
	int			i,
				geo = 0,
				nongeo = 0;

	CHECK(phone_region_known("us") != NULL &&
		  strcmp(phone_region_known("us"), "US") == 0, "us -> US");
	CHECK(phone_region_known("GB") != NULL, "GB");
	CHECK(phone_region_known("001") == NULL, "001 is not a region");
	CHECK(phone_region_known("ZZ") == NULL, "ZZ");
	CHECK(phone_region_known("UK") == NULL, "UK");
	CHECK(phone_region_known("") == NULL, "empty");
	CHECK(phone_region_known(NULL) == NULL, "NULL");

	CHECK(phone_region_example("CH", PHONE_TYPE_MOBILE, &num) &&
		  strcmp(num.digits, "41781234567") == 0, "CH mobile example");
	CHECK(phone_region_example("ch", PHONE_TYPE_FIXED_LINE_OR_MOBILE, &num) &&
		  strcmp(num.digits, "41212345678") == 0,
		  "CH fixed-or-mobile example is the fixed-line one");
	CHECK(phone_region_example("CH", PHONE_TYPE_UNKNOWN, &num) ||
		  !numplan_region_by_id("CH")->desc[NUMPLAN_DESC_GENERAL].example,
		  "CH general example, when it has one");
	CHECK(!phone_region_example("US", PHONE_TYPE_PAGER, &num),
		  "US has no pager example");
	CHECK(!phone_region_example("001", PHONE_TYPE_TOLL_FREE, &num),
		  "no example for 001");
	CHECK(!phone_region_example("ZZ", PHONE_TYPE_MOBILE, &num), "ZZ");

	for (i = 0; phone_region_info(i, &info); i++)
	{
		CHECK(info.geographic == (phone_region_known(info.id) != NULL),
			  "entry %d (%s): geographic", i, info.id);
		CHECK(info.country_code >= 1 && info.country_code <= 999,
			  "entry %d: calling code", i);
		if (info.geographic)
			geo++;
		else
			nongeo++;
	}
	CHECK(i == numplan_n_regions, "every entry listed");
	CHECK(!phone_region_info(-1, &info), "entry -1");
	CHECK(geo > 200 && nongeo > 5, "geographic %d, not %d", geo, nongeo);
	CHECK(phone_region_info(numplan_region_by_id("US") - numplan_regions, &info) &&
		  strcmp(info.id, "US") == 0 && info.country_code == 1 &&
		  strcmp(info.name, "United States") == 0 &&
		  strcmp(info.national_prefix, "1") == 0 &&
		  strcmp(info.international_prefix, "011") == 0, "US entry");

	CHECK(strcmp(phone_data_version(), numplan_metadata_version) == 0,
		  "data version");

	/* the verdict of phone_check */
	CHECK(make("41781234567", &num) && phone_verdict(&num) == PHONE_OK,
		  "valid");
	CHECK(make("41981234567", &num) &&
		  phone_verdict(&num) == PHONE_ERR_NOT_VALID, "possible");
	CHECK(make("417812345", &num) &&
		  phone_verdict(&num) == PHONE_ERR_TOO_SHORT, "too short");
}

int
main(int argc, char **argv)
{
	int			n;

	if (argc > 1 && strcmp(argv[1], "--bench") == 0)
		return bench();
	test_tables();
	n = test_examples();
	test_structure();
	test_region_lookup();
	test_numbers();
	test_lengths();
	test_match();
	test_shared_codes();
	test_format_leading();
	test_national_prefix_filter();
	test_lookup_tables();
	test_type_names();
	test_cc_history();
	test_region_api();
	printf("(%d example numbers checked)\n", n);
	return harness_report();
}
