/*-------------------------------------------------------------------------
 *
 * phone_tz.c
 *	  Time zones of a phone number: longest-prefix lookup in
 *	  libphonenumber's prefix -> time-zone map (src/data/tz_data.c), with
 *	  libphonenumber's rules for numbers that cannot be placed.
 *
 *-------------------------------------------------------------------------
 */
#include <string.h>

#include "phone_tz.h"

/*
 * Index into phone_tz_prefixes of the entry equal to digits[0..n-1], or -1
 * (binary search; the table is sorted in strcmp order).
 */
static int
find_prefix(const char *digits, int n)
{
	int			lo = 0;
	int			hi = phone_tz_nprefixes - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		const char *p = phone_tz_prefixes[mid].prefix;
		int			c = strncmp(p, digits, (size_t) n);

		if (c == 0 && p[n] != '\0')
			c = 1;				/* p is longer: it sorts after */
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/*
 * Zones of the longest prefix of digits[0..n-1] in the map, written into
 * zones (at most max); returns their count, or 0 when no prefix matches.
 */
static int
lookup_longest(const char *digits, int n, const char **zones, int max)
{
	int			len;

	if (n > PHONE_TZ_MAX_PREFIX)
		n = PHONE_TZ_MAX_PREFIX;
	for (len = n; len > 0; len--)
	{
		int			i = find_prefix(digits, len);

		if (i >= 0)
		{
			int			list = phone_tz_prefixes[i].list;
			int			start = phone_tz_list_start[list];
			int			count = phone_tz_list_start[list + 1] - start;
			int			k;

			for (k = 0; k < count && k < max; k++)
				zones[k] = phone_tz_zone_names[phone_tz_list_zones[start + k]];
			return count;
		}
	}
	return 0;
}

int
phone_timezones_of(const PhoneNumber *num, const char **zones, int max)
{
	PhoneType	type = phone_type(num);
	int			count;

	switch (type)
	{
		case PHONE_TYPE_UNKNOWN:
			count = 0;			/* not a valid number */
			break;
		case PHONE_TYPE_FIXED_LINE:
		case PHONE_TYPE_MOBILE:
		case PHONE_TYPE_FIXED_LINE_OR_MOBILE:
			count = lookup_longest(num->digits, num->ndigits, zones, max);
			break;
		default:
			/* not tied to a place: the zones of the whole country code */
			count = lookup_longest(num->digits, num->cc_len, zones, max);
			break;
	}
	if (count == 0)
	{
		if (max > 0)
			zones[0] = PHONE_TZ_UNKNOWN;
		count = 1;
	}
	return count;
}

/*
 * The zones of region (an ISO 3166-1 code) in phone_tz_regions: sets
 * *names to the first and returns how many there are, 0 for none.
 */
static int
region_zones(const char *region, const char *const **names)
{
	int			lo = 0;
	int			hi = phone_tz_nregions - 1;

	if (region == NULL)
		return 0;
	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;
		int			c = strcmp(phone_tz_regions[mid].region, region);

		if (c == 0)
		{
			*names = &phone_tz_region_zone_names[phone_tz_regions[mid].start];
			return phone_tz_regions[mid].count;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

int
phone_timezones_possible(const PhoneNumber *num, const char **zones, int max)
{
	const char *const *names;
	const char *map[PHONE_TZ_MAX_ZONES];
	const char *own;
	int			count = phone_timezones_of(num, map, PHONE_TZ_MAX_ZONES);
	int			nregion;
	int			n;
	int			i;
	int			cc;

	for (i = 0; i < count && i < max && i < PHONE_TZ_MAX_ZONES; i++)
		zones[i] = map[i];
	if (count != 1 || strcmp(map[0], PHONE_TZ_UNKNOWN) == 0)
		return count;
	if (phone_type(num) != PHONE_TYPE_MOBILE)
		return count;
	cc = 0;
	for (i = 0; i < num->cc_len; i++)
		cc = cc * 10 + (num->digits[i] - '0');
	switch (cc)
	{
		case 52:
		case 54:
		case 55:
		case 86:
			return count;		/* mobile numbers are placed */
		default:
			break;
	}
	nregion = region_zones(phone_region(num), &names);
	if (nregion < 2)
		return count;

	/* the map's zone and the region's (both sorted), each once */
	own = map[0];
	n = 0;
	for (i = 0; i < nregion; i++)
	{
		if (own != NULL && strcmp(own, names[i]) <= 0)
		{
			if (strcmp(own, names[i]) < 0)
			{
				if (n < max)
					zones[n] = own;
				n++;
			}
			own = NULL;
		}
		if (n < max)
			zones[n] = names[i];
		n++;
	}
	if (own != NULL)
	{
		if (n < max)
			zones[n] = own;
		n++;
	}
	return n;
}
