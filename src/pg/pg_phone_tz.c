/*-------------------------------------------------------------------------
 *
 * pg_phone_tz.c
 *	  PostgreSQL glue for phone_timezones(phone): the time zones of a
 *	  number (libphonenumber's map, src/data/tz_data.c) as a text[];
 *	  phone_possible_timezones(phone): every zone its callee may be in;
 *	  phone_timezone_known(text): whether PostgreSQL knows a zone name.
 *
 * phone_timezones and phone_possible_timezones depend only on their argument
 * and the data compiled into the library, so they are IMMUTABLE like the numbering-plan functions;
 * phone_timezone_known reads the server's time-zone database: STABLE.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "pgtime.h"
#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"				/* VARSIZE_ANY_EXHDR, out of postgres.h since 16 */
#endif

#include "pg_phone.h"

PG_FUNCTION_INFO_V1(phone_timezones);

/*
 * phone_timezones(phone) returns text[]
 *		The number's time zones, sorted; {Etc/Unknown} when none is known.
 */
Datum
phone_timezones(PG_FUNCTION_ARGS)
{
	PhoneNumber num;
	const char *zones[PHONE_TZ_MAX_ZONES];
	Datum		elems[PHONE_TZ_MAX_ZONES];
	int			n;
	int			i;

	phone_datum_to_number(PG_GETARG_PHONE(0), &num);
	n = phone_timezones_of(&num, zones, PHONE_TZ_MAX_ZONES);
	if (n > PHONE_TZ_MAX_ZONES)
		elog(ERROR, "number maps to %d time zones, more than %d", n,
			 PHONE_TZ_MAX_ZONES);
	for (i = 0; i < n; i++)
		elems[i] = CStringGetTextDatum(zones[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, TEXTOID, -1, false,
										  TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(phone_possible_timezones);

/*
 * phone_possible_timezones(phone) returns text[]
 *		Every zone the callee may be in (phone_timezones_possible): the
 *		number's zones, or every zone of its region when the map gives a
 *		mobile number only its country's default.
 */
Datum
phone_possible_timezones(PG_FUNCTION_ARGS)
{
	PhoneNumber num;
	const char *zones[PHONE_TZ_MAX_ZONES];
	Datum		elems[PHONE_TZ_MAX_ZONES];
	int			n;
	int			i;

	phone_datum_to_number(PG_GETARG_PHONE(0), &num);
	n = phone_timezones_possible(&num, zones, PHONE_TZ_MAX_ZONES);
	if (n > PHONE_TZ_MAX_ZONES)
		elog(ERROR, "number maps to %d time zones, more than %d", n,
			 PHONE_TZ_MAX_ZONES);
	for (i = 0; i < n; i++)
		elems[i] = CStringGetTextDatum(zones[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elems, n, TEXTOID, -1, false,
										  TYPALIGN_INT));
}

PG_FUNCTION_INFO_V1(phone_timezone_known);

/*
 * phone_timezone_known(text) returns boolean
 *		Whether PostgreSQL knows a time zone of that name, as AT TIME ZONE
 *		would read it, without raising an error for one it does not (an
 *		error cannot be caught in a parallel worker).  Abbreviations (EST)
 *		and POSIX rules (UTC+5) count as known: the caller rules them out
 *		by the form of the name.
 */
Datum
phone_timezone_known(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	char	   *name;

	if (VARSIZE_ANY_EXHDR(t) >= TZ_STRLEN_MAX)
		PG_RETURN_BOOL(false);
	name = text_to_cstring(t);
	PG_RETURN_BOOL(pg_tzset(name) != NULL);
}
