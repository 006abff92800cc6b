/*-------------------------------------------------------------------------
 *
 * pg_phone.h
 *	  Declarations shared by the PostgreSQL glue of the phone extension
 *	  (the C files of src/pg/): the datum representation, the settings, and
 *	  the helpers that turn core results into values and errors.
 *
 * Nothing here parses or formats: that is the core's job (phone_core.h).
 *
 *-------------------------------------------------------------------------
 */
#ifndef PG_PHONE_H
#define PG_PHONE_H

#include "postgres.h"

#include "fmgr.h"
#include "nodes/nodes.h"

#include "phone_core.h"

/*
 * A phone datum is an int64 (see phone_core.h for the encoding).  The type
 * is declared LIKE int8, so it is passed by value wherever int8 is.
 */
#define DatumGetPhone(X)		DatumGetInt64(X)
#define PhoneGetDatum(X)		Int64GetDatum(X)
#define PG_GETARG_PHONE(n)		DatumGetPhone(PG_GETARG_DATUM(n))
#define PG_RETURN_PHONE(x)		return PhoneGetDatum(x)

/*
 * Soft errors (PostgreSQL 16+): input functions report through the
 * caller's error-saving context.  On older servers the context is always
 * NULL and ereturn is an ordinary ereport(ERROR).
 */
#if PG_VERSION_NUM < 160000
#define ereturn(context, dummy_value, ...) \
	do { \
		(void) (context); \
		ereport(ERROR, __VA_ARGS__); \
		return dummy_value; \
	} while (0)
#else
#include "nodes/miscnodes.h"
#endif

/*
 * Exported symbols.  The library is built with -fvisibility=hidden where the
 * compiler has it (Makefile), so only what PGDLLEXPORT marks is exported:
 * the functions of PG_FUNCTION_INFO_V1, their info records, _PG_init and
 * the magic block.  PostgreSQL 16 defines PGDLLEXPORT and
 * PG_FUNCTION_INFO_V1 so; before 16 PGDLLEXPORT is empty and the function
 * itself is not marked, and this is 16's definition.
 */
#if PG_VERSION_NUM < 160000 && defined(__GNUC__)
#undef PGDLLEXPORT
#define PGDLLEXPORT __attribute__((visibility("default")))
#undef PG_FUNCTION_INFO_V1
#define PG_FUNCTION_INFO_V1(funcname) \
extern PGDLLEXPORT Datum funcname(PG_FUNCTION_ARGS); \
extern PGDLLEXPORT const Pg_finfo_record * CppConcat(pg_finfo_,funcname)(void); \
const Pg_finfo_record * \
CppConcat(pg_finfo_,funcname) (void) \
{ \
	static const Pg_finfo_record my_finfo = { 1 }; \
	return &my_finfo; \
} \
extern int no_such_variable
#endif

/* Registers the privacy settings (pg_phone_privacy.c); called by _PG_init */
extern void phone_privacy_init(void);

/*
 * Text input.  Every function that reads text as a phone number (or a
 * prefix) takes it through phone_text_utf8: the text is in the server
 * encoding, the core reads UTF-8, and no input longer than
 * PHONE_MAX_INPUT_BYTES is read at all.  The limit is far above any way
 * of writing a number (a number has at most 19 digits; with a label,
 * separators and an extension, real input stays under 100 bytes), and it
 * bounds the work that any one input can cost.
 */
#define PHONE_MAX_INPUT_BYTES	1024

typedef enum PhoneTextStatus
{
	PHONE_TEXT_OK,
	PHONE_TEXT_TOO_LONG,		/* longer than PHONE_MAX_INPUT_BYTES */
	PHONE_TEXT_NOT_ASCII,		/* a non-ASCII byte in a SQL_ASCII database */
	PHONE_TEXT_UNTRANSLATABLE	/* a character with no Unicode equivalent */
} PhoneTextStatus;

/*
 * The text input[0..len-1], in the server encoding, as UTF-8 for the
 * core: *utf8 is the input itself when it is ASCII or the server encoding
 * is UTF-8, else a palloc'd conversion.  Never raises an error.
 */
extern PhoneTextStatus phone_text_utf8(const char *input, size_t len,
									   const char **utf8, size_t *utf8len);

/*
 * A text argument (a region, a style, a level), in the server encoding,
 * as an error message quotes it: cut to the bytes that an input is quoted
 * with, on a character boundary, with "..." when cut.
 */
extern char *phone_quoted_arg(const char *s);

/*
 * Report why text cannot be read (status is not PHONE_TEXT_OK) as an
 * error about phone input, or about a phone prefix, through escontext or
 * raised.  Returns false.
 */
extern bool phone_text_report(PhoneTextStatus status, const char *input,
							  size_t len, bool prefix, Node *escontext);

/*
 * phone_parse on text in the server encoding, never raising: text that
 * cannot be read comes out as PHONE_ERR_TOO_MANY_DIGITS when too long (as
 * libphonenumber calls an over-long input too long) and as
 * PHONE_ERR_BAD_CHARACTER otherwise.
 */
extern PhoneError phone_parse_text(const char *input, size_t len,
								   const char *region, PhoneValidation level,
								   PhoneParseResult *result);

/*
 * Parse text as the type input does, with the given region (NULL for
 * none) and validation level.  On failure, reports the error through
 * escontext (or raises it) and returns false.  With allow_extension, an
 * input carrying an extension succeeds and result->extension holds it.
 */
extern bool phone_parse_or_report(const char *input, size_t len,
								  const char *region, PhoneValidation level,
								  bool allow_extension,
								  PhoneParseResult *result, Node *escontext);

/* The datum of a parsed number */
extern int64 phone_number_to_datum(const PhoneNumber *num);

/*
 * The number behind a datum.  Values are always structurally sound when
 * they come from the type's input functions; a value whose calling code
 * today's data does not know gets cc_len 0 ("no plan").
 */
extern void phone_datum_to_number(int64 value, PhoneNumber *num);

#endif							/* PG_PHONE_H */
