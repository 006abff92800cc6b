/*-------------------------------------------------------------------------
 *
 * pg_phone_tz.c
 *	  PostgreSQL glue for phone_timezones(phone): the time zones of a
 *	  number (libphonenumber's map, src/tz_data.c) as a text[].
 *
 * The function depends only on its argument and the data compiled into
 * the library, so it is IMMUTABLE like the numbering-plan functions.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "pg_phone.h"
#include "phone_tz.h"

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
