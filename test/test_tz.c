/*-------------------------------------------------------------------------
 *
 * test_tz.c
 *	  Unit test of the number -> time-zone lookup (src/core/phone_tz.c) and of
 *	  the generated table (src/data/tz_data.c).
 *
 * Build and run: make test-tz (Makefile).  Prints one line per failure
 * and a summary; exits non-zero when anything failed.
 *
 *-------------------------------------------------------------------------
 */
#include "harness.h"
#include "phone_tz.h"

#include <stdio.h>
#include <string.h>

/*
 * Looks up the E.164 digits and compares the zones, joined with ',', to
 * expected.
 */
static void
expect_list(const char *digits, int possible, const char *expected)
{
	PhoneNumber num;
	const char *zones[PHONE_TZ_MAX_ZONES];
	char		got[4096] = "";
	char		what[128];
	int			n;
	int			i;

	snprintf(what, sizeof(what), "%s zones of +%s", possible ? "possible" : "map", digits);
	if (!phone_from_digits(digits, (int) strlen(digits), &num))
	{
		check(0, what, "not a number");
		return;
	}
	n = possible ? phone_timezones_possible(&num, zones, PHONE_TZ_MAX_ZONES)
		: phone_timezones_of(&num, zones, PHONE_TZ_MAX_ZONES);
	for (i = 0; i < n && i < PHONE_TZ_MAX_ZONES; i++)
	{
		if (i > 0)
			strcat(got, ",");
		strcat(got, zones[i]);
	}
	check(strcmp(got, expected) == 0, what, got);
}

static void
expect_zones(const char *digits, const char *expected)
{
	expect_list(digits, 0, expected);
}

static void
expect_possible(const char *digits, const char *expected)
{
	expect_list(digits, 1, expected);
}

/* The generated table is well formed */
static void
test_table(void)
{
	int			i;
	int			sorted = 1;
	int			digits_ok = 1;
	int			lists_ok = 1;
	int			names_ok = 1;

	check(phone_tz_nprefixes > 3000, "table has prefixes", NULL);
	for (i = 0; i < phone_tz_nprefixes; i++)
	{
		const char *p = phone_tz_prefixes[i].prefix;
		size_t		len = strlen(p);

		if (len == 0 || len > PHONE_TZ_MAX_PREFIX || strspn(p, "0123456789") != len)
			digits_ok = 0;
		if (i > 0 && strcmp(phone_tz_prefixes[i - 1].prefix, p) >= 0)
			sorted = 0;
		if (phone_tz_prefixes[i].list >= phone_tz_nlists)
			lists_ok = 0;
	}
	check(digits_ok, "prefixes are 1-10 digits", NULL);
	check(sorted, "prefixes strictly ascending", NULL);
	check(lists_ok, "list indexes in range", NULL);
	for (i = 0; i < phone_tz_nlists; i++)
	{
		int			k;
		int			start = phone_tz_list_start[i];
		int			end = phone_tz_list_start[i + 1];

		if (end <= start || end - start > PHONE_TZ_MAX_ZONES)
			lists_ok = 0;
		for (k = start; k < end; k++)
		{
			if (phone_tz_list_zones[k] >= phone_tz_nzones)
				names_ok = 0;
			else if (k > start &&
					 strcmp(phone_tz_zone_names[phone_tz_list_zones[k - 1]],
							phone_tz_zone_names[phone_tz_list_zones[k]]) >= 0)
				names_ok = 0;
		}
	}
	check(lists_ok, "lists hold 1..PHONE_TZ_MAX_ZONES zones", NULL);
	check(names_ok, "zones of a list sorted and unique", NULL);
	for (i = 1; i < phone_tz_nzones; i++)
		if (strcmp(phone_tz_zone_names[i - 1], phone_tz_zone_names[i]) >= 0)
			names_ok = 0;
	check(names_ok, "zone names sorted and unique", NULL);
}

/* Lookups, with libphonenumber's rules */
static void
test_lookup(void)
{
	PhoneNumber num;
	const char *zones[2];
	int			n;

	/* longest prefix */
	expect_zones("12015550123", "America/New_York");
	expect_zones("12085012345", "America/Boise,America/Los_Angeles");
	expect_zones("12082345678", "America/Denver");
	expect_zones("17097571234", "America/St_Johns");
	expect_zones("442071234567", "Europe/London");
	expect_zones("33612345678", "Europe/Paris");
	/* backward-compatible names come out as tzdata's current ones */
	expect_zones("919876543210", "Asia/Kolkata");
	/* not tied to a place: the zones of the country code */
	expect_zones("448001234567",
				 "Europe/Guernsey,Europe/Isle_of_Man,Europe/Jersey,Europe/London");
	/* not a valid number */
	expect_zones("12011550123", "Etc/Unknown");
	expect_zones("1201155", "Etc/Unknown");

	/* a small buffer: the count is still the whole count */
	if (phone_from_digits("12085012345", 11, &num))
	{
		n = phone_timezones_of(&num, zones, 1);
		check(n == 2 && strcmp(zones[0], "America/Boise") == 0,
			  "max 1 gives the first zone and the count", NULL);
		n = phone_timezones_of(&num, zones, 0);
		check(n == 2, "max 0 gives the count", NULL);
	}
	else
		check(0, "+12085012345 is a number", NULL);
	if (phone_from_digits("18005551234", 11, &num))
		check(phone_timezones_of(&num, NULL, 0) == 42,
			  "toll-free +1 has the 42 zones of +1", NULL);
	else
		check(0, "+18005551234 is a number", NULL);
}

/* The table of regions is well formed */
static void
test_regions(void)
{
	int			i;
	int			k;
	int			ok = 1;
	int			total = 0;

	check(phone_tz_nregions > 240, "regions table has regions", NULL);
	for (i = 0; i < phone_tz_nregions; i++)
	{
		const PhoneTzRegion *r = &phone_tz_regions[i];

		if (strlen(r->region) != 2 || r->count < 1 || r->count > PHONE_TZ_MAX_ZONES
			|| r->start != total)
			ok = 0;
		if (i > 0 && strcmp(phone_tz_regions[i - 1].region, r->region) >= 0)
			ok = 0;
		for (k = r->start + 1; k < r->start + r->count; k++)
			if (strcmp(phone_tz_region_zone_names[k - 1], phone_tz_region_zone_names[k]) >= 0)
				ok = 0;
		total += r->count;
	}
	check(ok, "regions sorted, their zones sorted, unique and contiguous", NULL);
}

/* Every zone a decision must consider */
static void
test_possible(void)
{
	PhoneNumber num;
	const char *zones[3];
	int			n;

	/* a mobile number whose zone is its country's default: every zone */
	expect_possible("61412345678",
					"Antarctica/Macquarie,Australia/Adelaide,Australia/Brisbane,"
					"Australia/Broken_Hill,Australia/Darwin,Australia/Eucla,"
					"Australia/Hobart,Australia/Lindeman,Australia/Lord_Howe,"
					"Australia/Melbourne,Australia/Perth,Australia/Sydney");
	expect_possible("62812345678",
					"Asia/Jakarta,Asia/Jayapura,Asia/Makassar,Asia/Pontianak");
	expect_possible("34612345678", "Africa/Ceuta,Atlantic/Canary,Europe/Madrid");
	/* Russia, from Kaliningrad to Kamchatka */
	expect_possible("79123456789",
					"Asia/Anadyr,Asia/Barnaul,Asia/Chita,Asia/Irkutsk,Asia/Kamchatka,"
					"Asia/Khandyga,Asia/Krasnoyarsk,Asia/Magadan,Asia/Novokuznetsk,"
					"Asia/Novosibirsk,Asia/Omsk,Asia/Sakhalin,Asia/Srednekolymsk,"
					"Asia/Tomsk,Asia/Ust-Nera,Asia/Vladivostok,Asia/Yakutsk,"
					"Asia/Yekaterinburg,Europe/Astrakhan,Europe/Kaliningrad,"
					"Europe/Kirov,Europe/Moscow,Europe/Samara,Europe/Saratov,"
					"Europe/Ulyanovsk,Europe/Volgograd");
	/* the map's own answer: a fixed line, a placed mobile, one zone */
	expect_possible("61212345678", "Australia/Sydney");
	expect_possible("73011234567", "Asia/Irkutsk");
	expect_possible("5511961234567", "America/Sao_Paulo");
	expect_possible("522221234567", "America/Mexico_City");
	expect_possible("12015550123", "America/New_York");
	expect_possible("4740612345", "Europe/Oslo");
	expect_possible("33612345678", "Europe/Paris");
	expect_possible("447400123456", "Europe/Guernsey,Europe/Isle_of_Man,Europe/London");
	expect_possible("12011550123", "Etc/Unknown");
	/* a small buffer: the count is still the whole count */
	if (phone_from_digits("62812345678", 11, &num))
	{
		n = phone_timezones_possible(&num, zones, 3);
		check(n == 4 && strcmp(zones[2], "Asia/Makassar") == 0,
			  "max 3 gives the first zones and the count", NULL);
		check(phone_timezones_possible(&num, zones, 0) == 4, "max 0 gives the count", NULL);
	}
	else
		check(0, "+62812345678 is a number", NULL);
}

int
main(void)
{
	test_table();
	test_lookup();
	test_regions();
	test_possible();
	return harness_report();
}
