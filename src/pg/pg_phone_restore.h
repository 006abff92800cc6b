/*-------------------------------------------------------------------------
 *
 * pg_phone_restore.h
 *	  Reading back stored values (restore and logical replication) and
 *	  tracking the numbering-plan data version a database was checked
 *	  against: src/pg/pg_phone_restore.c and src/pg/pg_phone_metadata.c.
 *
 *-------------------------------------------------------------------------
 */
#ifndef PG_PHONE_RESTORE_H
#define PG_PHONE_RESTORE_H

#include "postgres.h"

#include "nodes/nodes.h"

#include "phone_core.h"

/*
 * Whether a session reads back values that a phone column already held
 * (a restore or a logical replication worker) is decided in
 * src/pg/pg_phone_restore.c.
 *
 * Text input in such a session: false when the session is not one or
 * s[0..len-1] is not in the form that phone_out writes ("+" and 1 to 19
 * ASCII digits); the caller then parses the text as usual.  Otherwise true,
 * with *ok true and *value the datum of those digits when the type could
 * have stored them (see src/pg/pg_phone_restore.c), or *ok false when it could
 * not and the error went to escontext (22P02).
 */
extern bool phone_stored_text(const char *s, size_t len, Node *escontext,
							  bool *ok, int64 *value);

/*
 * Binary input of digits[0..n-1] in such a session: true when the type
 * could have stored them, and an error (22P03) when it could not; false in
 * other sessions and for no digits (the caller then checks the value as
 * usual).
 */
extern bool phone_stored_digits(const char *digits, int n);

/*
 * phone_parse(text, region) in a session that reads back stored values,
 * where a generated column is recomputed from what it was computed from
 * when the row was stored: when the input is not valid today, the datum
 * of the number that a structure-only reading gives, or, for "+" and
 * digits with separators under a calling code that the plans no longer
 * assign and the data of an earlier release did (src/core/numplan_history.c), of
 * those digits.  False in other sessions, for valid input (the caller
 * parses it as usual) and for input that even these readings refuse.
 */
extern bool phone_parse_stored(const char *input, size_t len,
							   const char *region, int64 *value);

/*
 * *num for a stored value whose digits no longer start with an assigned
 * calling code (or no longer leave an NSN of 2 to 17 digits after it):
 * cc_len 0, so the region is NULL, the type unknown and the value is not
 * valid.
 */
extern void phone_unplanned_number(const char *digits, int n,
								   PhoneNumber *num);

/*
 * phone_format for a number with cc_len 0: the E.164 form, or its tel:
 * URI for style rfc3966, both of which read back as the same value.
 */
extern size_t phone_format_unplanned(const PhoneNumber *num,
									 PhoneFormat style, char *buf);

/*
 * The first use of the numbering plans in a session compares the data
 * version recorded in the database (the comment of the extension) with
 * the library's and warns once when they differ.
 */
extern bool phone_metadata_checked;
extern void phone_metadata_check_slow(void);

static inline void
phone_metadata_check(void)
{
	if (unlikely(!phone_metadata_checked))
		phone_metadata_check_slow();
}

#endif							/* PG_PHONE_RESTORE_H */
