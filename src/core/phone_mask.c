/*-------------------------------------------------------------------------
 *
 * phone_mask.c
 *	  Masking of phone numbers for display (SQL phone_mask): the country
 *	  calling code stays, the national significant number is starred but
 *	  for a few of its last digits, never more than half of them.
 *
 * Plain C99, no allocation, no global state (see phone_core.h).
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "phone_core.h"

/*
 * phone_mask_visible
 *		See phone_core.h.  Returns the number of trailing digits shown.
 */
int
phone_mask_visible(int nsn_len, int visible)
{
	int			cap;

	if (nsn_len <= 0 || visible <= 0)
		return 0;
	cap = nsn_len / 2;
	return visible < cap ? visible : cap;
}

/*
 * phone_mask
 *		See phone_core.h.  Returns the length of the text written to buf.
 */
size_t
phone_mask(const PhoneNumber *num, int visible, char *buf)
{
	int			cc_len = num->cc_len;
	int			nsn_len = (int) num->ndigits - cc_len;
	int			shown;
	size_t		pos = 0;
	int			i;

	/* defensive: a number always has both parts (phone_from_digits) */
	if (cc_len < 1 || cc_len > PHONE_MAX_CC_DIGITS || nsn_len < 0 ||
		nsn_len > PHONE_MAX_NSN_DIGITS)
	{
		buf[0] = '\0';
		return 0;
	}
	shown = phone_mask_visible(nsn_len, visible);

	buf[pos++] = '+';
	memcpy(buf + pos, num->digits, (size_t) cc_len);
	pos += (size_t) cc_len;
	buf[pos++] = ' ';
	for (i = 0; i < nsn_len - shown; i++)
		buf[pos++] = '*';
	memcpy(buf + pos, num->digits + cc_len + (nsn_len - shown), (size_t) shown);
	pos += (size_t) shown;
	buf[pos] = '\0';
	return pos;
}
