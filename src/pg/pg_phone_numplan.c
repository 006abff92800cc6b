/*-------------------------------------------------------------------------
 *
 * pg_phone_numplan.c
 *	  PostgreSQL glue for the numbering-plan functions: parsing with an
 *	  explicit region, checking, number information, formatting, matching,
 *	  and the list of regions.
 *
 * Functions that take their region as an argument read no setting and are
 * IMMUTABLE; they still depend on the numbering-plan data compiled into
 * the library (phone_metadata_version()).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "pg_phone.h"
#include "pg_phone_restore.h"

/*
 * region_arg
 *		A region argument as a C string: NULL for a NULL argument (meaning
 *		none).
 */
static const char *
region_arg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_NARGS() <= argno || PG_ARGISNULL(argno))
		return NULL;
	return text_to_cstring(PG_GETARG_TEXT_PP(argno));
}

/*
 * phone_parse_region(input text, region text) returns phone
 *		Full validation, whatever phone.validation says; errors as the type
 *		input.  A NULL, empty or 'ZZ' region means none.
 */
PG_FUNCTION_INFO_V1(phone_parse_region);
Datum
phone_parse_region(PG_FUNCTION_ARGS)
{
	text	   *input;
	PhoneParseResult result;
	int64		value;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	input = PG_GETARG_TEXT_PP(0);
	/* restore and replication recompute generated columns */
	if (phone_parse_stored(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input),
						   region_arg(fcinfo, 1), &value))
		PG_RETURN_PHONE(value);
	(void) phone_parse_or_report(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input),
								 region_arg(fcinfo, 1), PHONE_VALIDATE_VALID,
								 false, &result, NULL);
	PG_RETURN_PHONE(phone_number_to_datum(&result.number));
}

/*
 * phone_try_parse_region(input text, region text) returns phone
 *		As phone_parse, but NULL where that raises an error (an unknown
 *		region included).
 */
PG_FUNCTION_INFO_V1(phone_try_parse_region);
Datum
phone_try_parse_region(PG_FUNCTION_ARGS)
{
	text	   *input;
	PhoneParseResult result;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	input = PG_GETARG_TEXT_PP(0);
	if (phone_parse_text(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input),
						 region_arg(fcinfo, 1), PHONE_VALIDATE_VALID,
						 &result) != PHONE_OK)
		PG_RETURN_NULL();
	PG_RETURN_PHONE(phone_number_to_datum(&result.number));
}

/*
 * phone_split(input text, region text, OUT number phone, OUT extension text)
 *		Parse an input that may carry an extension; the extension is NULL
 *		when there is none.
 */
PG_FUNCTION_INFO_V1(phone_split);
Datum
phone_split(PG_FUNCTION_ARGS)
{
	text	   *input;
	PhoneParseResult result;
	TupleDesc	tupdesc;
	Datum		values[2];
	bool		nulls[2] = {false, false};

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	input = PG_GETARG_TEXT_PP(0);
	(void) phone_parse_or_report(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input),
								 region_arg(fcinfo, 1), PHONE_VALIDATE_VALID,
								 true, &result, NULL);
	values[0] = PhoneGetDatum(phone_number_to_datum(&result.number));
	if (result.extension[0] != '\0')
		values[1] = CStringGetTextDatum(result.extension);
	else
		nulls[1] = true;
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc),
													  values, nulls)));
}

/*
 * phone_check(input text, region text) returns text
 *		The verdict on an input (phone_parse_verdict): valid, possible,
 *		invalid_country_code, too_short, too_long, invalid_length or
 *		not_a_number, as libphonenumber names them; input that phone_parse
 *		refuses at every level (a national prefix written twice or kept for
 *		want of digits) is not_a_number.  An extension does not change the
 *		verdict.
 */
PG_FUNCTION_INFO_V1(phone_check);
Datum
phone_check(PG_FUNCTION_ARGS)
{
	text	   *input;
	PhoneParseResult result;
	const char *verdict;
	PhoneError	err;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	input = PG_GETARG_TEXT_PP(0);
	err = phone_parse_text(VARDATA_ANY(input), VARSIZE_ANY_EXHDR(input),
						   region_arg(fcinfo, 1), PHONE_VALIDATE_ANY, &result);
	if (err == PHONE_ERR_UNKNOWN_REGION)
	{
		/* a wrong argument is the caller's error, not a verdict on input */
		(void) phone_parse_or_report(VARDATA_ANY(input),
									 VARSIZE_ANY_EXHDR(input),
									 region_arg(fcinfo, 1),
									 PHONE_VALIDATE_ANY, true, &result, NULL);
	}
	switch (phone_parse_verdict(err, &result))
	{
		case PHONE_OK:
			verdict = "valid";
			break;
		case PHONE_ERR_NOT_VALID:
			verdict = "possible";
			break;
		case PHONE_ERR_NO_REGION:
		case PHONE_ERR_INVALID_COUNTRY_CODE:
			verdict = "invalid_country_code";
			break;
		case PHONE_ERR_TOO_SHORT:
			verdict = "too_short";
			break;
		case PHONE_ERR_TOO_LONG:
		case PHONE_ERR_TOO_MANY_DIGITS:
			verdict = "too_long";
			break;
		case PHONE_ERR_INVALID_LENGTH:
			verdict = "invalid_length";
			break;
		default:
			verdict = "not_a_number";
			break;
	}
	PG_RETURN_TEXT_P(cstring_to_text(verdict));
}

/* phone_is_valid(phone) returns boolean */
PG_FUNCTION_INFO_V1(phone_is_valid_sql);
Datum
phone_is_valid_sql(PG_FUNCTION_ARGS)
{
	PhoneNumber num;

	phone_datum_to_number(PG_GETARG_PHONE(0), &num);
	PG_RETURN_BOOL(phone_is_valid(&num));
}

/* phone_country_code(phone) returns integer */
PG_FUNCTION_INFO_V1(phone_country_code);
Datum
phone_country_code(PG_FUNCTION_ARGS)
{
	PhoneNumber num;

	phone_datum_to_number(PG_GETARG_PHONE(0), &num);
	if (num.cc_len == 0)
		PG_RETURN_NULL();		/* calling code withdrawn */
	PG_RETURN_INT32(phone_number_country_code(&num));
}

/* phone_national_number(phone) returns text: the digits after the code */
PG_FUNCTION_INFO_V1(phone_national_number);
Datum
phone_national_number(PG_FUNCTION_ARGS)
{
	PhoneNumber num;

	phone_datum_to_number(PG_GETARG_PHONE(0), &num);
	if (num.cc_len == 0)
		PG_RETURN_NULL();		/* calling code withdrawn */
	PG_RETURN_TEXT_P(cstring_to_text(num.digits + num.cc_len));
}

/* phone_region(phone) returns text: ISO code, "001", or NULL */
PG_FUNCTION_INFO_V1(phone_region_sql);
Datum
phone_region_sql(PG_FUNCTION_ARGS)
{
	PhoneNumber num;
	const char *region;

	phone_datum_to_number(PG_GETARG_PHONE(0), &num);
	region = phone_region(&num);
	if (region == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(region));
}

/*
 * The enum value of a type label, for a function returning the enum.  The
 * OIDs of the labels are looked up once per call site (enum_in reads the
 * syscache) and kept in fn_extra.
 */
static Datum
type_label_datum(FunctionCallInfo fcinfo, PhoneType type)
{
	Oid		   *labels = (Oid *) fcinfo->flinfo->fn_extra;

	if (labels == NULL)
	{
		labels = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
										sizeof(Oid) * (PHONE_TYPE_UNKNOWN + 1));
		fcinfo->flinfo->fn_extra = labels;
	}
	if (!OidIsValid(labels[type]))
	{
		Oid			enumtype = get_fn_expr_rettype(fcinfo->flinfo);

		labels[type] = DatumGetObjectId(DirectFunctionCall2(enum_in,
															CStringGetDatum(phone_type_name(type)),
															ObjectIdGetDatum(enumtype)));
	}
	return ObjectIdGetDatum(labels[type]);
}

/* phone_type(phone) returns phone_number_type */
PG_FUNCTION_INFO_V1(phone_type_sql);
Datum
phone_type_sql(PG_FUNCTION_ARGS)
{
	PhoneNumber num;

	phone_datum_to_number(PG_GETARG_PHONE(0), &num);
	return type_label_datum(fcinfo, phone_type(&num));
}

/* A format style by name */
static PhoneFormat
format_style(text *style)
{
	char	   *s = text_to_cstring(style);

	if (pg_strcasecmp(s, "e164") == 0)
		return PHONE_FORMAT_E164;
	if (pg_strcasecmp(s, "international") == 0)
		return PHONE_FORMAT_INTERNATIONAL;
	if (pg_strcasecmp(s, "national") == 0)
		return PHONE_FORMAT_NATIONAL;
	if (pg_strcasecmp(s, "rfc3966") == 0)
		return PHONE_FORMAT_RFC3966;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown phone format style \"%s\"", phone_quoted_arg(s)),
			 errhint("The styles are e164, international, national and rfc3966.")));
	return PHONE_FORMAT_E164;	/* not reached */
}

/* phone_format(phone, style text) returns text */
PG_FUNCTION_INFO_V1(phone_format_sql);
Datum
phone_format_sql(PG_FUNCTION_ARGS)
{
	PhoneNumber num;
	char		buf[PHONE_FORMAT_BUFSIZE];
	PhoneFormat style = format_style(PG_GETARG_TEXT_PP(1));
	size_t		n;

	phone_datum_to_number(PG_GETARG_PHONE(0), &num);
	if (num.cc_len == 0)
		n = phone_format_unplanned(&num, style, buf);
	else
		n = phone_format(&num, style, buf);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, (int) n));
}

/* phone_format_out_of_country(phone, calling_from text) returns text */
PG_FUNCTION_INFO_V1(phone_format_out_of_country_sql);
Datum
phone_format_out_of_country_sql(PG_FUNCTION_ARGS)
{
	PhoneNumber num;
	char		buf[PHONE_FORMAT_BUFSIZE];
	char	   *from = text_to_cstring(PG_GETARG_TEXT_PP(1));
	const char *region = phone_region_known(from);
	size_t		n;

	if (region == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown region \"%s\"", phone_quoted_arg(from)),
				 errhint("Use a two-letter ISO 3166-1 code such as US, GB or DE; phone_regions() lists them all.")));
	phone_datum_to_number(PG_GETARG_PHONE(0), &num);
	if (num.cc_len == 0)
		n = phone_format_unplanned(&num, PHONE_FORMAT_E164, buf);
	else
		n = phone_format_out_of_country(&num, region, buf);
	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, (int) n));
}

/*
 * phone_match(phone, text) returns text
 *		Text that cannot be read (too long, or not readable in the database
 *		encoding) is not_a_number, as libphonenumber calls text it cannot
 *		parse.
 */
PG_FUNCTION_INFO_V1(phone_match_sql);
Datum
phone_match_sql(PG_FUNCTION_ARGS)
{
	PhoneNumber num;
	text	   *t = PG_GETARG_TEXT_PP(1);
	const char *utf8;
	size_t		utf8len;
	PhoneMatch	match = PHONE_MATCH_NOT_A_NUMBER;

	phone_datum_to_number(PG_GETARG_PHONE(0), &num);
	if (phone_text_utf8(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &utf8,
						&utf8len) == PHONE_TEXT_OK)
		match = phone_match(&num, utf8, utf8len);
	PG_RETURN_TEXT_P(cstring_to_text(phone_match_name(match)));
}

/* The datum of a region's example number of a type, or false */
static bool
example_datum(const char *region, PhoneType type, Datum *out)
{
	PhoneNumber num;

	if (!phone_region_example(region, type, &num))
		return false;
	*out = PhoneGetDatum(phone_number_to_datum(&num));
	return true;
}

/* The label of an enum value */
static PhoneType
type_from_label(Datum value)
{
	char	   *label = DatumGetCString(DirectFunctionCall1(enum_out, value));
	int			t;

	for (t = PHONE_TYPE_FIXED_LINE; t <= PHONE_TYPE_UNKNOWN; t++)
		if (strcmp(label, phone_type_name((PhoneType) t)) == 0)
			return (PhoneType) t;
	elog(ERROR, "unknown phone_number_type label \"%s\"", label);
	return PHONE_TYPE_UNKNOWN;	/* not reached */
}

/*
 * phone_example(region text, type phone_number_type) returns phone
 *		The metadata's example number, or NULL when the region has none of
 *		that type.
 */
PG_FUNCTION_INFO_V1(phone_example);
Datum
phone_example(PG_FUNCTION_ARGS)
{
	char	   *id = text_to_cstring(PG_GETARG_TEXT_PP(0));
	const char *region = phone_region_known(id);
	Datum		result;

	if (region == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown region \"%s\"", phone_quoted_arg(id)),
				 errhint("Use a two-letter ISO 3166-1 code such as US, GB or DE; phone_regions() lists them all.")));
	if (!example_datum(region, type_from_label(PG_GETARG_DATUM(1)), &result))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(result);
}

/*
 * phone_regions() returns setof (region text, name text, country_code
 * integer, example phone, national_prefix text, international_prefix text)
 *		One row per geographic region, for a country drop-down.  The
 *		example is a mobile number where the region has one.
 */
PG_FUNCTION_INFO_V1(phone_regions);
Datum
phone_regions(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	PhoneRegionInfo reg;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	for (i = 0; phone_region_info(i, &reg); i++)
	{
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		CHECK_FOR_INTERRUPTS();
		if (!reg.geographic)
			continue;
		values[0] = CStringGetTextDatum(reg.id);
		if (reg.name)
			values[1] = CStringGetTextDatum(reg.name);
		else
			nulls[1] = true;
		values[2] = Int32GetDatum(reg.country_code);
		if (!example_datum(reg.id, PHONE_TYPE_MOBILE, &values[3]) &&
			!example_datum(reg.id, PHONE_TYPE_FIXED_LINE, &values[3]) &&
			!example_datum(reg.id, PHONE_TYPE_UNKNOWN, &values[3]))
			nulls[3] = true;
		if (reg.national_prefix)
			values[4] = CStringGetTextDatum(reg.national_prefix);
		else
			nulls[4] = true;
		if (reg.international_prefix)
			values[5] = CStringGetTextDatum(reg.international_prefix);
		else
			nulls[5] = true;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
