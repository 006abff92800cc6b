/*-------------------------------------------------------------------------
 *
 * phone_parse.c
 *	  phone_parse(): the lexer (phone_lex.c) and then the resolver
 *	  (phone_resolve.c) over one input; and phone_parse_e164_rank(), the
 *	  short way for input that is "+" and digits.
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
	const PlanRegion *reg = NULL;
	PhoneError	err;
	int			pos;

	memset(result, 0, sizeof(*result));
	result->error_pos = -1;
	result->level = level;

	if (!region_is_none(region))
	{
		reg = plan_region_by_id(region);
		if (reg == NULL)
		{
			copy_cut(result->region, region, sizeof(result->region));
			return result->error = PHONE_ERR_UNKNOWN_REGION;
		}
	}

	/* canonical E.164 ("+" and digits), the common case: see phone_resolve.h */
	if (len > 1 && len <= PHONE_MAX_DIGITS + 1 && input[0] == '+' &&
		phone_resolve_e164(input + 1, (int) len - 1, level, result))
		return PHONE_OK;

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
	if (lex.plus && phone_resolve_e164(lex.digits, lex.ndigits, level, result))
		err = PHONE_OK;
	else
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
 * Reading eight ASCII digits at once (on little-endian machines with GCC
 * or clang): a word holds s[0] in its lowest byte.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR_DIGITS 1

#define BYTES(b)	(UINT64_C(0x0101010101010101) * (b))

/* s[0..7] as a word */
static inline uint64_t
load8(const char *s)
{
	uint64_t	x;

	memcpy(&x, s, sizeof(x));
	return x;
}

/* are all eight bytes of x ASCII digits? */
static inline bool
word_all_digits(uint64_t x)
{
	/* high nibble 3, and adding 6 to the low nibble does not carry */
	return (x & BYTES(0xF0)) == BYTES(0x30) &&
		((x + BYTES(0x06)) & BYTES(0xF0)) == BYTES(0x30);
}

/*
 * The eight digits of x (s[0] the most significant) as a number, and their
 * sum added to *sum.  x must hold digits only.
 */
static inline uint64_t
word_value(uint64_t x, uint64_t *sum)
{
	x -= BYTES(0x30);
	*sum += (x * BYTES(1)) >> 56;
	x = (x * 10 + (x >> 8)) & UINT64_C(0x00FF00FF00FF00FF);
	x = (x * 100 + (x >> 16)) & UINT64_C(0x0000FFFF0000FFFF);
	return (x * 10000 + (x >> 32)) & UINT64_C(0xFFFFFFFF);
}

/*
 * The first m (1..7) bytes of s[0..7] as the last digits of a word whose
 * other bytes are '0', so that the word's value is theirs.
 */
static inline uint64_t
head_word(const char *s, int m)
{
	return (load8(s) << (8 * (8 - m))) | (BYTES(0x30) >> (8 * m));
}
#endif

/*
 * Read digits[0..n-1] (n <= PHONE_MAX_DIGITS) as a decimal number into
 * *value and the sum of its digits into *sum; false when it is not all
 * ASCII digits (then *value and *sum mean nothing).
 */
static inline bool
plain_digits(const char *digits, int n, uint64_t *value, uint64_t *sum)
{
	unsigned	bad = 0;

	*value = 0;
	*sum = 0;
#ifdef SWAR_DIGITS
	if (n >= 8)
	{
		/* the last eight digits, the eight before them, and the rest */
		uint64_t	w = load8(digits + n - 8);
		int			m = n - 8;

		if (m > 8)
		{
			uint64_t	w2 = load8(digits + m - 8);
			uint64_t	w3 = head_word(digits, m - 8);

			if (!word_all_digits(w) || !word_all_digits(w2) ||
				!word_all_digits(w3))
				return false;
			*value = (word_value(w3, sum) * UINT64_C(100000000) +
					  word_value(w2, sum)) * UINT64_C(100000000);
		}
		else if (m > 0)
		{
			uint64_t	w2 = m == 8 ? load8(digits) : head_word(digits, m);

			if (!word_all_digits(w) || !word_all_digits(w2))
				return false;
			*value = word_value(w2, sum) * UINT64_C(100000000);
		}
		else if (!word_all_digits(w))
			return false;
		*value += word_value(w, sum);
		return true;
	}
#endif
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
 * separators of phone_lex's fast path (space - . / ( )), or for the number
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
 * phone_parse_e164_rank
 *		See phone_core.h.  For such input phone_parse() tries
 *		phone_resolve_e164() on its digits before anything else (after
 *		checking the region, which plays no part in the answer): at once
 *		when they are all the input holds after the '+', else once
 *		phone_lex() has collected them (in its fast path, or from a global
 *		tel: URI without parameters).  This is that test, with the rank
 *		read in the same pass as the digits.
 */
bool
phone_parse_e164_rank(const char *input, size_t len, PhoneValidation level,
					  uint64_t *rank)
{
	const char *digits = input + 1;
	char		buf[PHONE_MAX_DIGITS];
	const PlanRegion *region;
	uint64_t	value;
	uint64_t	sum;
	int			n;
	int			cl;

	if (len > 5 && (input[0] | 0x20) == 't' && (input[1] | 0x20) == 'e' &&
		(input[2] | 0x20) == 'l' && input[3] == ':' && input[4] == '+')
	{
		/* "tel:+" and the number, with no parameters */
		n = separated_digits(input + 5, len - 5, true, buf, &value, &sum);
		if (n < 0)
			return false;
		digits = buf;
	}
	else
	{
		if (len < 2 || input[0] != '+')
			return false;
		n = (int) len - 1;
		if (len > PHONE_MAX_DIGITS + 1 ||
			!plain_digits(digits, n, &value, &sum))
		{
			n = separated_digits(input + 1, len - 1, false, buf, &value, &sum);
			if (n < 0)
				return false;
			digits = buf;
		}
	}
	if (!phone_resolve_e164_digits(digits, n, level, &cl, &region))
		return false;
	*rank = phone_rank_of_value(value, sum, n);
	return true;
}
