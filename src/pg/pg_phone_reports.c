/*-------------------------------------------------------------------------
 *
 * pg_phone_reports.c
 *	  PostgreSQL glue for the data-quality reports (src/sql/phone/reports.sql):
 *	  the number a raw value normalizes to, and a progress counter that
 *	  reports every so many rows of a scan.
 *
 * The reports themselves are PL/pgSQL functions that run one query over
 * the audited table; these helpers keep the per-row work in C.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/builtins.h"
#if PG_VERSION_NUM >= 160000
#include "varatt.h"				/* VARDATA_ANY, out of postgres.h since 16 */
#endif

#include "pg_phone.h"

/*
 * phone_report_number(input text, region text) returns phone
 *		The number an input denotes when phone_check() would call it valid
 *		or possible (an extension is dropped, as phone_check ignores it);
 *		NULL otherwise, and for a NULL input.  A NULL, empty or 'ZZ'
 *		region means none; an unknown region is an error, as for
 *		phone_check().
 */
PG_FUNCTION_INFO_V1(phone_report_number);
Datum
phone_report_number(PG_FUNCTION_ARGS)
{
	text	   *input;
	const char *region = NULL;
	PhoneParseResult result;
	PhoneError	err;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	input = PG_GETARG_TEXT_PP(0);
	if (!PG_ARGISNULL(1))
		region = text_to_cstring(PG_GETARG_TEXT_PP(1));
	err = phone_parse_text(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input),
						   region, PHONE_VALIDATE_ANY, &result);
	if (err == PHONE_ERR_UNKNOWN_REGION)
	{
		/* a wrong argument is the caller's error: raise it */
		(void) phone_parse_or_report(VARDATA_ANY(input),
									 VARSIZE_ANY_EXHDR(input), region,
									 PHONE_VALIDATE_ANY, true, &result, NULL);
	}
	err = phone_parse_verdict(err, &result);
	if (err != PHONE_OK && err != PHONE_ERR_NOT_VALID)
		PG_RETURN_NULL();
	PG_RETURN_PHONE(phone_number_to_datum(&result.number));
}

/*
 * phone_report_progress(label text, every bigint) returns boolean
 *		Counts its calls within one expression of one query execution (the
 *		count lives in the expression's FmgrInfo) and raises the NOTICE
 *		"<label>: <n> rows read" each time the count reaches a multiple of
 *		"every".  Always returns true, so that it can stand in a WHERE
 *		clause of the scan it counts.
 */
PG_FUNCTION_INFO_V1(phone_report_progress);
Datum
phone_report_progress(PG_FUNCTION_ARGS)
{
	int64	   *count = (int64 *) fcinfo->flinfo->fn_extra;
	int64		every;

	if (count == NULL)
	{
		count = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(int64));
		fcinfo->flinfo->fn_extra = count;
	}
	(*count)++;
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_BOOL(true);
	every = PG_GETARG_INT64(1);
	if (every > 0 && *count % every == 0)
	{
		char	   *label = text_to_cstring(PG_GETARG_TEXT_PP(0));

		ereport(NOTICE,
				(errmsg("%s: " INT64_FORMAT " rows read", label, *count)));
		pfree(label);
	}
	PG_RETURN_BOOL(true);
}
