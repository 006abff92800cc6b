/*-------------------------------------------------------------------------
 *
 * fuzz_format.c
 *	  libFuzzer target: formatting, region, type and matching of any
 *	  number phone_from_digits accepts.
 *
 * Input layout: byte 0 gives the number of digits (1..19), the next that
 * many bytes give the digits (byte b gives (b + 2) mod 10, so that ASCII
 * digits stand for themselves), the byte after them picks a region to dial
 * from, and whatever follows is the text handed to phone_match.  Every formatting style must fit PHONE_FORMAT_BUFSIZE and
 * print E.164 as "+" and the digits; a number phone_is_valid accepts must
 * read back from its E.164 form at the "valid" level; region, type and
 * possibility answers must be in range; phone_match must return a known answer for any text,
 * and EXACT for the number's own E.164 form whenever that parses back to
 * the same digits.
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

/* phone_match on text[0..len-1], copied to an exactly sized heap buffer */
static PhoneMatch
match_copy(const PhoneNumber *num, const char *text, size_t len)
{
	char	   *copy = malloc(len > 0 ? len : 1);
	PhoneMatch	m;

	if (copy == NULL)
		abort();
	memcpy(copy, text, len);
	m = phone_match(num, copy, len);
	free(copy);
	if ((int) m < PHONE_MATCH_NOT_A_NUMBER || m > PHONE_MATCH_EXACT ||
		phone_match_name(m) == NULL)
		fuzz_fail("phone_match(\"%s\", %zu bytes) = %d", num->digits, len,
				  (int) m);
	return m;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char		digits[PHONE_MAX_DIGITS + 1];
	char		e164[PHONE_FORMAT_BUFSIZE];
	PhoneNumber num;
	PhoneParseResult res;
	const char *from;
	size_t		used;
	int			n;
	int			i;

	if (size < 1)
		return 0;
	n = 1 + data[0] % PHONE_MAX_DIGITS;
	if (size < (size_t) n + 1)
		return 0;
	for (i = 0; i < n; i++)
		digits[i] = (char) ('0' + (data[1 + i] + 2) % 10);
	digits[n] = '\0';
	used = (size_t) n + 1;
	from = fuzz_regions[used < size ? data[used] % FUZZ_NREGIONS : 0];
	if (used < size)
		used++;

	if (!phone_from_digits(digits, n, &num))
		return 0;

	fuzz_check_number(&num, "format");
	fuzz_check_rank(num.digits, num.ndigits, "format");
	fuzz_format_all(&num, e164, "format");
	fuzz_format_from(&num, from, "format");
	fuzz_check_info(&num, "format");

	/* a valid number's E.164 form reads back under the default setting */
	if (phone_is_valid(&num) && fuzz_is_canonical(&num, e164))
		fuzz_check_reparse(&num, e164, PHONE_VALIDATE_VALID, "format (valid)");

	/* the rest of the input as text to match against */
	(void) match_copy(&num, (const char *) data + used, size - used);

	/* its own E.164 form is an exact match when it reads back the same */
	if (phone_parse(e164, strlen(e164), NULL, PHONE_VALIDATE_ANY, &res) == PHONE_OK &&
		strcmp(res.number.digits, num.digits) == 0 &&
		match_copy(&num, e164, strlen(e164)) != PHONE_MATCH_EXACT)
		fuzz_fail("phone_match(\"%s\", \"%s\") is not an exact match",
				  num.digits, e164);
	return 0;
}
