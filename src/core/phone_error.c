/*-------------------------------------------------------------------------
 *
 * phone_error.c
 *	  The words that explain why phone_parse() refused an input: the
 *	  detail and hint of the error PostgreSQL raises, and the short name
 *	  of each error (phone_error_detail, phone_error_hint,
 *	  phone_error_name).  English only.
 *
 *-------------------------------------------------------------------------
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "phone_resolve.h"

/*
 * Append formatted text to buf (of size bytes) at *used, never
 * overflowing; the result is always NUL-terminated.
 */
static void
append(char *buf, size_t size, size_t *used, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void
append(char *buf, size_t size, size_t *used, const char *fmt, ...)
{
	va_list		ap;
	int			n;

	if (*used >= size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf + *used, size - *used, fmt, ap);
	va_end(ap);
	if (n > 0)
		*used += (size_t) n;
	if (*used >= size)
		*used = size - 1;
}

/*
 * Write a set of lengths (bit n = length n) as English: "7 or 9",
 * "8 to 10", "4, 6 or 8 to 10".
 */
static void
append_lengths(char *buf, size_t size, size_t *used, uint32_t mask)
{
	int			runs[32][2];
	int			nruns = 0;
	int			n;
	int			r;

	for (n = 0; n < 32; n++)
	{
		if (!(mask & (UINT32_C(1) << n)))
			continue;
		if (nruns > 0 && runs[nruns - 1][1] == n - 1)
			runs[nruns - 1][1] = n;
		else
		{
			runs[nruns][0] = runs[nruns][1] = n;
			nruns++;
		}
	}
	/* a run of two is written as two numbers: "9 or 10", not "9 to 10" */
	for (r = 0; r < nruns; r++)
	{
		bool		last = (r == nruns - 1);

		if (r > 0)
			append(buf, size, used,
				   last && runs[r][0] == runs[r][1] ? " or " : ", ");
		if (runs[r][0] == runs[r][1])
			append(buf, size, used, "%d", runs[r][0]);
		else if (runs[r][1] == runs[r][0] + 1)
			append(buf, size, used, "%d%s%d", runs[r][0], last ? " or " : ", ",
				   runs[r][1]);
		else
			append(buf, size, used, "%d to %d", runs[r][0], runs[r][1]);
	}
}

/* Length of the calling code at the start of the judged digits, or 0 */
static int
judged_cc_len(const PhoneParseResult *result)
{
	if (result->number.cc_len > 0)
		return result->number.cc_len;
	return numplan_country_code_length(result->number.digits, result->number.ndigits);
}

/*
 * The region whose plan judged a number: the one recorded in the result
 * when it is a geographic region, else the main region of the calling code.
 */
static const NumPlanRegion *
judged_region(const PhoneParseResult *result)
{
	const NumPlanRegion *reg = NULL;

	if (result->region[0] != '\0')
		reg = numplan_region_by_id(result->region);
	if (reg == NULL && judged_cc_len(result) > 0)
	{
		int			cc = 0;
		int			k;

		for (k = 0; k < judged_cc_len(result); k++)
			cc = cc * 10 + (result->number.digits[k] - '0');
		reg = numplan_main_region_for_code(cc);
	}
	return reg;
}

/*
 * "+354 (Iceland)" or "+800 (International Freephone)": the calling code
 * first, so that the sentence needs no article before the name.
 */
static void
append_region_name(char *buf, size_t size, size_t *used,
				   const NumPlanRegion *reg, int cc)
{
	append(buf, size, used, "+%d (%s)", cc, reg->name != NULL ? reg->name : reg->id);
}

/*
 * Does the national significant number of the judged digits begin with a
 * national prefix of its region (or, failing that, of the main region of
 * its calling code) that is kept only for want of digits?  Then sets *reg to
 * that region and *left to the digits that would be left without it.
 */
static bool
kept_prefix_region(const PhoneParseResult *result, const NumPlanRegion **reg,
				   int *left)
{
	int			cl = judged_cc_len(result);
	const char *nsn = result->number.digits + cl;
	int			n = result->number.ndigits - cl;
	const NumPlanRegion *own = judged_region(result);
	const NumPlanRegion *r;

	if (own == NULL || cl == 0 || n <= 0)
		return false;
	if (phone_resolve_kept_prefix(own, nsn, n, left))
	{
		*reg = own;
		return true;
	}
	r = numplan_main_region_for_code(phone_number_country_code(&result->number));
	if (r != NULL && r != own && phone_resolve_kept_prefix(r, nsn, n, left))
	{
		*reg = r;
		return true;
	}
	return false;
}

/*
 * The DETAIL of PHONE_ERR_KEPT_PREFIX: which prefix, how many digits are
 * left without it, and how many the region's numbers have.
 */
static void
append_kept_prefix(const PhoneParseResult *result, char *buf, size_t size,
				   size_t *used)
{
	const NumPlanRegion *reg = NULL;
	int			left = 0;
	uint32_t	lengths;

	if (!kept_prefix_region(result, &reg, &left))
	{
		append(buf, size, used,
			   "The number begins with a national (trunk) prefix that cannot be kept as part of the number, and without it the number is too short.");
		return;
	}
	lengths = reg->desc[NUMPLAN_DESC_GENERAL].possible_lengths;
	if (reg->national_prefix != NULL && reg->national_prefix[0] != '\0')
		append(buf, size, used,
			   "The national (trunk) prefix \"%s\" cannot be kept as part of the number, and without it ",
			   reg->national_prefix);
	else
		append(buf, size, used,
			   "The national (trunk) prefix cannot be kept as part of the number, and without it ");
	if (lengths != 0 && left < numplan_lowest_bit(lengths))
	{
		append(buf, size, used,
			   "the number is too short: %d digit%s, where numbers under ",
			   left, left == 1 ? "" : "s");
		append_region_name(buf, size, used, reg, reg->country_code);
		append(buf, size, used, " have at least %d.", numplan_lowest_bit(lengths));
	}
	else if (left >= 32 || !(lengths & (UINT32_C(1) << left)))
	{
		append(buf, size, used, "the number has %d digit%s, where numbers under ",
			   left, left == 1 ? "" : "s");
		append_region_name(buf, size, used, reg, reg->country_code);
		append(buf, size, used, " have ");
		append_lengths(buf, size, used, lengths);
		append(buf, size, used, ".");
	}
	else
	{
		append(buf, size, used, "the %d digits left fit no number pattern of ",
			   left);
		append_region_name(buf, size, used, reg, reg->country_code);
		append(buf, size, used, ".");
	}
}

/*
 * phone_error_detail
 *		See phone_core.h.
 */
size_t
phone_error_detail(const PhoneParseResult *result, char *buf, size_t bufsize)
{
	size_t		used = 0;
	const NumPlanRegion *reg;
	int			cc;
	int			nsn;

	if (bufsize == 0)
		return 0;
	buf[0] = '\0';

	switch (result->error)
	{
		case PHONE_OK:
			break;
		case PHONE_ERR_EMPTY:
			append(buf, bufsize, &used, "The input contains no digits.");
			break;
		case PHONE_ERR_LETTERS:
			if (result->reason != NULL)
			{
				append(buf, bufsize, &used,
					   "The extension label at character %d is not followed by an extension: 1 to 20 digits in one run at the end of the input (at most 15 after \";\" or \",,\", 9 after x, #, ~ or int).",
					   result->error_charpos);
				break;
			}
			append(buf, bufsize, &used,
				   "The letter \"%s\" at character %d is not part of a phone number; letters are read as keypad digits only in a vanity number such as 1-800-FLOWERS (three digits or more, then three letters or more).",
				   result->error_char, result->error_charpos);
			break;
		case PHONE_ERR_BAD_CHARACTER:
			if (result->reason != NULL)
				append(buf, bufsize, &used,
					   "The \"%s\" at character %d ends the input with no extension after it; in a phone number a \"#\" only marks an extension, before its digits (or after them, as in \"- 12#\").",
					   result->error_char, result->error_charpos);
			else if (result->error_char[0] != '\0')
				append(buf, bufsize, &used,
					   "The character \"%s\" at character %d has no place in a phone number.",
					   result->error_char, result->error_charpos);
			else
				append(buf, bufsize, &used,
					   "The input has a control character or invalid byte at character %d.",
					   result->error_charpos);
			break;
		case PHONE_ERR_PLUS_POSITION:
			append(buf, bufsize, &used,
				   "A \"+\" may only come first, before the country code; there is one at character %d.",
				   result->error_charpos);
			break;
		case PHONE_ERR_TOO_MANY_DIGITS:
			append(buf, bufsize, &used,
				   "A phone number has at most %d digits including the country code, and at most %d after it; this input has %d digits.",
				   PHONE_MAX_DIGITS, PHONE_MAX_NSN_DIGITS, result->total_digits);
			break;
		case PHONE_ERR_EXTENSION:
			append(buf, bufsize, &used,
				   "The input has the extension \"%s\"; a phone value holds the dialable number only and does not store extensions.",
				   result->extension);
			break;
		case PHONE_ERR_NO_REGION:
			append(buf, bufsize, &used,
				   "The number has no country code, and there is no region to read it as a national number.");
			break;
		case PHONE_ERR_UNKNOWN_REGION:
			append(buf, bufsize, &used,
				   "\"%s\" is not the ISO 3166-1 code of a region with a numbering plan.",
				   result->region);
			break;
		case PHONE_ERR_BAD_URI:
			append(buf, bufsize, &used, "The tel: URI is malformed: %s.",
				   result->reason ? result->reason : "it does not follow RFC 3966");
			break;
		case PHONE_ERR_INVALID_COUNTRY_CODE:
			{
				int			k;
				int			n = result->number.ndigits;

				if (n > PHONE_MAX_CC_DIGITS)
					n = PHONE_MAX_CC_DIGITS;
				if (n == 0)
				{
					append(buf, bufsize, &used,
						   "The number has no country code after the international prefix.");
					break;
				}
				append(buf, bufsize, &used, "No country or service has the calling code ");
				for (k = 1; k <= n; k++)
				{
					if (k > 1)
						append(buf, bufsize, &used, k == n ? " or " : ", ");
					append(buf, bufsize, &used, "+%.*s", k, result->number.digits);
				}
				append(buf, bufsize, &used, ".");
			}
			break;
		case PHONE_ERR_TOO_SHORT:
		case PHONE_ERR_TOO_LONG:
		case PHONE_ERR_INVALID_LENGTH:
			reg = judged_region(result);
			nsn = result->number.ndigits - judged_cc_len(result);
			if (result->error == PHONE_ERR_TOO_SHORT &&
				result->level == PHONE_VALIDATE_ANY)
			{
				/* at 'any' the plan's lengths do not apply, only the structure */
				if (judged_cc_len(result) == 0)
					append(buf, bufsize, &used,
						   "A number has a country code and at least %d digits after it; this one has %d digit%s in all.",
						   PHONE_MIN_NSN_DIGITS, nsn, nsn == 1 ? "" : "s");
				else
					append(buf, bufsize, &used,
						   "A number has at least %d digits after the country code; this one has %d.",
						   PHONE_MIN_NSN_DIGITS, nsn);
				break;
			}
			if (reg == NULL)
			{
				append(buf, bufsize, &used,
					   "The number has %d digit%s after the country code, which is %s.",
					   nsn, nsn == 1 ? "" : "s",
					   result->error == PHONE_ERR_TOO_SHORT ? "too few" :
					   result->error == PHONE_ERR_TOO_LONG ? "too many" : "not a possible length");
				break;
			}
			cc = reg->country_code;
			append(buf, bufsize, &used, "Numbers under ");
			append_region_name(buf, bufsize, &used, reg, cc);
			append(buf, bufsize, &used, " have ");
			append_lengths(buf, bufsize, &used,
						   reg->desc[NUMPLAN_DESC_GENERAL].possible_lengths);
			append(buf, bufsize, &used, " digits after the country code; this one has %d.", nsn);
			break;
		case PHONE_ERR_REPEATED_PREFIX:
			reg = judged_region(result);
			cc = judged_cc_len(result);
			if (result->reason != NULL && reg != NULL &&
				reg->national_prefix != NULL)
				append(buf, bufsize, &used,
					   "The country code %.*s is followed by the national (trunk) prefix \"%s\" written twice.",
					   cc, result->number.digits, reg->national_prefix);
			else if (reg != NULL && reg->national_prefix != NULL)
				append(buf, bufsize, &used,
					   "The national (trunk) prefix \"%s\" is written twice: with one removed, the number +%.*s %s still begins with it.",
					   reg->national_prefix, cc, result->number.digits,
					   result->number.digits + cc);
			else
				append(buf, bufsize, &used,
					   "A national (trunk) prefix is written twice: with one removed, the number +%.*s %s still begins with one.",
					   cc, result->number.digits, result->number.digits + cc);
			break;
		case PHONE_ERR_MIXED_SCRIPTS:
			append(buf, bufsize, &used,
				   "The digit \"%s\" at character %d is of another script than the digits before it; the digits of a number must all be of one script.",
				   result->error_char, result->error_charpos);
			break;
		case PHONE_ERR_LABEL:
			if (result->reason != NULL)
				append(buf, bufsize, &used,
					   "The number is followed by the note \"%s\"; a phone value holds the number alone, and letters in brackets are not read as keypad digits.",
					   result->label);
			else
				append(buf, bufsize, &used,
					   "The number is preceded by the label \"%s\"; a phone value holds the number alone.",
					   result->label);
			break;
		case PHONE_ERR_KEPT_PREFIX:
			append_kept_prefix(result, buf, bufsize, &used);
			break;
		case PHONE_ERR_NOT_VALID:
			reg = judged_region(result);
			if (reg == NULL)
			{
				append(buf, bufsize, &used,
					   "+%s is not in any number range in use.", result->number.digits);
				break;
			}
			append(buf, bufsize, &used, "+%s has a possible length but is not in any number range in use under ",
				   result->number.digits);
			append_region_name(buf, bufsize, &used, reg, reg->country_code);
			append(buf, bufsize, &used, ".");
			break;
	}

	/* "+44 20 7946 0000#": the digits before the "#" are an extension */
	if (result->extension_hash && result->extension[0] != '\0' &&
		(result->error == PHONE_ERR_TOO_SHORT ||
		 result->error == PHONE_ERR_TOO_LONG ||
		 result->error == PHONE_ERR_INVALID_LENGTH ||
		 result->error == PHONE_ERR_NOT_VALID ||
		 result->error == PHONE_ERR_KEPT_PREFIX))
		append(buf, bufsize, &used,
			   " The digits \"%s\" before the final \"#\" are read as an extension, as on a telephone keypad.",
			   result->extension);
	return used;
}

/*
 * Does the national significant number of the judged digits begin with a
 * national prefix of its region that was kept only because without it the
 * number would have had no possible length?  Then a digit is missing or one
 * too many, and accepting the number at a laxer level would store the
 * prefix (FR "06 13 44 12 5" would become +33 061344125).
 */
static bool
keeps_national_prefix(const PhoneParseResult *result)
{
	const NumPlanRegion *reg = NULL;
	int			left;

	return kept_prefix_region(result, &reg, &left);
}

/*
 * phone_error_hint
 *		See phone_core.h.
 */
const char *
phone_error_hint(const PhoneParseResult *result)
{
	switch (result->error)
	{
		case PHONE_ERR_EXTENSION:
			return "Use phone_split(input, region) to get the number and the extension separately, and keep the extension in a column of its own.";
		case PHONE_ERR_NO_REGION:
			return "Write it with \"+\" and the country code, set phone.default_region, or use phone_parse(text, region).";
		case PHONE_ERR_UNKNOWN_REGION:
			if (strcmp(result->region, "UK") == 0 || strcmp(result->region, "uk") == 0)
				return "The ISO 3166-1 code of the United Kingdom is GB.";
			return "Use a two-letter ISO 3166-1 code such as US, GB or DE; phone_regions() lists them all.";
		case PHONE_ERR_PLUS_POSITION:
			return "Write the number with a single \"+\" before the country code.";
		case PHONE_ERR_TOO_MANY_DIGITS:
			return "Check for digits typed twice, or for two numbers in one value.";
		case PHONE_ERR_INVALID_COUNTRY_CODE:
			return "Check the country code; a national number is written without \"+\" and read with a region.";
		case PHONE_ERR_TOO_SHORT:
		case PHONE_ERR_TOO_LONG:
		case PHONE_ERR_INVALID_LENGTH:
			return "Check for a missing or extra digit.";
		case PHONE_ERR_NOT_VALID:
			if (keeps_national_prefix(result))
				return "Check for a missing or extra digit: the number still begins with its national (trunk) prefix, kept because without it the digits are not a number of the region.";
			return "If the number is newly assigned, accept numbers of a possible length: set phone.validation to 'possible', or use phone_parse(text, region, 'possible').";
		case PHONE_ERR_LETTERS:
			if (result->reason != NULL)
				return "Write the extension as one run of digits after its label, and use phone_split(input, region) to keep it apart.";
			return NULL;
		case PHONE_ERR_REPEATED_PREFIX:
			return "Write the national prefix once, or the number with \"+\" and the country code and no national prefix.";
		case PHONE_ERR_LABEL:
			if (result->reason != NULL)
				return "Remove the note and keep the number alone; a column of its own can hold the note.";
			return "Remove the label and keep the number alone.";
		case PHONE_ERR_BAD_CHARACTER:
			if (result->reason != NULL)
				return "Remove the \"#\", or write the extension after it and use phone_split(input, region) to keep it apart.";
			return NULL;
		case PHONE_ERR_KEPT_PREFIX:
			{
				const NumPlanRegion *reg = NULL;
				int			left = 0;

				if (kept_prefix_region(result, &reg, &left) &&
					reg->desc[NUMPLAN_DESC_GENERAL].possible_lengths != 0 &&
					left >= numplan_lowest_bit(reg->desc[NUMPLAN_DESC_GENERAL].possible_lengths))
					return "Check the number for a missing or extra digit.";
				return "Check the number for missing digits.";
			}
		default:
			return NULL;
	}
}

/*
 * phone_error_name
 *		See phone_core.h.
 */
const char *
phone_error_name(PhoneError error)
{
	switch (error)
	{
		case PHONE_OK:
			return "ok";
		case PHONE_ERR_EMPTY:
			return "empty";
		case PHONE_ERR_LETTERS:
			return "letters";
		case PHONE_ERR_BAD_CHARACTER:
			return "bad_character";
		case PHONE_ERR_PLUS_POSITION:
			return "misplaced_plus";
		case PHONE_ERR_TOO_MANY_DIGITS:
			return "too_many_digits";
		case PHONE_ERR_EXTENSION:
			return "extension";
		case PHONE_ERR_NO_REGION:
			return "no_region";
		case PHONE_ERR_UNKNOWN_REGION:
			return "unknown_region";
		case PHONE_ERR_BAD_URI:
			return "bad_uri";
		case PHONE_ERR_INVALID_COUNTRY_CODE:
			return "invalid_country_code";
		case PHONE_ERR_TOO_SHORT:
			return "too_short";
		case PHONE_ERR_TOO_LONG:
			return "too_long";
		case PHONE_ERR_INVALID_LENGTH:
			return "invalid_length";
		case PHONE_ERR_NOT_VALID:
			return "not_valid";
		case PHONE_ERR_REPEATED_PREFIX:
			return "repeated_prefix";
		case PHONE_ERR_MIXED_SCRIPTS:
			return "mixed_scripts";
		case PHONE_ERR_LABEL:
			return "label";
		case PHONE_ERR_KEPT_PREFIX:
			return "kept_prefix";
	}
	return "unknown";
}
