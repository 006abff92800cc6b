/*-------------------------------------------------------------------------
 *
 * pg_phone_metadata.c
 *	  Numbering-plan data versions, tracked as PostgreSQL tracks collation
 *	  versions.
 *
 * Each database records, at the end of the comment of the extension
 * phone ("... (numbering-plan data checked against 9.0.40)"), the version
 * of the numbering-plan data its indexes, constraints, generated columns
 * and materialized views were last built or checked with (CREATE
 * EXTENSION records the library's; phone_metadata_refresh() rebuilds them
 * and records it again; doc/metadata.md says why a comment).  The first use of the plans in a
 * session compares that version with the library's and, when the library
 * was replaced by one with other data, warns once, saying what to run.
 *
 * The comment is read directly (no SPI): the check runs inside type input,
 * which may be called in the middle of COPY, an index build or the apply
 * of a replicated change.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/parallel.h"
#include "access/table.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/pg_description.h"
#include "catalog/pg_extension.h"
#include "commands/extension.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/rel.h"

#include "pg_phone.h"
#include "pg_phone_restore.h"

#define VERSION_MARKER "(numbering-plan data checked against "

bool		phone_metadata_checked = false;

/* The OID of extension phone in this database, or InvalidOid */
static Oid
extension_oid(void)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	Oid			ext = InvalidOid;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber,
				F_NAMEEQ, CStringGetDatum("phone"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
		ext = ((Form_pg_extension) GETSTRUCT(tuple))->oid;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return ext;
}

/*
 * The version at the end of a comment, "... (numbering-plan data checked
 * against V)", palloc'd, or NULL (what phone_metadata_checked() reads).
 */
static char *
version_in_comment(const char *comment)
{
	const char *start = NULL;
	const char *p;
	size_t		len = strlen(comment);
	size_t		n;

	/* the last occurrence of the marker */
	for (p = strstr(comment, VERSION_MARKER); p != NULL;
		 p = strstr(p + 1, VERSION_MARKER))
		start = p + strlen(VERSION_MARKER);
	if (start == NULL || len == 0 || comment[len - 1] != ')')
		return NULL;
	n = comment + len - 1 - start;
	if (n == 0)
		return NULL;
	for (p = start; p < comment + len - 1; p++)
		if (*p == '(' || *p == ')' || *p == ' ' || *p == '\t' || *p == '\n' ||
			*p == '\r' || *p == '\f' || *p == '\v')
			return NULL;
	return pnstrdup(start, n);
}

/*
 * The data version recorded in the database, palloc'd, or NULL when the
 * extension is not there, or its comment records no version (an older
 * version of the extension, before ALTER EXTENSION UPDATE, or a comment
 * replaced by hand).
 */
static char *
recorded_version(void)
{
	Oid			ext = extension_oid();
	Relation	rel;
	ScanKeyData key[3];
	SysScanDesc scan;
	HeapTuple	tuple;
	char	   *version = NULL;

	if (!OidIsValid(ext))
		return NULL;
	rel = table_open(DescriptionRelationId, AccessShareLock);
	ScanKeyInit(&key[0], Anum_pg_description_objoid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(ext));
	ScanKeyInit(&key[1], Anum_pg_description_classoid, BTEqualStrategyNumber,
				F_OIDEQ, ObjectIdGetDatum(ExtensionRelationId));
	ScanKeyInit(&key[2], Anum_pg_description_objsubid, BTEqualStrategyNumber,
				F_INT4EQ, Int32GetDatum(0));
	scan = systable_beginscan(rel, DescriptionObjIndexId, true, NULL, 3, key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		bool		isnull;
		Datum		d = heap_getattr(tuple, Anum_pg_description_description,
									 RelationGetDescr(rel), &isnull);

		if (!isnull)
		{
			char	   *comment = TextDatumGetCString(d);

			version = version_in_comment(comment);
			pfree(comment);
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return version;
}

/*
 * phone_metadata_check_slow
 *		See pg_phone_restore.h.  Outside a transaction, during CREATE or
 *		ALTER EXTENSION and in binary upgrade the check waits for a later
 *		use; parallel workers leave it to their leader.
 */
void
phone_metadata_check_slow(void)
{
	char	   *version;

	if (IsParallelWorker())
	{
		phone_metadata_checked = true;
		return;
	}
	if (!IsTransactionState() || creating_extension || IsBinaryUpgrade)
		return;
	phone_metadata_checked = true;

	version = recorded_version();
	if (version == NULL || strcmp(version, phone_data_version()) == 0)
		return;
	ereport(WARNING,
			(errcode(ERRCODE_WARNING),
			 errmsg("the numbering-plan data of the phone extension changed since this database was last checked"),
			 errdetail("The database was checked against libphonenumber metadata %s; the library in use carries %s. Indexes, constraints, generated columns and materialized views that call functions which read the numbering plans may disagree with the new data.",
					   version, phone_data_version()),
			 errhint("List them with SELECT * FROM phone_metadata_dependents(); rebuild them and record the new version with SELECT * FROM phone_metadata_refresh().")));
}
