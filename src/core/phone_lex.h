/*-------------------------------------------------------------------------
 *
 * phone_lex.h
 *	  The first stage of phone_parse(), for the core's own use.
 *
 * phone_parse() first reads the characters of the input (phone_lex, in
 * src/core/phone_lex.c): digits of any script, punctuation, a leading '+',
 * tel: URIs (RFC 3966, phone-context included), an extension, vanity
 * letters.  What comes out is a plain ASCII digit string with a few flags;
 * no numbering-plan knowledge is used there.  It then resolves that digit
 * string against the numbering plans (phone_resolve.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef PHONE_LEX_H
#define PHONE_LEX_H

#include "phone_core.h"

/*
 * Used only inside the module: with GCC or clang, bind calls and data
 * references to these directly rather than through the symbol tables of a
 * shared object.
 */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#endif

/* digits the lexer keeps; longer input is PHONE_ERR_TOO_MANY_DIGITS */
#define PHONE_LEX_MAX_DIGITS	40

typedef struct PhoneLexed
{
	char		digits[PHONE_LEX_MAX_DIGITS + 1];	/* ASCII '0'..'9', NUL-ended */
	int			ndigits;
	bool		plus;			/* written with a leading '+', or a global
								 * tel: URI, or phone-context "+..." (whose
								 * digits then come first in digits) */
	bool		vanity;			/* letters were read as keypad digits */
	char		extension[PHONE_MAX_EXT_DIGITS + 1];	/* "" when none */
	const char *reason;			/* for PHONE_ERR_BAD_URI: what is wrong; for
								 * PHONE_ERR_LETTERS, not NULL when the
								 * letters are an extension label; for
								 * PHONE_ERR_LABEL, not NULL for a note after
								 * the number */
	int			label_len;		/* for PHONE_ERR_LABEL: bytes of the label */
	bool		extension_hash; /* the extension was the digits before a
								 * final '#' */
} PhoneLexed;

/*
 * Read input into *lex.  Returns PHONE_OK or a structural error
 * (PHONE_ERR_EMPTY .. PHONE_ERR_BAD_URI); on error, *error_pos is the byte
 * offset of the offending character or -1.
 */
extern PhoneError phone_lex(const char *input, size_t len, PhoneLexed *lex,
							int *error_pos);

/*
 * The fast path of phone_lex(), for input of ASCII digits and separators:
 * when s[0..len) holds nothing but ASCII digits and the separators space
 * - . / ( ) (with uri, RFC 3966's visual separators - . ( ) alone), at most
 * max digits, copies the digits into digits (no NUL added), sets *value to
 * them read as a decimal number and *sum to their sum, and returns their
 * count, from 0; returns -1 for any other character or more than max
 * digits (the outputs then mean nothing).  What phone_lex() makes of such
 * input, after an optional '+', is exactly these digits.
 *
 * Inline, so that each caller gets it compiled for its own uri and max, and
 * without *value and *sum where it does not use them: it is also the fast
 * path of type input (phone_e164_digits, phone_parse_e164_rank), which
 * computes the rank of the digits from *value and *sum.
 */
static inline int
phone_lex_ascii(const char *s, size_t len, bool uri, char *digits, int max,
				uint64_t *value, uint64_t *sum)
{
	size_t		lead = len < (size_t) max ? len : (size_t) max;
	size_t		k;
	uint64_t	v = 0;
	uint64_t	t = 0;
	int			nd;

	/* the leading digits, up to max of them: all of a canonical number */
	for (k = 0; k < lead; k++)
	{
		unsigned	d = (unsigned) (unsigned char) s[k] - '0';

		if (d > 9)
			break;
		digits[k] = s[k];
		v = v * 10 + d;
		t += d;
	}
	nd = (int) k;
	/* separators and the digits after them */
	for (; k < len; k++)
	{
		unsigned char c = (unsigned char) s[k];

		if (c >= '0' && c <= '9')
		{
			if (nd == max)
				return -1;
			digits[nd++] = (char) c;
			v = v * 10 + (uint64_t) (c - '0');
			t += (uint64_t) (c - '0');
		}
		else if (c != '-' && c != '.' && c != '(' && c != ')' &&
				 (uri || (c != ' ' && c != '/')))
			return -1;
	}
	*value = v;
	*sum = t;
	return nd;
}

/*
 * Where phone_lex() failed, for the result of phone_parse(): with
 * result->error already set to phone_lex's error and pos (>= 0) the
 * offset it gave, sets result->error_pos, error_charpos and error_char (the
 * offending character, when it is printable), result->reason "hash" for a
 * "#" that ends the input, and result->label for PHONE_ERR_LABEL.
 */
extern void phone_lex_error_at(const char *input, size_t len,
							   const PhoneLexed *lex, int pos,
							   PhoneParseResult *result);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#endif							/* PHONE_LEX_H */
