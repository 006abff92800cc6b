/*-------------------------------------------------------------------------
 *
 * fuzz_recv.c
 *	  libFuzzer target: the binary receive path on arbitrary 8 bytes.
 *
 * phone_recv reads the unsigned rank as 8 bytes, most significant first,
 * turns it back into digits with phone_unrank and accepts it when
 * phone_from_digits does.  This target does the same with the first 8
 * input bytes and checks that every value so accepted can be printed and
 * read back: unrank gives 0..19 ASCII digits whose rank is the input,
 * every formatting style fits PHONE_FORMAT_BUFSIZE, the E.164 text parses
 * back at the "any" level to the same digits (and at the "valid" level
 * too when phone_is_valid says the number is valid), and phone_rank of the
 * number gives the rank that came in.  A ninth byte, when present, picks
 * the region to format the number from.
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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint64_t	rank = 0;
	char		digits[PHONE_MAX_DIGITS + 1];
	char		e164[PHONE_FORMAT_BUFSIZE];
	PhoneNumber num;
	int			n;
	int			i;

	if (size < 8)
		return 0;
	for (i = 0; i < 8; i++)
		rank = (rank << 8) | data[i];

	memset(digits, 'x', sizeof(digits));
	n = phone_unrank(rank, digits);
	if (rank >= PHONE_RANK_LIMIT)
	{
		if (n != -1)
			fuzz_fail("unrank(%llu) beyond the limit gave %d",
					  (unsigned long long) rank, n);
		return 0;
	}
	if (n < 0 || n > PHONE_MAX_DIGITS || digits[n] != '\0')
		fuzz_fail("unrank(%llu) gave %d", (unsigned long long) rank, n);
	for (i = 0; i < n; i++)
		if (digits[i] < '0' || digits[i] > '9')
			fuzz_fail("unrank(%llu) gave byte 0x%02x", (unsigned long long) rank,
					  (unsigned char) digits[i]);
	if (fuzz_check_rank(digits, n, "recv") != rank)
		fuzz_fail("rank(unrank(%llu)) = %llu", (unsigned long long) rank,
				  (unsigned long long) phone_rank(digits, n));

	if (!phone_from_digits(digits, n, &num))
		return 0;

	fuzz_check_number(&num, "recv");
	if (num.ndigits != n || strcmp(num.digits, digits) != 0)
		fuzz_fail("phone_from_digits(\"%s\") holds \"%s\"", digits, num.digits);
	if (phone_rank(num.digits, num.ndigits) != rank)
		fuzz_fail("phone_rank of received \"%s\" is %llu, not %llu", num.digits,
				  (unsigned long long) phone_rank(num.digits, num.ndigits),
				  (unsigned long long) rank);
	fuzz_format_all(&num, e164, "recv");
	fuzz_format_from(&num, fuzz_regions[size > 8 ? data[8] % FUZZ_NREGIONS : 0],
					 "recv");
	fuzz_check_info(&num, "recv");
	/* receive refuses digits that are not canonical (see fuzz_common.h) */
	if (!fuzz_is_canonical(&num, e164))
		return 0;
	/* a valid value must also restore under the default setting */
	if (phone_is_valid(&num))
		fuzz_check_reparse(&num, e164, PHONE_VALIDATE_VALID, "recv (valid)");
	return 0;
}
