/*-------------------------------------------------------------------------
 *
 * test_privacy.c
 *	  Unit test of the core part of the privacy functions: masking
 *	  (src/core/phone_mask.c).
 *
 * Build and run: make test-core (Makefile).  Prints one line per failure
 * and a summary; exits non-zero when anything failed.
 *
 *-------------------------------------------------------------------------
 */
#include "harness.h"
#include "phone_core.h"

#include <stdio.h>
#include <string.h>

/* masks the E.164 digits with visible and compares with expected */
static void
expect_mask(const char *digits, int visible, const char *expected)
{
	PhoneNumber num;
	char		buf[PHONE_MASK_BUFSIZE];
	char		what[128];
	size_t		len;

	snprintf(what, sizeof(what), "mask of +%s with %d visible", digits, visible);
	if (!phone_from_digits(digits, (int) strlen(digits), &num))
	{
		check(0, what, "not a number");
		return;
	}
	len = phone_mask(&num, visible, buf);
	check(strcmp(buf, expected) == 0 && len == strlen(expected), what, buf);
}

/* the cap: never more than half of the national digits, rounded down */
static void
test_visible(void)
{
	check(phone_mask_visible(10, 4) == 4, "10 digits, 4 visible", NULL);
	check(phone_mask_visible(10, 5) == 5, "10 digits, 5 visible", NULL);
	check(phone_mask_visible(10, 6) == 5, "10 digits, 6 visible is capped", NULL);
	check(phone_mask_visible(9, 9) == 4, "9 digits: half rounds down", NULL);
	check(phone_mask_visible(7, 4) == 3, "7 digits, 4 visible is capped", NULL);
	check(phone_mask_visible(2, 4) == 1, "2 digits show at most 1", NULL);
	check(phone_mask_visible(10, 0) == 0, "0 visible", NULL);
	check(phone_mask_visible(10, -1) == 0, "negative visible counts as 0", NULL);
	check(phone_mask_visible(10, 2147483647) == 5, "huge visible", NULL);
	check(phone_mask_visible(0, 4) == 0, "no national digits", NULL);
}

/* the examples of the documentation and some edges */
static void
test_examples(void)
{
	expect_mask("14155550123", 4, "+1 ******0123");
	expect_mask("447400123456", 2, "+44 ********56");
	expect_mask("447400123456", 4, "+44 ******3456");
	expect_mask("447400123456", 5, "+44 *****23456");
	expect_mask("447400123456", 6, "+44 *****23456");
	expect_mask("447400123456", 0, "+44 **********");
	expect_mask("447400123456", -3, "+44 **********");
	/* Italian leading zero is part of the national number */
	expect_mask("390612345678", 4, "+39 ******5678");
	/* three-digit calling code, 7-digit national number */
	expect_mask("3545551234", 4, "+354 ****234");
	/* Niue: 4-digit national numbers show at most 2 */
	expect_mask("6834002", 4, "+683 **02");
}

/*
 * Properties over many numbers and every visible in -2..20: the prefix is
 * '+' and the calling code and a space; the national part has its length;
 * the shown digits are its tail; never more than half are shown.
 */
static void
test_properties(void)
{
	static const char *const numbers[] = {
		"14155552671", "442070313000", "447400123456", "390612345678",
		"4930123456", "81312345678", "6281234567890", "3545551234",
		"6834002", "2902222", "861012345678", "4930123456789012",
		"62812345678901234"
	};
	int			ok = 1;
	size_t		i;
	int			v;

	for (i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
	{
		PhoneNumber num;

		if (!phone_from_digits(numbers[i], (int) strlen(numbers[i]), &num))
		{
			check(0, "property number parses", numbers[i]);
			continue;
		}
		for (v = -2; v <= 20; v++)
		{
			char		buf[PHONE_MASK_BUFSIZE + 8];
			int			cc = num.cc_len;
			int			nsn = num.ndigits - cc;
			int			shown = v < 0 ? 0 : (v < nsn / 2 ? v : nsn / 2);
			size_t		len;
			int			k;

			memset(buf, 'X', sizeof(buf));
			len = phone_mask(&num, v, buf);
			if (len != (size_t) (1 + cc + 1 + nsn) || buf[len] != '\0' ||
				len + 1 > PHONE_MASK_BUFSIZE || buf[len + 1] != 'X')
				ok = 0;
			if (buf[0] != '+' || memcmp(buf + 1, num.digits, (size_t) cc) != 0 ||
				buf[1 + cc] != ' ')
				ok = 0;
			for (k = 0; k < nsn - shown; k++)
				if (buf[2 + cc + k] != '*')
					ok = 0;
			if (memcmp(buf + 2 + cc + nsn - shown, num.digits + num.ndigits - shown,
					   (size_t) shown) != 0)
				ok = 0;
			if (2 * shown > nsn)
				ok = 0;
			if (!ok)
			{
				check(0, "mask properties", numbers[i]);
				return;
			}
		}
	}
	check(ok, "mask properties", NULL);
}

int
main(void)
{
	test_visible();
	test_examples();
	test_properties();
	return harness_report();
}
