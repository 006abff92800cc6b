/*-------------------------------------------------------------------------
 *
 * pg_phone.c
 *	  PostgreSQL glue for the phone type: module initialisation, settings,
 *	  text and binary input/output, and casts.
 *
 * The core (phone_core.h) does all parsing and formatting; this file
 * converts between its results and datums, and turns its error codes into
 * ereports.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <string.h>

#include "catalog/namespace.h"
#include "fmgr.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"
#include "utils/guc.h"

#include "pg_phone.h"
#include "pg_phone_restore.h"

PG_MODULE_MAGIC;

/* Settings (phone.default_region, phone.validation) */
static char *phone_default_region = NULL;
static int	phone_validation = PHONE_VALIDATE_VALID;

static const struct config_enum_entry validation_options[] = {
	{"valid", PHONE_VALIDATE_VALID, false},
	{"possible", PHONE_VALIDATE_POSSIBLE, false},
	{"any", PHONE_VALIDATE_ANY, false},
	{NULL, 0, false}
};

/* Longest piece of an input quoted in an error message, in bytes */
#define MAX_QUOTED_INPUT 200

/* Exported (PGDLLEXPORT, see pg_phone.h): the server looks it up */
extern PGDLLEXPORT void _PG_init(void);

/*
 * check_default_region
 *		phone.default_region is empty or the ISO code of a region with a
 *		numbering plan; it is stored in upper case.
 */
static bool
check_default_region(char **newval, void **extra, GucSource source)
{
	char	   *p;

	(void) extra;
	(void) source;
	if (*newval == NULL || (*newval)[0] == '\0')
		return true;
	if (phone_region_known(*newval) == NULL)
	{
		GUC_check_errdetail("\"%s\" is not the ISO 3166-1 code of a region with a numbering plan.",
							*newval);
		if (pg_strcasecmp(*newval, "UK") == 0)
			GUC_check_errhint("The ISO 3166-1 code of the United Kingdom is GB.");
		else
			GUC_check_errhint("Use a two-letter code such as US, GB or DE; phone_regions() lists them all.");
		return false;
	}
	for (p = *newval; *p; p++)
		*p = pg_ascii_toupper((unsigned char) *p);
	return true;
}

void
_PG_init(void)
{
	DefineCustomStringVariable("phone.default_region",
							   "Region in which phone numbers without a country code are read.",
							   "An ISO 3166-1 alpha-2 code such as US or GB; empty means none, so only international numbers are accepted.",
							   &phone_default_region,
							   "",
							   PGC_USERSET,
							   0,
							   check_default_region, NULL, NULL);

	DefineCustomEnumVariable("phone.validation",
							 "How strictly phone input is checked against the numbering plans.",
							 "valid: the number is in a range in use; possible: its length is possible; any: structure only.",
							 &phone_validation,
							 PHONE_VALIDATE_VALID,
							 validation_options,
							 PGC_USERSET,
							 0,
							 NULL, NULL, NULL);

	phone_privacy_init();

	MarkGUCPrefixReserved("phone");
}

/*
 * quoted_input
 *		The input as it appears in an error message: converted to the
 *		server encoding by the caller already, cut to MAX_QUOTED_INPUT bytes
 *		on a character boundary, with "..." when cut.
 */
static char *
quoted_input(const char *input, size_t len)
{
	if (len <= MAX_QUOTED_INPUT)
		return pnstrdup(input, len);
	len = pg_mbcliplen(input, (int) len, MAX_QUOTED_INPUT);
	return psprintf("%.*s...", (int) len, input);
}

/*
 * phone_quoted_arg
 *		See pg_phone.h.
 */
char *
phone_quoted_arg(const char *s)
{
	return quoted_input(s, strlen(s));
}

/*
 * phone_text_utf8
 *		See pg_phone.h.  The length check comes first and costs nothing;
 *		the bytes are looked at only when the server encoding is not
 *		UTF-8, and converted only when one of them is not ASCII.
 */
PhoneTextStatus
phone_text_utf8(const char *input, size_t len, const char **utf8,
				size_t *utf8len)
{
	int			encoding = GetDatabaseEncoding();
	size_t		i;
	Oid			proc;
	unsigned char *buf;
	int			bufsize;
	int			converted;

	*utf8 = input;
	*utf8len = len;
	if (len > PHONE_MAX_INPUT_BYTES)
		return PHONE_TEXT_TOO_LONG;
	if (encoding == PG_UTF8)
		return PHONE_TEXT_OK;
	for (i = 0; i < len; i++)
		if (IS_HIGHBIT_SET(input[i]))
			break;
	if (i == len)
		return PHONE_TEXT_OK;
	if (encoding == PG_SQL_ASCII)
		return PHONE_TEXT_NOT_ASCII;

	proc = FindDefaultConversionProc(encoding, PG_UTF8);
	if (!OidIsValid(proc))
		return PHONE_TEXT_UNTRANSLATABLE;
	bufsize = (int) len * MAX_CONVERSION_GROWTH + 1;
	buf = palloc(bufsize);
	converted = pg_do_encoding_conversion_buf(proc, encoding, PG_UTF8,
											  (unsigned char *) input,
											  (int) len, buf, bufsize, true);
	if (converted != (int) len)
	{
		pfree(buf);
		return PHONE_TEXT_UNTRANSLATABLE;
	}
	*utf8 = (const char *) buf;
	*utf8len = strlen((const char *) buf);
	return PHONE_TEXT_OK;
}

/*
 * phone_text_report
 *		See pg_phone.h.  The message quotes the input, cut short, as the
 *		other errors about the same input do; the detail says why it was
 *		not read.
 */
bool
phone_text_report(PhoneTextStatus status, const char *input, size_t len,
				  bool prefix, Node *escontext)
{
	char	   *quoted = quoted_input(input, len);
	size_t		i;

#define TEXT_ERRMSG() \
	(prefix ? errmsg("invalid phone prefix: \"%s\"", quoted) : \
	 errmsg("invalid input syntax for type %s: \"%s\"", "phone", quoted))

	switch (status)
	{
		case PHONE_TEXT_OK:
			break;
		case PHONE_TEXT_TOO_LONG:
			ereturn(escontext, false,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 TEXT_ERRMSG(),
					 errdetail("The input is %zu bytes long; at most %d bytes are read.",
							   len, PHONE_MAX_INPUT_BYTES)));
		case PHONE_TEXT_NOT_ASCII:
			for (i = 0; i < len && !IS_HIGHBIT_SET(input[i]); i++)
				;
			ereturn(escontext, false,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 TEXT_ERRMSG(),
					 errdetail("Byte 0x%02x at position %zu is not ASCII, and in a database with encoding SQL_ASCII it stands for no known character.",
							   (unsigned char) input[i], i + 1),
					 errhint("Write the number in ASCII, or use a database with an encoding such as UTF8.")));
		case PHONE_TEXT_UNTRANSLATABLE:
			ereturn(escontext, false,
					(errcode(ERRCODE_UNTRANSLATABLE_CHARACTER),
					 TEXT_ERRMSG(),
					 errdetail("The input holds a character of encoding %s that has no equivalent in Unicode.",
							   GetDatabaseEncodingName())));
	}
#undef TEXT_ERRMSG
	return false;
}

/*
 * phone_parse_text
 *		See pg_phone.h.
 */
PhoneError
phone_parse_text(const char *input, size_t len, const char *region,
				 PhoneValidation level, PhoneParseResult *result)
{
	const char *utf8;
	size_t		utf8len;
	PhoneTextStatus status = phone_text_utf8(input, len, &utf8, &utf8len);

	if (status == PHONE_TEXT_OK)
		return phone_parse(utf8, utf8len, region, level, result);

	memset(result, 0, sizeof(*result));
	result->error_pos = -1;
	result->error = status == PHONE_TEXT_TOO_LONG ?
		PHONE_ERR_TOO_MANY_DIGITS : PHONE_ERR_BAD_CHARACTER;
	return result->error;
}

/*
 * phone_parse_or_report
 *		See pg_phone.h.
 */
bool
phone_parse_or_report(const char *input, size_t len, const char *region,
					  PhoneValidation level, bool allow_extension,
					  PhoneParseResult *result, Node *escontext)
{
	const char *utf8;
	size_t		utf8len;
	PhoneTextStatus status;
	PhoneError	err;
	char		detail[PHONE_DETAIL_BUFSIZE];
	const char *hint;

	status = phone_text_utf8(input, len, &utf8, &utf8len);
	if (status != PHONE_TEXT_OK)
		return phone_text_report(status, input, len, false, escontext);

	err = phone_parse(utf8, utf8len, region, level, result);
	if (err == PHONE_OK || (err == PHONE_ERR_EXTENSION && allow_extension))
		return true;

	if (err == PHONE_ERR_UNKNOWN_REGION)
	{
		/* the core keeps the first bytes; keep whole characters instead */
		int			n = pg_mbcliplen(region, (int) strlen(region),
									 (int) sizeof(result->region) - 1);

		memcpy(result->region, region, n);
		result->region[n] = '\0';
	}

	phone_error_detail(result, detail, sizeof(detail));
	hint = phone_error_hint(result);

	if (err == PHONE_ERR_UNKNOWN_REGION)
		ereturn(escontext, false,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown region \"%s\" for phone input",
						phone_quoted_arg(region)),
				 errdetail_internal("%s", detail),
				 hint ? errhint("%s", hint) : 0));

	ereturn(escontext, false,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					"phone", quoted_input(input, len)),
			 errdetail_internal("%s", detail),
			 hint ? errhint("%s", hint) : 0));
}

/*
 * phone_from_canonical_digits
 *		Accept an E.164 digit string that arrived in a non-text form (binary
 *		input, a bigint): it must parse under the current validation level
 *		to exactly the same digits.  Reports with the given SQLSTATE
 *		otherwise.
 */
static bool
phone_from_canonical_digits(const char *digits, int n, int sqlstate,
							const char *what, PhoneNumber *num,
							Node *escontext)
{
	char		text[PHONE_MAX_DIGITS + 2];
	PhoneParseResult result;
	char		detail[PHONE_DETAIL_BUFSIZE];

	Assert(n >= 0 && n <= PHONE_MAX_DIGITS);
	text[0] = '+';
	memcpy(text + 1, digits, n);
	text[n + 1] = '\0';

	if (n == 0)
		ereturn(escontext, false,
				(errcode(sqlstate),
				 errmsg("invalid %s for type %s", what, "phone"),
				 errdetail("The value holds no digits.")));

	if (phone_parse(text, (size_t) n + 1, NULL,
					(PhoneValidation) phone_validation, &result) != PHONE_OK)
	{
		phone_error_detail(&result, detail, sizeof(detail));
		ereturn(escontext, false,
				(errcode(sqlstate),
				 errmsg("invalid %s for type %s: \"%s\"", what, "phone", text),
				 errdetail_internal("%s", detail)));
	}
	if (result.number.ndigits != n || memcmp(result.number.digits, digits, n) != 0)
		ereturn(escontext, false,
				(errcode(sqlstate),
				 errmsg("invalid %s for type %s: \"%s\"", what, "phone", text),
				 errdetail("The number is not in canonical form: written as text it would be read as \"+%s\".",
						   result.number.digits)));
	*num = result.number;
	return true;
}

/*
 * phone_number_to_datum
 *		See pg_phone.h.
 */
int64
phone_number_to_datum(const PhoneNumber *num)
{
	return phone_rank_to_datum(phone_rank(num->digits, num->ndigits));
}

/*
 * phone_datum_to_number
 *		See pg_phone.h.
 */
void
phone_datum_to_number(int64 value, PhoneNumber *num)
{
	char		digits[PHONE_MAX_DIGITS + 1];
	int			n = phone_unrank(phone_datum_to_rank(value), digits);

	phone_metadata_check();
	if (n < 0)
		elog(ERROR, "phone value out of range: " INT64_FORMAT, value);
	/* a calling code withdrawn since the value was stored: no structure */
	if (!phone_from_digits(digits, n, num))
		phone_unplanned_number(digits, n, num);
}

/* ---------------------------------------------------------------------
 * Input and output
 * ---------------------------------------------------------------------
 */

/*
 * input_to_datum
 *		Text input of s[0..len-1] (in the server encoding) under the current
 *		settings, into *value.  Numbers written with '+' (or as global tel:
 *		URIs) take the core's fast path first: such input is ASCII, the same
 *		bytes in every server encoding, and the default region (always a
 *		known one) plays no part in reading it.  Input longer than
 *		PHONE_MAX_INPUT_BYTES is not read at all.  Returns false when the
 *		error went to escontext.
 */
static bool
input_to_datum(const char *s, size_t len, Node *escontext, int64 *value)
{
	PhoneParseResult result;
	uint64		rank;
	bool		ok;

	phone_metadata_check();
	if (len <= PHONE_MAX_INPUT_BYTES &&
		phone_parse_e164_rank(s, len, (PhoneValidation) phone_validation,
							  &rank))
	{
		*value = phone_rank_to_datum(rank);
		return true;
	}
	/* restore and replication read back what phone_out wrote */
	if (phone_stored_text(s, len, escontext, &ok, value))
		return ok;
	if (!phone_parse_or_report(s, len, phone_default_region,
							   (PhoneValidation) phone_validation, false,
							   &result, escontext))
		return false;
	*value = phone_number_to_datum(&result.number);
	return true;
}

/*
 * phone_in
 *		Text input: reads phone.default_region and phone.validation, so the
 *		function is STABLE.
 */
PG_FUNCTION_INFO_V1(phone_in);
Datum
phone_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int64		value;

	if (!input_to_datum(str, strlen(str), fcinfo->context, &value))
		PG_RETURN_NULL();
	PG_RETURN_PHONE(value);
}

/*
 * phone_out
 *		Canonical E.164 ("+" and digits), whatever the settings.  Never
 *		validates: any value prints.
 */
PG_FUNCTION_INFO_V1(phone_out);
Datum
phone_out(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_PHONE(0);
	char	   *out = palloc(PHONE_MAX_DIGITS + 2);
	int			n = phone_unrank(phone_datum_to_rank(value), out + 1);

	if (n < 0)
		elog(ERROR, "phone value out of range: " INT64_FORMAT, value);
	out[0] = '+';
	PG_RETURN_CSTRING(out);
}

/*
 * phone_recv
 *		Binary input: 8 bytes, the unsigned rank, most significant first.
 *		Checked as strictly as text: the digits must be a number that the
 *		text input accepts under the current settings, in canonical form;
 *		in a restore session, a value the type could have stored
 *		(src/pg/pg_phone_restore.c).
 */
PG_FUNCTION_INFO_V1(phone_recv);
Datum
phone_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	uint64		rank = (uint64) pq_getmsgint64(buf);
	char		digits[PHONE_MAX_DIGITS + 1];
	int			n = phone_unrank(rank, digits);
	PhoneNumber num;

	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external phone value"),
				 errdetail("The value " UINT64_FORMAT " is beyond the largest encoding, " UINT64_FORMAT ".",
						   rank, PHONE_RANK_LIMIT - 1)));
	phone_metadata_check();
	/* restore and replication read back what phone_send wrote (or fail) */
	if (phone_stored_digits(digits, n))
		PG_RETURN_PHONE(phone_rank_to_datum(rank));
	(void) phone_from_canonical_digits(digits, n,
									   ERRCODE_INVALID_BINARY_REPRESENTATION,
									   "external value", &num, NULL);
	PG_RETURN_PHONE(phone_number_to_datum(&num));
}

/*
 * phone_send
 *		Binary output; see phone_recv.
 */
PG_FUNCTION_INFO_V1(phone_send);
Datum
phone_send(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_PHONE(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendint64(&buf, (int64) phone_datum_to_rank(value));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------------------------------------------------------------------
 * Casts
 * ---------------------------------------------------------------------
 */

/* text -> phone (explicit): as the type input */
PG_FUNCTION_INFO_V1(phone_from_text);
Datum
phone_from_text(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	int64		value;

	(void) input_to_datum(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), NULL, &value);
	PG_RETURN_PHONE(value);
}

/* phone -> text (assignment): the E.164 output */
PG_FUNCTION_INFO_V1(phone_to_text);
Datum
phone_to_text(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_PHONE(0);
	char		out[PHONE_MAX_DIGITS + 2];
	int			n = phone_unrank(phone_datum_to_rank(value), out + 1);

	if (n < 0)
		elog(ERROR, "phone value out of range: " INT64_FORMAT, value);
	out[0] = '+';
	PG_RETURN_TEXT_P(cstring_to_text_with_len(out, n + 1));
}

/* phone -> bigint (explicit): the E.164 digits read as an integer */
PG_FUNCTION_INFO_V1(phone_to_int8);
Datum
phone_to_int8(PG_FUNCTION_ARGS)
{
	int64		value = PG_GETARG_PHONE(0);
	char		digits[PHONE_MAX_DIGITS + 1];
	int			n = phone_unrank(phone_datum_to_rank(value), digits);
	uint64		v = 0;
	int			i;

	if (n < 0)
		elog(ERROR, "phone value out of range: " INT64_FORMAT, value);
	for (i = 0; i < n; i++)
	{
		uint64		d = (uint64) (digits[i] - '0');

		if (v > ((uint64) PG_INT64_MAX - d) / 10)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("phone number \"+%s\" is out of range for type bigint",
							digits)));
		v = v * 10 + d;
	}
	PG_RETURN_INT64((int64) v);
}

/*
 * bigint -> phone (explicit): the integer's decimal digits are the E.164
 * digits; checked like binary input (current settings, canonical form).
 */
PG_FUNCTION_INFO_V1(phone_from_int8);
Datum
phone_from_int8(PG_FUNCTION_ARGS)
{
	int64		v = PG_GETARG_INT64(0);
	char		digits[24];
	int			n;
	PhoneNumber num;

	if (v <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("bigint " INT64_FORMAT " is out of range for type phone", v),
				 errdetail("A phone number as an integer is its E.164 digits, a positive number.")));
	n = snprintf(digits, sizeof(digits), INT64_FORMAT, v);
	if (n > PHONE_MAX_DIGITS)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("bigint " INT64_FORMAT " is out of range for type phone", v),
				 errdetail("A phone number has at most %d digits.", PHONE_MAX_DIGITS)));
	(void) phone_from_canonical_digits(digits, n,
									   ERRCODE_INVALID_TEXT_REPRESENTATION,
									   "bigint value", &num, NULL);
	PG_RETURN_PHONE(phone_number_to_datum(&num));
}

/* phone_metadata_version(): the libphonenumber metadata release */
PG_FUNCTION_INFO_V1(phone_metadata_version);
Datum
phone_metadata_version(PG_FUNCTION_ARGS)
{
	(void) fcinfo;
	PG_RETURN_TEXT_P(cstring_to_text(phone_data_version()));
}
