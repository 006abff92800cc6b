/*-------------------------------------------------------------------------
 *
 * phone_parse.c
 *	  phone_parse(): the lexer (phone_lex.c) and then the resolver
 *	  (phone_resolve.c) over one input; and phone_parse_e164_rank(), the
 *	  fast path of type input, for input that is "+" and digits: the
 *	  lexer's scanner of ASCII input, then the E.164 test of the resolver.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "phone_lex.h"
#include "phone_resolve.h"

/* Copy src into a buffer of size bytes, always NUL-terminated */
static void
copy_cut(char *dst, const char *src, size_t size)
{
	size_t		n = strlen(src);

	if (n >= size)
		n = size - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Is region NULL, empty or "ZZ" (libphonenumber's unknown region)? */
static bool
region_is_none(const char *region)
{
	return region == NULL || region[0] == '\0' ||
		((region[0] == 'Z' || region[0] == 'z') &&
		 (region[1] == 'Z' || region[1] == 'z') && region[2] == '\0');
}

/*
 * phone_parse
 *		See phone_core.h.
 */
PhoneError
phone_parse(const char *input, size_t len, const char *region,
			PhoneValidation level, PhoneParseResult *result)
{
	PhoneLexed	lex;
	const NumPlanRegion *reg = NULL;
	PhoneError	err;
	int			pos;

	memset(result, 0, sizeof(*result));
	result->error_pos = -1;
	result->level = level;

	if (!region_is_none(region))
	{
		reg = numplan_region_by_id(region);
		if (reg == NULL)
		{
			copy_cut(result->region, region, sizeof(result->region));
			return result->error = PHONE_ERR_UNKNOWN_REGION;
		}
	}

	err = phone_lex(input, len, &lex, &pos);
	if (err != PHONE_OK)
	{
		result->error = err;
		result->total_digits = lex.ndigits;
		result->reason = lex.reason;
		if (pos >= 0)
			phone_lex_error_at(input, len, &lex, pos, result);
		return err;
	}

	result->total_digits = lex.ndigits;
	err = phone_resolve(&lex, reg, level, result);
	result->error = err;
	if (lex.extension[0] != '\0')
	{
		memcpy(result->extension, lex.extension, sizeof(result->extension));
		result->extension_hash = lex.extension_hash;
		if (err == PHONE_OK)
			result->error = PHONE_ERR_EXTENSION;
	}
	return result->error;
}

/*
 * Whether input starts with "tel:+", "tel:" in any case
 */
static inline bool
tel_plus(const char *input, size_t len)
{
	return len > 5 && (input[0] | 0x20) == 't' && (input[1] | 0x20) == 'e' &&
		(input[2] | 0x20) == 'l' && input[3] == ':' && input[4] == '+';
}

/*
 * The digits of input written in the forms of phone_e164_digits(), with
 * their value and sum (phone_lex_ascii() after "+" or "tel:+")
 */
static inline int
e164_digits(const char *input, size_t len, char *buf, uint64_t *value,
			uint64_t *sum)
{
	if (tel_plus(input, len))
		return phone_lex_ascii(input + 5, len - 5, true, buf,
							   PHONE_MAX_DIGITS, value, sum);
	if (len < 1 || input[0] != '+')
		return -1;
	return phone_lex_ascii(input + 1, len - 1, false, buf, PHONE_MAX_DIGITS,
						   value, sum);
}

/*
 * phone_e164_digits
 *		See phone_core.h.
 */
int
phone_e164_digits(const char *input, size_t len, char *buf)
{
	uint64_t	value;
	uint64_t	sum;

	return e164_digits(input, len, buf, &value, &sum);
}

/*
 * phone_parse_e164_rank
 *		See phone_core.h.  Such input is what phone_lex() reads as "+" and
 *		exactly its digits (phone_lex_ascii, the lexer's own fast path);
 *		phone_resolve_e164() then says whether phone_resolve() takes them
 *		as they are.  No PhoneLexed or PhoneParseResult is filled: the
 *		digits go from the scanner straight to that test, and the rank is
 *		computed from the value and sum the scanner gathered.
 */
bool
phone_parse_e164_rank(const char *input, size_t len, PhoneValidation level,
					  uint64_t *rank)
{
	char		digits[PHONE_MAX_DIGITS];
	uint64_t	value;
	uint64_t	sum;
	int			n = e164_digits(input, len, digits, &value, &sum);

	if (n < 0 || !phone_resolve_e164(digits, n, level))
		return false;
	*rank = phone_rank_of_value(value, sum, n);
	return true;
}
