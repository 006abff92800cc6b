/*-------------------------------------------------------------------------
 *
 * phone_resolve.h
 *	  The second stage of phone_parse(), for the core's own use.
 *
 * phone_resolve (src/core/phone_resolve.c) resolves the digit string that
 * phone_lex() read against the numbering plans: international dialling
 * prefixes, the country calling code, national prefixes and carrier codes,
 * and the validation level, with libphonenumber's semantics.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PHONE_RESOLVE_H
#define PHONE_RESOLVE_H

#include "phone_lex.h"
#include "numplan.h"

/*
 * Used only inside the module: with GCC or clang, bind calls and data
 * references to these directly rather than through the symbol tables of a
 * shared object.
 */
#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility push(hidden)
#endif

/*
 * Resolve lexed digits into an E.164 number.  region is the already
 * looked-up region for national input, or NULL for none.  Fills
 * result->number and result->region; returns PHONE_OK, PHONE_ERR_NO_REGION,
 * PHONE_ERR_TOO_MANY_DIGITS, PHONE_ERR_REPEATED_PREFIX,
 * PHONE_ERR_KEPT_PREFIX, or a plan error (PHONE_ERR_INVALID_COUNTRY_CODE
 * .. PHONE_ERR_NOT_VALID) according to level.  Does not look at
 * lex->extension.
 */
extern PhoneError phone_resolve(const PhoneLexed *lex,
								const NumPlanRegion *region,
								PhoneValidation level,
								PhoneParseResult *result);

/*
 * The test of the fast path of type input (phone_parse_e164_rank): whether
 * phone_resolve() accepts "+" followed by digits[0..n-1] (ASCII digits,
 * checked by the caller) at level as exactly these digits, with no
 * national prefix stripped.  False tells nothing: the caller then takes
 * the general path.
 */
extern bool phone_resolve_e164(const char *digits, int n,
							   PhoneValidation level);

/*
 * Does nsn[0..n-1] begin with a national prefix of region r that
 * libphonenumber keeps as part of the number because without it the digits
 * are not a number of r (too short, of no possible length or one possible
 * only for local dialling, or fitting no pattern of r where the digits with
 * the prefix do)?  Then sets *left (when not NULL) to the number of digits
 * that would be left without it.
 */
extern bool phone_resolve_kept_prefix(const NumPlanRegion *r, const char *nsn,
									  int n, int *left);

#if defined(__GNUC__) || defined(__clang__)
#pragma GCC visibility pop
#endif

#endif							/* PHONE_RESOLVE_H */
