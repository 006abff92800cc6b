/*-------------------------------------------------------------------------
 *
 * phone_parse.c
 *	  phone_parse(): the lexer (phone_lex.c) and then the resolver
 *	  (phone_resolve.c) over one input; and phone_parse_e164_rank(), the
 *	  fast path of type input, for input that is "+" and digits.
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
 * Read digits[0..n-1] as a decimal number into *value and the sum of its
 * digits into *sum; false when it is not all ASCII digits (then *value and
 * *sum mean nothing).  No branch depends on the digits.
 */
static inline bool
plain_digits(const char *digits, int n, uint64_t *value, uint64_t *sum)
{
	unsigned	bad = 0;

	*value = 0;
	*sum = 0;
	for (int i = 0; i < n; i++)
	{
		unsigned	d = (unsigned) (digits[i] - '0');

		bad |= d > 9;
		*value = *value * 10 + d;
		*sum += d;
	}
	return bad == 0;
}

/*
 * The digits of s[0..len-1] when it holds nothing but ASCII digits and the
 * separators space - . / ( ), which phone_lex() drops, or for the number
 * of a tel: URI (uri), RFC 3966's visual separators (- . ( )): copies them
 * into buf (PHONE_MAX_DIGITS bytes), with their value into *value and their
 * sum into *sum, and returns their count; -1 for anything else or more
 * than PHONE_MAX_DIGITS digits.
 */
static int
separated_digits(const char *s, size_t len, bool uri, char *buf,
				 uint64_t *value, uint64_t *sum)
{
	int			n = 0;

	*value = 0;
	*sum = 0;
	for (size_t i = 0; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c >= '0' && c <= '9')
		{
			if (n == PHONE_MAX_DIGITS)
				return -1;
			buf[n++] = (char) c;
			*value = *value * 10 + (c - '0');
			*sum += c - '0';
		}
		else if (c != '-' && c != '.' && c != '(' && c != ')' &&
				 (uri || (c != ' ' && c != '/')))
			return -1;
	}
	return n;
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
 * phone_e164_digits
 *		See phone_core.h.
 */
int
phone_e164_digits(const char *input, size_t len, char *buf)
{
	uint64_t	value;
	uint64_t	sum;

	if (tel_plus(input, len))
		return separated_digits(input + 5, len - 5, true, buf, &value, &sum);
	if (len < 1 || input[0] != '+')
		return -1;
	return separated_digits(input + 1, len - 1, false, buf, &value, &sum);
}

/*
 * phone_parse_e164_rank
 *		See phone_core.h.  Such input is what phone_lex() reads as "+" and
 *		exactly its digits; phone_resolve_e164() then says whether
 *		phone_resolve() takes them as they are.  The digits are checked,
 *		copied, and read as a number in one pass, and the rank is computed
 *		from that number.
 */
bool
phone_parse_e164_rank(const char *input, size_t len, PhoneValidation level,
					  uint64_t *rank)
{
	const char *digits = input + 1;
	char		buf[PHONE_MAX_DIGITS];
	uint64_t	value;
	uint64_t	sum;
	int			n = (int) len - 1;

	if (tel_plus(input, len))
	{
		/* "tel:+" and the number, with no parameters */
		n = separated_digits(input + 5, len - 5, true, buf, &value, &sum);
		digits = buf;
	}
	else if (len < 2 || input[0] != '+')
		return false;
	else if (len > PHONE_MAX_DIGITS + 1 ||
			 !plain_digits(digits, n, &value, &sum))
	{
		/* "+" and digits with separators */
		n = separated_digits(input + 1, len - 1, false, buf, &value, &sum);
		digits = buf;
	}
	if (n < 0 || !phone_resolve_e164(digits, n, level))
		return false;
	*rank = phone_rank_of_value(value, sum, n);
	return true;
}
