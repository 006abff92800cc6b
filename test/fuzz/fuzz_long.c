/*-------------------------------------------------------------------------
 *
 * fuzz_long.c
 *	  libFuzzer target: the core's text readers on long inputs, against
 *	  the clock.
 *
 * make fuzz runs this target with inputs of up to 64 KB and a time
 * limit per input (FUZZ_LONG_FLAGS): an input that takes longer is a
 * failure, as is a crash.  The core reads any length of text (the
 * PostgreSQL glue reads no more than 1024 bytes, but the core does not
 * rely on that), and it must do so in time linear in the length.  The
 * first input byte picks a region (none, or one of a few whose national
 * prefixes invite repeated stripping); the rest is the text, given to
 * phone_parse at every level, to the fast path of type input, to the
 * prefix reader and to phone_match.  The results get only light checks:
 * fuzz_parse checks them in depth on shorter inputs.  Seeds: the
 * pathological shapes of test/fuzz/long_seeds.sh.
 *
 * Build and run: make fuzz FUZZ_NAMES=long (Makefile, test/fuzz/run.sh).
 *
 *-------------------------------------------------------------------------
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "phone_core.h"
#include "fuzz_common.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const long_regions[] = {
	NULL, "US", "GB", "DE", "FR", "BY", "AU", "AF", "RU", "IT", "AR", "MX"
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *region;
	const char *text;
	size_t		len;
	PhoneParseResult res;
	PhoneNumber num;
	char		digits[PHONE_MAX_DIGITS + 1];
	uint64_t	rank;
	int			level;
	int			n;

	if (size < 1)
		return 0;
	region = long_regions[data[0] % (sizeof(long_regions) / sizeof(long_regions[0]))];
	text = (const char *) data + 1;
	len = size - 1;

	for (level = 0; level < 3; level++)
	{
		PhoneError	err = phone_parse(text, len, region, (PhoneValidation) level,
									  &res);

		if ((int) err < PHONE_OK || err != res.error ||
			strcmp(phone_error_name(err), "unknown") == 0)
			fuzz_fail("phone_parse returned %d", (int) err);
		if ((err == PHONE_OK || err == PHONE_ERR_EXTENSION) &&
			(res.number.ndigits < 1 || res.number.ndigits > PHONE_MAX_DIGITS))
			fuzz_fail("phone_parse gave %d digits", res.number.ndigits);
		(void) phone_parse_e164_rank(text, len, (PhoneValidation) level, &rank);
	}

	n = phone_prefix_digits(text, len, digits);
	if (n > PHONE_MAX_DIGITS || (n >= 0 && digits[n] != '\0'))
		fuzz_fail("phone_prefix_digits gave %d", n);

	if (!phone_from_digits("16502530000", 11, &num))
		fuzz_fail("+16502530000 is not a number");
	(void) phone_match_name(phone_match(&num, text, len));
	return 0;
}
