/*-------------------------------------------------------------------------
 *
 * phone_match.c
 *	  How closely a text matches a stored number: Google libphonenumber's
 *	  isNumberMatch(PhoneNumber, String).
 *
 * The text is parsed with no region (so it must carry its calling code)
 * and structure-only validation.  When it has no calling code (no '+', or
 * an unassigned one), it is parsed again as a national number of the main
 * region of the stored number's calling code, and an exact match then
 * counts only as an NSN match, since the text never said which country it
 * meant; a stored number of a non-geographic service has no region to read
 * such a text in, so the text is then not a number.  Any other parse
 * failure makes the text not a number.
 *
 *	exact_match      same calling code and national significant number (and
 *					 the text has no extension)
 *	nsn_match        as exact, but the calling code was taken from the
 *					 stored number
 *	short_nsn_match  same calling code, and one national number is a
 *					 suffix of the other (compared without leading zeros,
 *					 as libphonenumber compares its integer national
 *					 numbers); also the case when only the text has an
 *					 extension
 *	no_match         anything else
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "numplan.h"

/* The NSN of num without leading zeros ("0" when all are zeros) */
static const char *
nsn_value(const PhoneNumber *num, int *len)
{
	const char *p = num->digits + num->cc_len;
	int			n = num->ndigits - num->cc_len;

	while (n > 1 && *p == '0')
	{
		p++;
		n--;
	}
	*len = n;
	return p;
}

/* Does a[0..an-1] end with b[0..bn-1]? */
static bool
ends_with(const char *a, int an, const char *b, int bn)
{
	return bn <= an && memcmp(a + an - bn, b, (size_t) bn) == 0;
}

/*
 * phone_match
 *		See phone_core.h.
 */
PhoneMatch
phone_match(const PhoneNumber *num, const char *text, size_t len)
{
	PhoneParseResult r;
	PhoneError	err;
	bool		national = false;
	const PhoneNumber *other;
	const char *a;
	const char *b;
	int			an;
	int			bn;

	if (num == NULL || num->cc_len == 0 || text == NULL)
		return PHONE_MATCH_NOT_A_NUMBER;

	err = phone_parse(text, len, NULL, PHONE_VALIDATE_ANY, &r);
	if (err == PHONE_ERR_NO_REGION || err == PHONE_ERR_INVALID_COUNTRY_CODE)
	{
		const NumPlanRegion *region;

		region = numplan_main_region_for_code(phone_number_country_code(num));
		if (region == NULL || !numplan_region_geographic(region))
			return PHONE_MATCH_NOT_A_NUMBER;
		err = phone_parse(text, len, region->id, PHONE_VALIDATE_ANY, &r);
		national = true;
	}
	/*
	 * A doubled national prefix, or one kept for want of digits, cannot be
	 * stored, but the text is only compared here: take the number
	 * libphonenumber reads from it
	 */
	if (err == PHONE_ERR_REPEATED_PREFIX || err == PHONE_ERR_KEPT_PREFIX)
		err = r.extension[0] != '\0' ? PHONE_ERR_EXTENSION : PHONE_OK;
	if (err != PHONE_OK && err != PHONE_ERR_EXTENSION)
		return PHONE_MATCH_NOT_A_NUMBER;

	other = &r.number;
	if (num->cc_len != other->cc_len ||
		memcmp(num->digits, other->digits, num->cc_len) != 0)
		return PHONE_MATCH_NO_MATCH;

	if (num->ndigits == other->ndigits &&
		memcmp(num->digits, other->digits, num->ndigits) == 0 &&
		err == PHONE_OK)
		return national ? PHONE_MATCH_NSN : PHONE_MATCH_EXACT;

	a = nsn_value(num, &an);
	b = nsn_value(other, &bn);
	if (ends_with(a, an, b, bn) || ends_with(b, bn, a, an))
		return PHONE_MATCH_SHORT_NSN;
	return PHONE_MATCH_NO_MATCH;
}

/*
 * phone_match_name
 *		See phone_core.h.
 */
const char *
phone_match_name(PhoneMatch match)
{
	switch (match)
	{
		case PHONE_MATCH_NOT_A_NUMBER:
			return "not_a_number";
		case PHONE_MATCH_NO_MATCH:
			return "no_match";
		case PHONE_MATCH_SHORT_NSN:
			return "short_nsn_match";
		case PHONE_MATCH_NSN:
			return "nsn_match";
		case PHONE_MATCH_EXACT:
			return "exact_match";
	}
	return "not_a_number";
}
