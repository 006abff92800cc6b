/*-------------------------------------------------------------------------
 *
 * numplan_history.c
 *	  The country calling codes that the numbering-plan data of this or of
 *	  any earlier release carried: what the calling code of a stored value
 *	  may be.
 *
 * A value is stored when a numbering plan accepts it, and a later plan may
 * withdraw its calling code.  Text and binary input in a session that reads
 * back stored values (src/pg/pg_phone_restore.c) still accept such a value,
 * and refuse a code that no release ever assigned.  The list only grows:
 * when the generated data (src/data/numplan_data.c) gains a code, add it here;
 * when it loses one, keep it here.  test/test_numplan.c checks that every
 * code of the data in use is listed.
 *
 * Releases so far: 1.0 and 1.1, libphonenumber metadata 9.0.40 (254
 * regions, 215 calling codes).
 *
 *-------------------------------------------------------------------------
 */
#include "numplan.h"

/* ascending */
static const uint16_t cc_history[] = {
	1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47,
	48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81,
	82, 84, 86, 90, 91, 92, 93, 94, 95, 98, 211, 212, 213, 216, 218, 220,
	221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234,
	235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248,
	249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260, 261, 262, 263,
	264, 265, 266, 267, 268, 269, 290, 291, 297, 298, 299, 350, 351, 352,
	353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375, 376,
	377, 378, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423, 500,
	501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594,
	595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679,
	680, 681, 682, 683, 685, 686, 687, 688, 689, 690, 691, 692, 800, 808,
	850, 852, 853, 855, 856, 870, 878, 880, 881, 882, 883, 886, 888, 960,
	961, 962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975,
	976, 977, 979, 992, 993, 994, 995, 996, 998
};

#define N_CC_HISTORY ((int) (sizeof(cc_history) / sizeof(cc_history[0])))

static bool
cc_in_history(int cc)
{
	int			lo = 0,
				hi = N_CC_HISTORY - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (cc_history[mid] == cc)
			return true;
		if (cc_history[mid] < cc)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return false;
}

/*
 * phone_cc_length_ever
 *		See phone_core.h.
 */
int
phone_cc_length_ever(const char *digits, int n)
{
	int			cc = 0;
	int			k;

	if (digits == NULL)
		return 0;
	k = numplan_country_code_length(digits, n);
	if (k != 0)
		return k;
	for (k = 0; k < PHONE_MAX_CC_DIGITS && k < n; k++)
	{
		if (digits[k] < '0' || digits[k] > '9' || (k == 0 && digits[0] == '0'))
			return 0;
		cc = cc * 10 + (digits[k] - '0');
		if (cc_in_history(cc))
			return k + 1;
	}
	return 0;
}
