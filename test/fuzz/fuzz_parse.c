/*-------------------------------------------------------------------------
 *
 * fuzz_parse.c
 *	  libFuzzer target: phone_parse() on arbitrary bytes.
 *
 * The first input byte chooses a region (from fuzz_regions, or the next
 * few input bytes as a region argument of their own); the rest is the text.
 * The text is parsed with no region and with that region, at every
 * validation level.  For each result the error report must be well formed
 * (offsets inside the input, strings terminated inside their arrays,
 * phone_error_detail never overrunning a buffer of any size).  When a
 * number comes out, it must satisfy the PhoneNumber invariants, survive
 * phone_rank/phone_unrank, format in every style within
 * PHONE_FORMAT_BUFSIZE, and its E.164 form must parse back, at the same
 * level, to the same digits.  A number accepted at the "valid" level must
 * be phone_is_valid, and the levels must agree on the digits.
 *
 * Build and run: make fuzz (Makefile, test/fuzz/run.sh).
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phone_core.h"
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NLEVELS 3

/*
 * Check that the fields of a parse result are well formed whatever the
 * error, and that phone_error_detail/_hint/_name cope with it.  small is
 * the size of an extra, short detail buffer.
 */
static void
check_result(const PhoneParseResult *res, PhoneError err, size_t len,
			 bool region_given, size_t small)
{
	char	   *buf;
	size_t		n;

	if (err != res->error)
		fuzz_fail("phone_parse returned %d but result->error is %d",
				  (int) err, (int) res->error);
	/* every error the core can return has a name of its own */
	if ((int) err < PHONE_OK || phone_error_name(err) == NULL ||
		strcmp(phone_error_name(err), "unknown") == 0)
		fuzz_fail("phone_parse returned %d", (int) err);
	if (err == PHONE_ERR_UNKNOWN_REGION && !region_given)
		fuzz_fail("unknown_region without a region");
	if (res->error_pos < -1 || (res->error_pos >= 0 && (size_t) res->error_pos > len))
		fuzz_fail("error_pos %d for an input of %zu bytes", res->error_pos, len);
	if (res->error_pos >= 0 &&
		(res->error_charpos < 1 || res->error_charpos > res->error_pos + 1))
		fuzz_fail("error_charpos %d for error_pos %d", res->error_charpos,
				  res->error_pos);
	if (!fuzz_has_nul(res->error_char, sizeof(res->error_char)) ||
		!fuzz_has_nul(res->region, sizeof(res->region)) ||
		!fuzz_has_nul(res->extension, sizeof(res->extension)) ||
		!fuzz_has_nul(res->number.digits, sizeof(res->number.digits)))
		fuzz_fail("a string of the result is not NUL-terminated (error %s)",
				  phone_error_name(err));
	if (err == PHONE_ERR_EXTENSION && res->extension[0] == '\0')
		fuzz_fail("extension error with no extension");
	if (err == PHONE_OK && res->extension[0] != '\0')
		fuzz_fail("PHONE_OK with extension \"%s\"", res->extension);

	(void) phone_error_hint(res);
	if (err == PHONE_OK)
		return;

	/* detail into the documented size, then into a short buffer */
	buf = malloc(PHONE_DETAIL_BUFSIZE);
	if (buf == NULL)
		abort();
	n = phone_error_detail(res, buf, PHONE_DETAIL_BUFSIZE);
	if (n >= PHONE_DETAIL_BUFSIZE || !fuzz_has_nul(buf, PHONE_DETAIL_BUFSIZE) ||
		strlen(buf) != n || n == 0)
		fuzz_fail("phone_error_detail(%s) returned %zu", phone_error_name(err), n);
	free(buf);

	buf = malloc(small);
	if (buf == NULL)
		abort();
	(void) phone_error_detail(res, buf, small);
	if (!fuzz_has_nul(buf, small))
		fuzz_fail("phone_error_detail(%s) into %zu bytes is not terminated",
				  phone_error_name(err), small);
	free(buf);
}

/*
 * Everything that must hold of a number phone_parse handed out at the given
 * level.
 */
static void
check_parsed(const PhoneParseResult *res, PhoneValidation level,
			 const char *from)
{
	const PhoneNumber *num = &res->number;
	char		e164[PHONE_FORMAT_BUFSIZE];

	fuzz_check_number(num, "parse");
	fuzz_check_rank(num->digits, num->ndigits, "parse");
	fuzz_format_all(num, e164, "parse");
	fuzz_format_from(num, from, "parse");
	fuzz_check_info(num, "parse");
	fuzz_check_reparse(num, e164, level, "parse");
	if (level == PHONE_VALIDATE_VALID && !phone_is_valid(num))
		fuzz_fail("\"%s\" accepted at level valid but phone_is_valid is false",
				  num->digits);
}

/*
 * Parse text in one region at every level; check each result and that the
 * levels agree: what a stricter level accepts, a laxer one accepts with
 * the same digits.
 */
static void
parse_all_levels(const char *text, size_t len, const char *region,
				 const char *from, size_t small)
{
	PhoneParseResult res[NLEVELS];
	PhoneError	err[NLEVELS];
	int			level;

	for (level = 0; level < NLEVELS; level++)
	{
		uint64_t	rank;

		err[level] = phone_parse(text, len, region, (PhoneValidation) level,
								 &res[level]);
		check_result(&res[level], err[level], len, region != NULL, small);
		if (err[level] == PHONE_OK || err[level] == PHONE_ERR_EXTENSION)
			check_parsed(&res[level], (PhoneValidation) level, from);
		/*
		 * the fast path of type input answers only as phone_parse does
		 * (which refuses any input with an unknown region)
		 */
		if (phone_parse_e164_rank(text, len, (PhoneValidation) level, &rank) &&
			err[level] != PHONE_ERR_UNKNOWN_REGION)
		{
			char		digits[PHONE_MAX_DIGITS + 1];
			size_t		nd = 0;

			/* the ASCII digits of the input (the fast path takes no more) */
			for (size_t i = 1; i < len && nd < PHONE_MAX_DIGITS; i++)
				if (text[i] >= '0' && text[i] <= '9')
					digits[nd++] = text[i];
			digits[nd] = '\0';
			if (err[level] != PHONE_OK ||
				strcmp(res[level].number.digits, digits) != 0 ||
				rank != phone_rank(res[level].number.digits,
								   res[level].number.ndigits))
				fuzz_fail("the E.164 fast path accepts \"%.*s\" at level %d, "
						  "phone_parse gives %s \"%s\"",
						  (int) len, text, level, phone_error_name(err[level]),
						  res[level].number.digits);
		}
	}
	for (level = 1; level < NLEVELS; level++)
	{
		if (err[level] != PHONE_OK && err[level] != PHONE_ERR_EXTENSION)
			continue;
		if (err[level - 1] != err[level] ||
			strcmp(res[level - 1].number.digits, res[level].number.digits) != 0)
			fuzz_fail("level %d gives %s \"%s\" but level %d gives %s \"%s\"",
					  level, phone_error_name(err[level]),
					  res[level].number.digits, level - 1,
					  phone_error_name(err[level - 1]),
					  res[level - 1].number.digits);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text;
	size_t		len;
	const char *region;
	char		own_region[4];
	unsigned	pick;

	if (size < 1)
		return 0;
	pick = data[0] % (FUZZ_NREGIONS + 1);
	text = (const char *) data + 1;
	len = size - 1;

	if (pick < FUZZ_NREGIONS)
		region = fuzz_regions[pick];
	else
	{
		/* the next (up to) three bytes as a region argument */
		size_t		k = len < 3 ? len : 3;

		memcpy(own_region, text, k);
		own_region[k] = '\0';
		region = own_region;
	}

	parse_all_levels(text, len, NULL, region, 1 + data[0] % 48);
	parse_all_levels(text, len, region, fuzz_regions[data[0] % FUZZ_NREGIONS],
					 1 + data[0] % 48);
	return 0;
}
