/*-------------------------------------------------------------------------
 *
 * test_core.c
 *	  Unit tests of the core's encoding (phone_encoding.c) and of the
 *	  character level of parsing (phone_lex, phone_prefix_digits).
 *
 * A standalone program: prints one line per failure and a last line
 * "N passed, M failed"; exits non-zero when anything failed.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "phone_resolve.h"

/* Deterministic generator (xorshift64*) so that failures reproduce */
static uint64_t rng_state = UINT64_C(0x9E3779B97F4A7C15);

static uint64_t
rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(2685821657736338717);
}

static int
random_digits(char *buf)
{
	int			n = (int) (rng() % (PHONE_MAX_DIGITS + 1));
	int			i;

	for (i = 0; i < n; i++)
		buf[i] = (char) ('0' + rng() % 10);
	buf[n] = '\0';
	return n;
}

/* Byte order with a proper prefix first: what the encoding must keep */
static int
digit_cmp(const char *a, const char *b)
{
	int			c = strcmp(a, b);

	return (c > 0) - (c < 0);
}

/*
 * The rank by its definition (phone_core.h): each digit d at depth i adds
 * d complete subtrees of height 18 - i, plus one for the node itself.
 * phone_rank computes it with a closed formula instead.
 */
static uint64_t
reference_rank(const char *digits, int n)
{
	uint64_t	rank = 0;
	int			i;

	for (i = 0; i < n; i++)
	{
		uint64_t	size = 0;
		int			h;

		/* (10^(h+1) - 1) / 9 = 1 + 10 + ... + 10^h, h = 18 - i */
		for (h = 0; h <= PHONE_MAX_DIGITS - 1 - i; h++)
			size = size * 10 + 1;
		rank += (uint64_t) (digits[i] - '0') * size + 1;
	}
	return rank;
}

static void
test_known_values(void)
{
	char		buf[PHONE_MAX_DIGITS + 1];

	/* pinned: the stored form must never change (see phone_core.h) */
	CHECK(phone_rank("", 0) == 0, "rank of empty string");
	CHECK(phone_rank("1", 1) == UINT64_C(1111111111111111112), "rank 1");
	CHECK(phone_rank("14155552671", 11) == UINT64_C(0x15D3D8E7F679F0B1),
		  "rank 14155552671");
	CHECK(phone_rank("390612345678", 12) == UINT64_C(0x3C3B43C3D0A89E06),
		  "rank 390612345678");
	CHECK(phone_rank("9999999999999999999", 19) == PHONE_RANK_LIMIT - 1,
		  "largest string has the largest rank");
	CHECK(phone_rank("0", 1) == 1, "rank 0 is the first child");
	CHECK(phone_unrank(PHONE_RANK_LIMIT, buf) == -1, "limit out of range");
	CHECK(phone_unrank(UINT64_MAX, buf) == -1, "max out of range");
	CHECK(phone_unrank(0, buf) == 0 && buf[0] == '\0', "unrank 0");
	CHECK(phone_unrank(PHONE_RANK_LIMIT - 1, buf) == 19 &&
		  strcmp(buf, "9999999999999999999") == 0, "unrank largest");

	/* datum mapping keeps order when compared as signed integers */
	CHECK(phone_rank_to_datum(0) == INT64_MIN, "datum of rank 0");
	CHECK(phone_datum_to_rank(phone_rank_to_datum(12345)) == 12345,
		  "datum round trip");
	CHECK(phone_rank_to_datum(PHONE_RANK_LIMIT - 1) > phone_rank_to_datum(1),
		  "signed datum order");
}

static void
test_random_round_trip_and_order(void)
{
	int			i;
	int			bad_round = 0;
	int			bad_order = 0;
	int			bad_range = 0;

	for (i = 0; i < 200000; i++)
	{
		char		a[PHONE_MAX_DIGITS + 1];
		char		b[PHONE_MAX_DIGITS + 1];
		char		back[PHONE_MAX_DIGITS + 1];
		int			na = random_digits(a);
		int			nb = random_digits(b);
		uint64_t	ra = phone_rank(a, na);
		uint64_t	rb = phone_rank(b, nb);
		int			c;
		uint64_t	lo;
		uint64_t	hi;
		int			plen;
		bool		is_prefix;

		/* sometimes make b an extension of a, to hit the prefix cases */
		if (i % 4 == 0 && na < PHONE_MAX_DIGITS)
		{
			memcpy(b, a, na);
			nb = na + (int) (rng() % (PHONE_MAX_DIGITS - na + 1));
			for (c = na; c < nb; c++)
				b[c] = (char) ('0' + rng() % 10);
			b[nb] = '\0';
			rb = phone_rank(b, nb);
		}

		if (ra != reference_rank(a, na) || rb != reference_rank(b, nb))
			bad_round++;
		if (phone_unrank(ra, back) != na || strcmp(back, a) != 0)
			bad_round++;
		c = digit_cmp(a, b);
		if (((ra > rb) - (ra < rb)) != c ||
			((phone_rank_to_datum(ra) > phone_rank_to_datum(rb)) -
			 (phone_rank_to_datum(ra) < phone_rank_to_datum(rb))) != c)
			bad_order++;

		/* prefix range of a's first plen digits contains b iff prefix */
		plen = na == 0 ? 0 : (int) (rng() % (na + 1));
		phone_prefix_range(a, plen, &lo, &hi);
		is_prefix = nb >= plen && memcmp(a, b, plen) == 0;
		if ((rb >= lo && rb <= hi) != is_prefix || !(ra >= lo && ra <= hi))
			bad_range++;
	}
	CHECK(bad_round == 0, "%d ranks differed from their definition or did not unrank back", bad_round);
	CHECK(bad_order == 0, "%d pairs ordered unlike byte order", bad_order);
	CHECK(bad_range == 0, "%d prefix range checks failed", bad_range);
}

static void
test_prefix_ranges(void)
{
	uint64_t	lo;
	uint64_t	hi;
	uint64_t	lo2;
	uint64_t	hi2;

	phone_prefix_range("1", 1, &lo, &hi);
	CHECK(lo == phone_rank("1", 1), "prefix 1 starts at its own rank");
	CHECK(hi == phone_rank("1999999999999999999", 19), "prefix 1 ends at 1999...");
	CHECK(hi + 1 == phone_rank("2", 1), "prefix 1 is followed by 2");
	phone_prefix_range("", 0, &lo, &hi);
	CHECK(lo == 0 && hi == PHONE_RANK_LIMIT - 1, "empty prefix is everything");
	phone_prefix_range("1415", 4, &lo, &hi);
	phone_prefix_range("14155", 5, &lo2, &hi2);
	CHECK(lo < lo2 && hi2 <= hi, "nested prefixes nest their ranges");
	phone_prefix_range("9999999999999999999", 19, &lo, &hi);
	CHECK(lo == hi, "a full-length prefix is one value");
}

/* Lex s and compare the outcome */
static void
lex_case(const char *s, PhoneError want, const char *digits, bool plus,
		 const char *ext, int pos)
{
	PhoneLexed	lex;
	int			error_pos;
	PhoneError	got = phone_lex(s, strlen(s), &lex, &error_pos);

	CHECK(got == want, "lex \"%s\": error %s, want %s", s,
		  phone_error_name(got), phone_error_name(want));
	if (got != want)
		return;
	if (want == PHONE_OK)
	{
		CHECK(strcmp(lex.digits, digits) == 0, "lex \"%s\": digits %s, want %s",
			  s, lex.digits, digits);
		CHECK(lex.plus == plus, "lex \"%s\": plus %d", s, lex.plus);
		CHECK(strcmp(lex.extension, ext) == 0, "lex \"%s\": extension \"%s\", want \"%s\"",
			  s, lex.extension, ext);
	}
	else if (pos >= -1)
		CHECK(error_pos == pos, "lex \"%s\": error at %d, want %d", s,
			  error_pos, pos);
}

static void
test_lex(void)
{
	/* international forms with punctuation */
	lex_case("+1 (415) 555-2671", PHONE_OK, "14155552671", true, "", 0);
	lex_case("  +44 20.7946.0000 ", PHONE_OK, "442079460000", true, "", 0);
	lex_case("+49/30/123456", PHONE_OK, "4930123456", true, "", 0);
	lex_case("(+33) 7 52 62 61 65", PHONE_OK, "33752626165", true, "", 0);
	lex_case("0752626165", PHONE_OK, "0752626165", false, "", 0);
	lex_case("[+81]-3-1234-5678", PHONE_OK, "81312345678", true, "", 0);
	/* other scripts: full-width, Arabic-Indic, Devanagari, en dash */
	lex_case("\xef\xbc\x8b\xef\xbc\x91\xef\xbc\x94\xef\xbc\x91\xef\xbc\x95",
			 PHONE_OK, "1415", true, "", 0);
	lex_case("+\xd9\xa9\xd9\xa7\xd9\xa1 \xd9\xa5\xd9\xa0",
			 PHONE_OK, "97150", true, "", 0);
	lex_case("+\xe0\xa5\xaf\xe0\xa5\xa7 \xe0\xa5\xaf\xe0\xa5\xae", PHONE_OK, "9198", true, "", 0);
	lex_case("+1\xe2\x80\x93" "415", PHONE_OK, "1415", true, "", 0);
	/* tel: URIs */
	lex_case("tel:+1-415-555-2671", PHONE_OK, "14155552671", true, "", 0);
	lex_case("TEL:+1-415-555-2671;ext=123", PHONE_OK, "14155552671", true, "123", 0);
	lex_case("tel:03-331-6005;phone-context=+64", PHONE_OK, "64033316005", true, "", 0);
	lex_case("tel:6005;phone-context=example.com", PHONE_OK, "6005", false, "", 0);
	lex_case("tel:+1-415-555-2671;isub=12;foo=bar", PHONE_OK, "14155552671", true, "", 0);
	lex_case("tel:", PHONE_ERR_BAD_URI, NULL, false, NULL, 4);
	lex_case("tel:+1 415", PHONE_ERR_BAD_URI, NULL, false, NULL, 6);
	lex_case("tel:+1415;phone-context=+1", PHONE_ERR_BAD_URI, NULL, false, NULL, 10);
	lex_case("tel:1415;phone-context=+", PHONE_ERR_BAD_URI, NULL, false, NULL, -2);
	lex_case("tel:1415;ext=", PHONE_ERR_BAD_URI, NULL, false, NULL, -2);
	lex_case("tel:1415;;", PHONE_ERR_BAD_URI, NULL, false, NULL, -2);
	lex_case("tel:+-", PHONE_ERR_EMPTY, NULL, false, NULL, -2);
	/* extensions */
	lex_case("+1 415 555 2671 ext. 123", PHONE_OK, "14155552671", true, "123", 0);
	lex_case("+1 415 555 2671 x123", PHONE_OK, "14155552671", true, "123", 0);
	lex_case("+1 415 555 2671 extension 45", PHONE_OK, "14155552671", true, "45", 0);
	lex_case("+1 415 555 2671 #12#", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671,,9", PHONE_OK, "14155552671", true, "9", 0);
	lex_case("+1 415 555 2671;ext=77", PHONE_OK, "14155552671", true, "77", 0);
	lex_case("+1 415 555 2671 EXT:88", PHONE_OK, "14155552671", true, "88", 0);
	lex_case("+1 415 555 2671, ext. 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 x1234567890", PHONE_ERR_LETTERS, NULL, false, NULL, 16);
	/* found by fuzzing: errors at the very end of the input */
	lex_case("tel:6;phone-context=", PHONE_ERR_BAD_URI, NULL, false, NULL, -2);
	lex_case("tel:415-555-2671;phone-context=", PHONE_ERR_BAD_URI, NULL, false, NULL, -2);
	/* tabs and line breaks are trimmed at the ends, refused inside */
	lex_case("\t+1 415 555 2671\n", PHONE_OK, "14155552671", true, "", 0);
	lex_case("+1\t415", PHONE_ERR_BAD_CHARACTER, NULL, false, NULL, 2);
	/* vanity */
	lex_case("1-800-FLOWERS", PHONE_OK, "18003569377", false, "", 0);
	lex_case("+1 800 flowers", PHONE_OK, "18003569377", true, "", 0);
	/* structural errors */
	lex_case("", PHONE_ERR_EMPTY, NULL, false, NULL, -1);
	lex_case("   ", PHONE_ERR_EMPTY, NULL, false, NULL, -1);
	lex_case("+-() ./", PHONE_ERR_EMPTY, NULL, false, NULL, -1);
	lex_case("+1 415 55a 2671", PHONE_ERR_LETTERS, NULL, false, NULL, 9);
	lex_case("ABC", PHONE_ERR_LETTERS, NULL, false, NULL, 0);
	lex_case("FLOWERS 1800", PHONE_ERR_LETTERS, NULL, false, NULL, 0);
	lex_case("1+415", PHONE_ERR_PLUS_POSITION, NULL, false, NULL, 1);
	lex_case("++1415", PHONE_ERR_PLUS_POSITION, NULL, false, NULL, 1);
	lex_case("+1 415 * 2671", PHONE_ERR_BAD_CHARACTER, NULL, false, NULL, 7);
	lex_case("+1 415\x01", PHONE_ERR_BAD_CHARACTER, NULL, false, NULL, 6);
	lex_case("+1 4\xff", PHONE_ERR_BAD_CHARACTER, NULL, false, NULL, 4);
	lex_case("+1 4\xe2\x82", PHONE_ERR_BAD_CHARACTER, NULL, false, NULL, 4);
	lex_case("+1234567890123456789012345678901234567890123",
			 PHONE_ERR_TOO_MANY_DIGITS, NULL, false, NULL, -2);
	/* "ex" with no digits after it is two letters, not an extension */
	lex_case("+1 415 555 2671 ex", PHONE_ERR_LETTERS, NULL, false, NULL, 16);
}

/*
 * Every extension marker of libphonenumber (createExtnPattern for parsing):
 * the digits after it are the extension, never digits of the number.
 */
static void
test_extension_markers(void)
{
	/* the ambiguous single characters, ~ and full-width ~ among them */
	lex_case("+49 30 901820 ~ 12", PHONE_OK, "4930901820", true, "12", 0);
	lex_case("+49 30 901820~12", PHONE_OK, "4930901820", true, "12", 0);
	lex_case("+49 30 901820 \xef\xbd\x9e 12", PHONE_OK, "4930901820", true, "12", 0);
	lex_case("+1 415 555 2671 #12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 \xef\xbc\x83" "12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 X 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 \xef\xbd\x98" "12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 int 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 \xef\xbd\x89\xef\xbd\x8e\xef\xbd\x94" "12", PHONE_OK,
			 "14155552671", true, "12", 0);
	/* commas and semicolons: a dial pause, then the extension */
	lex_case("+1 264-724-1234,0017", PHONE_OK, "12647241234", true, "0017", 0);
	lex_case("+1 264-724-1234 , , 0017", PHONE_OK, "12647241234", true, "0017", 0);
	lex_case("+1 415 555 2671,,,,12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671;12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 ; 12#", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671,,123456789012345", PHONE_OK, "14155552671", true,
			 "123456789012345", 0);
	lex_case("+1 415 555 2671,123456789", PHONE_OK, "14155552671", true, "123456789", 0);
	/* spelled-out labels, any case, with ':' or '.' after them */
	lex_case("+1 415 555 2671 extn 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 xtn. 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 xt12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 Extension: 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 extensi\xc3\xb3n 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 EXTENSI\xc3\x93N 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 extensio\xcc\x81n 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 extensio 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 anexo 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 \xd0\xb4\xd0\xbe\xd0\xb1. 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 \xd0\x94\xd0\x9e\xd0\x91 12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 \xef\xbd\x85\xef\xbd\x98\xef\xbd\x94\xef\xbd\x8e" "12",
			 PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671 ext\xef\xbc\x8e" "12", PHONE_OK, "14155552671", true, "12", 0);
	lex_case("+1 415 555 2671, ext. 12345678901234567890", PHONE_OK, "14155552671", true,
			 "12345678901234567890", 0);
	/* the American "- 503#" */
	lex_case("+1 415 555 2671 - 503#", PHONE_OK, "14155552671", true, "503", 0);
	/* trailing punctuation after the extension is dropped */
	lex_case("+1 415 555 2671 (ext. 12)", PHONE_OK, "14155552671", true, "12", 0);
	/* more digits than the marker allows: not an extension */
	lex_case("+1 415 555 2671 ~ 1234567890", PHONE_OK, "141555526711234567890", true, "", 0);
	lex_case("+1 415 555 2671,1234567890", PHONE_ERR_BAD_CHARACTER, NULL, false, NULL, 15);
	lex_case("+1 415 555 2671,,1234567890123456", PHONE_ERR_BAD_CHARACTER, NULL, false, NULL, 15);
	lex_case("+1 415 555 2671 ext 123456789012345678901", PHONE_ERR_LETTERS, NULL, false, NULL, 16);
	lex_case("+1 415 555 2671 EXTN 123456789012345678901", PHONE_ERR_LETTERS, NULL, false, NULL, 16);
	lex_case("+1 800 FLOWERS x 1234567890", PHONE_ERR_LETTERS, NULL, false, NULL, 15);
	lex_case("+1 415 555 2671 - 1234567#", PHONE_ERR_BAD_CHARACTER, NULL, false, NULL, -2);
	/* the extension is one run of digits */
	lex_case("+1 415 555 2671 ext. 12 34", PHONE_ERR_LETTERS, NULL, false, NULL, 16);
	/* too little before the marker for a number: no extension */
	lex_case("1 x 34", PHONE_ERR_LETTERS, NULL, false, NULL, 2);
	lex_case("12 x 34", PHONE_OK, "12", false, "34", 0);
	/* a ~ between groups of a number is a separator, as before */
	lex_case("030~901820 12", PHONE_OK, "03090182012", false, "", 0);
}

/*
 * Invisible characters (bidirectional marks) are skipped like white space;
 * digits of two scripts in one number are refused.
 */
static void
test_scripts(void)
{
	/* RLM, then Arabic-Indic digits */
	lex_case("\xe2\x80\x8f+\xd9\xa9\xd9\xa7\xd9\xa3 \xd9\xa1\xd9\xa7\xd9\xa0\xd9\xa0 "
			 "\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4", PHONE_OK, "97317001234", true, "", 0);
	/* LRM, RLE..RLO, PDF, LRI..PDI between and around the groups */
	lex_case("\xe2\x80\x8e+44 20\xe2\x80\xaa 7031\xe2\x80\xac 3000\xe2\x81\xa6\xe2\x81\xa9",
			 PHONE_OK, "442070313000", true, "", 0);
	lex_case("\xe2\x80\xab\xe2\x80\xad\xe2\x80\xae+1 415 555 2671\xe2\x81\xa7\xe2\x81\xa8",
			 PHONE_OK, "14155552671", true, "", 0);
	/* ASCII and Arabic-Indic digits in one number */
	lex_case("+973 1700 \xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4", PHONE_ERR_MIXED_SCRIPTS, NULL,
			 false, NULL, 10);
	/* Arabic-Indic and Eastern Arabic-Indic */
	lex_case("+\xd9\xa9\xd9\xa7\xd9\xa3 \xdb\xb1\xdb\xb7", PHONE_ERR_MIXED_SCRIPTS, NULL,
			 false, NULL, 8);
	/* full-width and ASCII */
	lex_case("\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93" "4567", PHONE_ERR_MIXED_SCRIPTS, NULL,
			 false, NULL, 9);
}

/* A label before the number is named as such */
static void
test_labels(void)
{
	PhoneParseResult r;
	char		detail[PHONE_DETAIL_BUFSIZE];

	CHECK(phone_parse("Tel: 020 7031 3000", 18, "GB", PHONE_VALIDATE_ANY, &r) ==
		  PHONE_ERR_LABEL, "Tel: label: %s", phone_error_name(r.error));
	phone_error_detail(&r, detail, sizeof(detail));
	CHECK(strstr(detail, "label \"Tel:\"") != NULL, "label detail: %s", detail);
	CHECK(phone_parse("Phone:  +44 20 7031 3000", 24, NULL, PHONE_VALIDATE_ANY, &r) ==
		  PHONE_ERR_LABEL, "Phone: label: %s", phone_error_name(r.error));
	phone_error_detail(&r, detail, sizeof(detail));
	CHECK(strstr(detail, "label \"Phone:\"") != NULL, "label detail: %s", detail);
	CHECK(phone_parse("tel. mobile: 020 7031 3000", 26, "GB", PHONE_VALIDATE_ANY, &r) ==
		  PHONE_ERR_LABEL, "tel. mobile: label: %s", phone_error_name(r.error));
	/* a URI stays a URI */
	CHECK(phone_parse("tel:+44-20-7031-3000", 20, NULL, PHONE_VALIDATE_ANY, &r) == PHONE_OK,
		  "tel: URI");
	CHECK(phone_parse("tel:+44 20", 10, NULL, PHONE_VALIDATE_ANY, &r) == PHONE_ERR_BAD_URI,
		  "tel: URI with a space");
}

/* input refused at every level with err, the DETAIL holding part */
static void
refused(const char *input, const char *region, PhoneError err, const char *part)
{
	for (int level = PHONE_VALIDATE_ANY; level <= PHONE_VALIDATE_VALID; level++)
	{
		PhoneParseResult r;
		char		detail[PHONE_DETAIL_BUFSIZE];
		PhoneError	e = phone_parse(input, strlen(input), region,
									(PhoneValidation) level, &r);

		phone_error_detail(&r, detail, sizeof(detail));
		CHECK(e == err && strstr(detail, part) != NULL,
			  "\"%s\" (%s) at level %d: %s +%s, \"%s\"; expected %s with \"%s\"",
			  input, region ? region : "none", level, phone_error_name(e),
			  r.number.digits, detail, phone_error_name(err), part);
	}
}

/* More forms of labels, and a note after the number: never digits */
static void
test_more_labels(void)
{
	refused("Tel:020 7946 0000", "GB", PHONE_ERR_LABEL, "label \"Tel:\"");
	refused("Phone:+44 20 7946 0000", NULL, PHONE_ERR_LABEL, "label \"Phone:\"");
	refused("Mob. 07700 900123", "GB", PHONE_ERR_LABEL, "label \"Mob.\"");
	refused("Fax +44 20 7946 0000", "GB", PHONE_ERR_LABEL, "label \"Fax\"");
	refused("T\xc3\xa9l\xc3\xa9phone : 01 23 45 67 89", "FR", PHONE_ERR_LABEL,
			"label \"T\xc3\xa9l\xc3\xa9phone :\"");
	refused("call +1 415 555 2671", NULL, PHONE_ERR_LABEL, "label \"call\"");
	/* a note in parentheses after the number is not a vanity number */
	refused("020 7946 0000 (office)", "GB", PHONE_ERR_LABEL,
			"followed by the note \"(office)\"");
	refused("+44 20 7946 0000 (Office", NULL, PHONE_ERR_LABEL,
			"followed by the note \"(Office\"");
	/* what stays as it was: URIs, vanity numbers, words without a number */
	refused("tel:+1 415 555 2671", NULL, PHONE_ERR_BAD_URI, "tel: URI");
	refused("tel:02079460000", "GB", PHONE_OK, "");
	refused("1-800-FLOWERS", "US", PHONE_OK, "");
	refused("Hello world", "US", PHONE_ERR_LETTERS, "letter \"H\"");
	refused("415 call 555", "US", PHONE_OK, "");	/* three letters or more */
	refused("415 ca 555", "US", PHONE_ERR_LETTERS, "letter \"c\"");
}

/*
 * A "#" at the end: named for what it is; and where digits before it were
 * read as an extension, the length error says so
 */
static void
test_trailing_hash(void)
{
	refused("02079460000#", "GB", PHONE_ERR_BAD_CHARACTER,
			"The \"#\" at character 12 ends the input with no extension after it");
	refused("+44 20 7946 0000 #", NULL, PHONE_ERR_BAD_CHARACTER,
			"The \"#\" at character 18 ends the input with no extension after it");
	refused("+1 415 555 2671 * 3", NULL, PHONE_ERR_BAD_CHARACTER,
			"The character \"*\" at character 17 has no place in a phone number.");
	for (int level = PHONE_VALIDATE_POSSIBLE; level <= PHONE_VALIDATE_VALID; level++)
	{
		PhoneParseResult r;
		char		detail[PHONE_DETAIL_BUFSIZE];

		CHECK(phone_parse("+44 20 7946 0000#", 17, NULL, (PhoneValidation) level, &r) ==
			  PHONE_ERR_TOO_SHORT, "+44 20 7946 0000#: %s", phone_error_name(r.error));
		phone_error_detail(&r, detail, sizeof(detail));
		CHECK(strcmp(detail, "Numbers under +44 (United Kingdom) have 7, 9 or 10 digits after the country code; this one has 6. The digits \"0000\" before the final \"#\" are read as an extension, as on a telephone keypad.") == 0,
			  "detail of +44 20 7946 0000#: %s", detail);
	}
	refused("+44 20 7946 0000 - 12#", NULL, PHONE_ERR_EXTENSION, "extension \"12\"");
}

/* At 'any', a length error quotes the structural limits, not the plan's */
static void
test_any_lengths(void)
{
	PhoneParseResult r;
	char		detail[PHONE_DETAIL_BUFSIZE];

	CHECK(phone_parse("+44 1", 5, NULL, PHONE_VALIDATE_ANY, &r) == PHONE_ERR_TOO_SHORT,
		  "+44 1 at any");
	phone_error_detail(&r, detail, sizeof(detail));
	CHECK(strcmp(detail, "A number has at least 2 digits after the country code; this one has 1.") == 0,
		  "detail at any: %s", detail);
	CHECK(phone_parse("+44 1", 5, NULL, PHONE_VALIDATE_POSSIBLE, &r) == PHONE_ERR_TOO_SHORT,
		  "+44 1 at possible");
	phone_error_detail(&r, detail, sizeof(detail));
	CHECK(strcmp(detail, "Numbers under +44 (United Kingdom) have 7, 9 or 10 digits after the country code; this one has 1.") == 0,
		  "detail at possible: %s", detail);
	CHECK(phone_parse("+12", 3, NULL, PHONE_VALIDATE_ANY, &r) == PHONE_ERR_TOO_SHORT,
		  "+12 at any");
	phone_error_detail(&r, detail, sizeof(detail));
	CHECK(strstr(detail, "United States") == NULL && strstr(detail, "at least") != NULL,
		  "detail of +12 at any: %s", detail);
	CHECK(phone_parse("1", 1, "GB", PHONE_VALIDATE_ANY, &r) == PHONE_ERR_TOO_SHORT,
		  "1 in GB at any");
	phone_error_detail(&r, detail, sizeof(detail));
	CHECK(strcmp(detail, "A number has at least 2 digits after the country code; this one has 1.") == 0,
		  "detail of 1 in GB at any: %s", detail);
}

/* phone_parse must not read past the end of a non-terminated input */
static void
test_unterminated_inputs(void)
{
	static const char *const inputs[] = {"tel:", "tel:6;phone-context=", "+1 4\xe2", "1+"};
	int			i;

	for (i = 0; i < 4; i++)
	{
		size_t		n = strlen(inputs[i]);
		char	   *copy = malloc(n);	/* no NUL: a sanitizer sees overreads */
		PhoneParseResult r;

		memcpy(copy, inputs[i], n);
		CHECK(phone_parse(copy, n, NULL, PHONE_VALIDATE_ANY, &r) != PHONE_OK,
			  "unterminated \"%s\" is refused", inputs[i]);
		free(copy);
	}
}

/*
 * phone_parse_e164_rank answers only where phone_parse would accept the
 * input as exactly its digits, and then with their rank: on "+" and every
 * region's example numbers (valid, or made invalid by changing a digit,
 * dropping one or adding one), random digit strings of every length,
 * strings with separators put in, tel: URIs, and strings with one
 * character that may not be a digit, at every level and with several
 * default regions.
 */
static void
test_e164_fast_path(void)
{
	static const char *const regions[] = {NULL, "US", "GB", "DE", "CN"};
	int			n_fast = 0;
	int			n_separated = 0;
	int			n_uri = 0;
	int			n = 0;
	int			bad = 0;
	char		digits[32];
	int			nd;

	for (int i = 0; i < numplan_n_regions * 40; i++)
	{
		const NumPlanRegion *r = &numplan_regions[i % numplan_n_regions];
		const char *ex = NULL;
		char		input[64];
		int			len;

		for (int d = 0; d < NUMPLAN_NDESC && ex == NULL; d++)
			ex = r->desc[(i / numplan_n_regions + d) % NUMPLAN_NDESC].example;
		if (ex != NULL && i % 5 != 0)
			len = snprintf(input, sizeof(input), "+%d%s", r->country_code, ex);
		else
		{
			len = 1 + (int) (rng() % 21);
			input[0] = '+';
			for (int j = 1; j < len; j++)
				input[j] = (char) ('0' + rng() % 10);
			input[len] = '\0';
		}
		switch (rng() % 10)
		{
			case 6:				/* as a tel: URI, with separators */
			case 7:
				for (int c = (int) (rng() % 3); c > 0; c--)
				{
					int			at = 1 + (int) (rng() % (uint64_t) len);

					memmove(input + at + 1, input + at, (size_t) (len - at + 1));
					input[at] = " -./()"[rng() % 6];
					len++;
				}
				memmove(input + 4, input, (size_t) len + 1);
				memcpy(input, rng() % 2 ? "tel:" : "TEL:", 4);
				len += 4;
				if (rng() % 3 == 0)
					len += snprintf(input + len, sizeof(input) - (size_t) len,
									"%s", rng() % 2 ? ";ext=12" : ";isub=1");
				break;
			case 4:				/* separators put in, as people write */
			case 5:
				for (int c = 1 + (int) (rng() % 4); c > 0 && len < 30; c--)
				{
					int			at = 1 + (int) (rng() % (uint64_t) len);

					memmove(input + at + 1, input + at, (size_t) (len - at + 1));
					input[at] = " -./()"[rng() % 6];
					len++;
				}
				break;
			case 0:				/* a digit changed */
				if (len > 1)
					input[1 + rng() % (uint64_t) (len - 1)] = (char) ('0' + rng() % 10);
				break;
			case 1:				/* the last digit dropped */
				if (len > 1)
					input[--len] = '\0';
				break;
			case 2:				/* a digit added */
				if (len < 30)
				{
					input[len++] = (char) ('0' + rng() % 10);
					input[len] = '\0';
				}
				break;
			case 3:				/* a character that may not be a digit */
				input[rng() % (uint64_t) len] = " -x/:;+0.()\t"[rng() % 12];
				break;
			default:			/* as it is */
				break;
		}

		for (int level = PHONE_VALIDATE_ANY; level <= PHONE_VALIDATE_VALID; level++)
			for (size_t k = 0; k < sizeof(regions) / sizeof(regions[0]); k++)
			{
				PhoneParseResult res;
				uint64_t	rank = 0;
				char	   *exact = malloc((size_t) len);	/* no NUL: a sanitizer
															 * sees overreads */
				bool		fast;

				memcpy(exact, input, (size_t) len);
				fast = phone_parse_e164_rank(exact, (size_t) len,
											 (PhoneValidation) level, &rank);
				free(exact);
				PhoneError	err = phone_parse(input, (size_t) len, regions[k],
											  (PhoneValidation) level, &res);

				n++;
				if (!fast)
					continue;
				n_fast++;
				n_separated += strcmp(res.number.digits, input + 1) != 0;
				n_uri += (input[0] | 0x20) == 't';
				/* the digits of the input, in order */
				nd = 0;
				for (int j = 1; j < len; j++)
					if (input[j] >= '0' && input[j] <= '9' && nd < 31)
						digits[nd++] = input[j];
				digits[nd] = '\0';
				if (err != PHONE_OK || strcmp(res.number.digits, digits) != 0 ||
					rank != phone_rank(res.number.digits, res.number.ndigits))
				{
					if (bad++ < 5)
						printf("fast path on \"%s\" (level %d, region %s) disagrees\n",
							   input, level, regions[k] ? regions[k] : "none");
				}
			}
	}
	CHECK(bad == 0, "the E.164 fast path disagreed with phone_parse %d times",
		  bad);
	/* the fast path must answer often, or the test proves little */
	CHECK(n_fast > n / 4, "the fast path answered %d of %d times", n_fast, n);
	CHECK(n_separated > n / 20,
		  "the fast path answered only %d times for numbers with separators",
		  n_separated);
	CHECK(n_uri > n / 40, "the fast path answered only %d times for tel: URIs",
		  n_uri);
}

static void
test_prefix_digits(void)
{
	char		d[PHONE_MAX_DIGITS + 1];

	CHECK(phone_prefix_digits("+1 415", 6, d) == 4 && strcmp(d, "1415") == 0,
		  "prefix +1 415");
	CHECK(phone_prefix_digits("44", 2, d) == 2 && strcmp(d, "44") == 0, "prefix 44");
	CHECK(phone_prefix_digits("+", 1, d) <= 0, "prefix + alone");
	CHECK(phone_prefix_digits("", 0, d) <= 0, "empty prefix");
	CHECK(phone_prefix_digits("+1a", 3, d) < 0, "prefix with letter");
	CHECK(phone_prefix_digits("12345678901234567890", 20, d) < 0, "prefix too long");
	CHECK(phone_prefix_digits("1234567890123456789", 19, d) == 19, "prefix of 19");
}

/*
 * phone_e164_digits: the digits of "+" with separators and of a tel: URI,
 * whatever the calling code; RFC 3966's visual separators only in a URI
 */
static void
test_e164_digits(void)
{
	static const struct
	{
		const char *input;
		int			n;
		const char *digits;
	}			cases[] = {
		{"+12015550155", 11, "12015550155"},
		{"+1 (201) 555-0155", 11, "12015550155"},
		{"+999 123/45.6", 9, "999123456"},
		{"tel:+1-201-555-0155", 11, "12015550155"},
		{"TEL:+878.10(123)", 8, "87810123"},
		{"+", 0, ""},
		{"tel:+1 201 555 0155", -1, NULL},
		{"tel:+1/201", -1, NULL},
		{"tel:+1201;ext=1", -1, NULL},
		{"tel:1201", -1, NULL},
		{"tel:+", -1, NULL},
		{"+1 2x", -1, NULL},
		{"12015550155", -1, NULL},
		{"", -1, NULL},
		{"+1234567890123456789", 19, "1234567890123456789"},
		{"+12345678901234567890", -1, NULL},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
	{
		char		d[PHONE_MAX_DIGITS];
		int			n = phone_e164_digits(cases[i].input,
										  strlen(cases[i].input), d);

		CHECK(n == cases[i].n &&
			  (n < 0 || memcmp(d, cases[i].digits, n) == 0),
			  "phone_e164_digits(\"%s\") = %d, want %d",
			  cases[i].input, n, cases[i].n);
	}
}

int
main(void)
{
	test_known_values();
	test_random_round_trip_and_order();
	test_prefix_ranges();
	test_lex();
	test_extension_markers();
	test_scripts();
	test_labels();
	test_more_labels();
	test_trailing_hash();
	test_any_lengths();
	test_prefix_digits();
	test_unterminated_inputs();
	test_e164_fast_path();
	test_e164_digits();
	return harness_report();
}
