/*-------------------------------------------------------------------------
 *
 * pg_phone_metadata.c
 *	  Numbering-plan data versions, tracked as PostgreSQL tracks collation
 *	  versions.
 *
 * Each database records in the extension's table phone_metadata_checked
 * the version of the numbering-plan data its indexes, constraints,
 * generated columns and materialized views were last built or checked
 * with (CREATE EXTENSION records the library's; phone_metadata_refresh()
 * rebuilds them and records it again).  The first use of the plans in a
 * session compares that version with the library's and, when the library
 * was replaced by one with other data, warns once, saying what to run.
 *
 * The table is read directly (no SPI): the check runs inside type input,
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
#include "catalog/namespace.h"
#include "catalog/pg_extension.h"
#include "commands/extension.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

#include "pg_phone.h"
#include "pg_phone_restore.h"
#include "plan.h"

#define VERSION_TABLE "phone_metadata_checked"

bool		phone_metadata_checked = false;

/* The schema of extension phone in this database, or InvalidOid */
static Oid
extension_schema(void)
{
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tuple;
	Oid			nsp = InvalidOid;

	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_extname, BTEqualStrategyNumber,
				F_NAMEEQ, CStringGetDatum("phone"));
	scan = systable_beginscan(rel, ExtensionNameIndexId, true, NULL, 1, &key);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
		nsp = ((Form_pg_extension) GETSTRUCT(tuple))->extnamespace;
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return nsp;
}

/*
 * The data version recorded in the database, palloc'd, or NULL when the
 * extension or its table is not there (an older version of the
 * extension, before ALTER EXTENSION UPDATE) or holds no row.
 */
static char *
recorded_version(void)
{
	Oid			nsp = extension_schema();
	Oid			relid;
	Relation	rel;
	Snapshot	snapshot;
	SysScanDesc scan;
	HeapTuple	tuple;
	char	   *version = NULL;

	if (!OidIsValid(nsp))
		return NULL;
	relid = get_relname_relid(VERSION_TABLE, nsp);
	if (!OidIsValid(relid))
		return NULL;
	rel = table_open(relid, AccessShareLock);
	snapshot = RegisterSnapshot(GetLatestSnapshot());
	scan = systable_beginscan(rel, InvalidOid, false, snapshot, 0, NULL);
	tuple = systable_getnext(scan);
	if (HeapTupleIsValid(tuple))
	{
		bool		isnull;
		Datum		d = heap_getattr(tuple, 1, RelationGetDescr(rel), &isnull);

		if (!isnull)
			version = TextDatumGetCString(d);
	}
	systable_endscan(scan);
	UnregisterSnapshot(snapshot);
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
	if (version == NULL || strcmp(version, plan_metadata_version) == 0)
		return;
	ereport(WARNING,
			(errcode(ERRCODE_WARNING),
			 errmsg("the numbering-plan data of the phone extension changed since this database was last checked"),
			 errdetail("The database was checked against libphonenumber metadata %s; the library in use carries %s. Indexes, constraints, generated columns and materialized views that call functions which read the numbering plans may disagree with the new data.",
					   version, plan_metadata_version),
			 errhint("List them with SELECT * FROM phone_metadata_dependents(); rebuild them and record the new version with SELECT * FROM phone_metadata_refresh().")));
}
