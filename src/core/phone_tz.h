/*-------------------------------------------------------------------------
 *
 * phone_tz.h
 *	  The tables of libphonenumber's prefix -> time-zone map (generated
 *	  into src/data/tz_data.c by tools/tz/gen_tz_data.js) and of the zones
 *	  of each region, for the core's own use: src/core/phone_tz.c, the
 *	  generated data and test/test_tz.c.  The functions that read them
 *	  are declared in phone_core.h.
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

/* longest prefix in the map, in digits (the generator checks the data) */
#define PHONE_TZ_MAX_PREFIX		10

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
