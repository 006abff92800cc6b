/*-------------------------------------------------------------------------
 *
 * phone_privacy.h
 *	  Core (plain C99) part of the privacy functions: masking a number for
 *	  display to people who must not see all of it.
 *
 * The keyed pseudonyms (phone_pseudonym) need PostgreSQL's HMAC and
 * settings and live entirely in the glue (src/pg/pg_phone_privacy.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef PHONE_PRIVACY_H
#define PHONE_PRIVACY_H

#include "phone_core.h"

/*
 * Size of a buffer that holds any phone_mask() result and its NUL:
 * '+', up to 3 country-code digits, a space, up to 17 national digits.
 */
#define PHONE_MASK_BUFSIZE		(1 + PHONE_MAX_CC_DIGITS + 1 + PHONE_MAX_NSN_DIGITS + 1)

/*
 * How many trailing digits of a national significant number of nsn_len
 * digits phone_mask() shows when asked for `visible` (>= 0): `visible`,
 * but never more than half of the national digits, rounded down.
 */
extern int	phone_mask_visible(int nsn_len, int visible);

/*
 * Write the masked form of num into buf (PHONE_MASK_BUFSIZE bytes): '+',
 * the country calling code, a space, then the national significant number
 * with every digit but the last phone_mask_visible(nsn_len, visible)
 * replaced by '*', e.g. "+1 ******2671".  A negative visible counts as 0
 * (callers that take it from users should refuse it first).  Returns the
 * length written, without the NUL.
 */
extern size_t phone_mask(const PhoneNumber *num, int visible, char *buf);

#endif							/* PHONE_PRIVACY_H */
