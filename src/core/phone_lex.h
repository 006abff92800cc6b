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
