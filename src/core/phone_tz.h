/*-------------------------------------------------------------------------
 *
 * phone_tz.h
 *	  Time zones of a phone number: libphonenumber's prefix -> time-zone
 *	  map (generated into src/data/tz_data.c by tools/tz/gen_tz_data.js).
 *
 * Plain C99 like the rest of the core: no PostgreSQL header, no
 * allocation, no mutable state.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PHONE_TZ_H
#define PHONE_TZ_H

#include <stdint.h>

#include "phone_core.h"

/* most zones any number maps to (the generator checks the data) */
#define PHONE_TZ_MAX_ZONES		64
/* longest prefix in the map, in digits (the generator checks the data) */
#define PHONE_TZ_MAX_PREFIX		10

/* what libphonenumber answers when it knows no zone */
#define PHONE_TZ_UNKNOWN		"Etc/Unknown"

/*
 * The time zones of num, as libphonenumber's
 * PhoneNumberToTimeZonesMapper.getTimeZonesForNumber gives them:
 *	- a number that is not valid (type unknown): "Etc/Unknown";
 *	- a number whose type cannot be placed (toll-free, premium-rate, VoIP,
 *	  ...): the zones of its country calling code;
 *	- otherwise the zones of the longest prefix of its E.164 digits in the
 *	  map; "Etc/Unknown" when no prefix matches.
 * Writes up to max zone names (static strings, sorted) into zones and
 * returns how many there are (at least 1; at most PHONE_TZ_MAX_ZONES).
 */
extern int	phone_timezones_of(const PhoneNumber *num, const char **zones,
							   int max);

/*
 * Every zone the callee of num may be in, for decisions about calling
 * hours: phone_timezones_of, but when that is one zone for a mobile number
 * whose country spans several zones and places mobile numbers nowhere
 * (its mobile ranges carry no area code, unlike those of Mexico 52,
 * Argentina 54, Brazil 55 and China 86, the countries libphonenumber
 * calls geographic for mobiles), the zone is only the country's default
 * (+61 4 is Australia/Sydney, +7 9 Europe/Moscow, +62 8 Asia/Jakarta):
 * then the map's zone and every zone of the number's region in the tz
 * database (zone.tab, src/data/tz_region_data.c), sorted.  Same contract as
 * phone_timezones_of otherwise.
 */
extern int	phone_timezones_possible(const PhoneNumber *num, const char **zones,
									 int max);

/* ---------------------------------------------------------------------
 * The generated tables (src/data/tz_data.c)
 * ---------------------------------------------------------------------
 */
typedef struct PhoneTzPrefix
{
	char		prefix[PHONE_TZ_MAX_PREFIX + 1];	/* E.164 digits, NUL-ended */
	uint16_t	list;			/* index into phone_tz_list_start */
} PhoneTzPrefix;

extern const char *const phone_tz_zone_names[];
extern const uint16_t phone_tz_list_start[];	/* nlists + 1 offsets */
extern const uint16_t phone_tz_list_zones[];	/* indexes of zone names */
extern const PhoneTzPrefix phone_tz_prefixes[]; /* sorted by prefix */
extern const int phone_tz_nprefixes;
/* The counts of lists and of zones: test/test_tz.c checks the tables with them */
extern const int phone_tz_nlists;
extern const int phone_tz_nzones;

/* src/data/tz_region_data.c (tools/tz/gen_tz_regions.js) */
typedef struct PhoneTzRegion
{
	char		region[3];		/* ISO 3166-1 code, NUL-ended */
	uint16_t	start;			/* index into phone_tz_region_zone_names */
	uint16_t	count;			/* number of zones, sorted */
} PhoneTzRegion;

extern const char *const phone_tz_region_zone_names[];
extern const PhoneTzRegion phone_tz_regions[]; /* sorted by region */
extern const int phone_tz_nregions;

#endif							/* PHONE_TZ_H */
