#!/usr/bin/env node
/*
 * gen_numplan_data.js
 *	  Writes src/data/numplan_data.c, the numbering-plan tables of the phone
 *	  extension (model: src/core/numplan.h), to standard output.
 *
 * Sources (pinned in tools/package.json, installed by "npm ci"):
 *	- google-libphonenumber: Google's libphonenumber compiled to JavaScript;
 *	  its metadata arrays are the data source for every field.
 *	- libphonenumber-js: used to confirm the metadata version (its change
 *	  log names it) and to cross-check the number patterns.
 *	- Debian's iso-codes package: English region names (ISO 3166-1).
 *
 * Every field of the metadata is mapped explicitly; a field, pattern
 * construct or value that this script does not understand stops it with a
 * message and exit status 1, so a metadata update can never slip into the
 * tables half-understood.  After building the automata it verifies them:
 * every example number must be accepted with its description's bit, and
 * the automata must agree with JavaScript's own regular expressions on the
 * example numbers, on mutations of them and on random walks.
 *
 * Usage: node gen_numplan_data.js > ../src/data/numplan_data.c
 *		  (tools/update-metadata.sh does this and checks the result)
 */
'use strict';

const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const dfa = require('./digit_dfa.js');

const EXPECTED = {
	'google-libphonenumber': '3.2.47',
	'libphonenumber-js': '1.13.14',
	metadata: '9.0.40',
	'iso-codes': '4.15.0',
};
/* where the iso-codes package is installed (Debian: /usr) */
const ISO_PREFIX = process.env.ISO_CODES_PREFIX || '/usr';
const ISO_JSON = path.join(ISO_PREFIX, 'share/iso-codes/json/iso_3166-1.json');
const ISO_PC = path.join(ISO_PREFIX, 'share/pkgconfig/iso-codes.pc');

function die(msg)
{
	process.stderr.write('gen_numplan_data.js: ERROR: ' + msg + '\n');
	process.exit(1);
}

/* ---- versions ---- */

function pkgVersion(name)
{
	const p = path.join(__dirname, 'node_modules', name, 'package.json');

	if (!fs.existsSync(p))
		die(name + ' is not installed; run "npm ci" in tools/');
	return JSON.parse(fs.readFileSync(p, 'utf8')).version;
}

for (const name of ['google-libphonenumber', 'libphonenumber-js'])
{
	const v = pkgVersion(name);

	if (v !== EXPECTED[name])
		die(name + ' is ' + v + ', expected ' + EXPECTED[name] +
			' (update EXPECTED in this script together with package.json)');
}

/*
 * The metadata version: libphonenumber-js's change log says which
 * libphonenumber metadata each release carries.  google-libphonenumber has
 * no version string of its own; the cross-check below proves it carries
 * the same data.
 */
function metadataVersion()
{
	const log = fs.readFileSync(path.join(__dirname, 'node_modules',
										  'libphonenumber-js', 'CHANGELOG.md'),
								'utf8');
	const head = log.indexOf('\n' + EXPECTED['libphonenumber-js'] + ' /');

	if (head < 0)
		die('libphonenumber-js CHANGELOG.md has no entry for ' +
			EXPECTED['libphonenumber-js']);
	const rest = log.slice(head + 1);
	const end = rest.search(/\n\d+\.\d+\.\d+ \//);
	const entry = end < 0 ? rest : rest.slice(0, end);
	const m = /Updated metadata to version (\d+\.\d+\.\d+)/.exec(entry);

	if (!m)
		die('cannot find the metadata version in the CHANGELOG entry of ' +
			'libphonenumber-js ' + EXPECTED['libphonenumber-js']);
	return m[1];
}
const METADATA_VERSION = metadataVersion();

if (METADATA_VERSION !== EXPECTED.metadata)
	die('metadata version is ' + METADATA_VERSION + ', expected ' +
		EXPECTED.metadata);

function isoCodesVersion()
{
	let text;

	try
	{
		text = fs.readFileSync(ISO_PC, 'utf8');
	}
	catch (e)
	{
		die('cannot read ' + ISO_PC + ' (is iso-codes installed? ' +
			'set ISO_CODES_PREFIX if it is not under /usr)');
	}
	const m = /^Version:\s*(\S+)\s*$/m.exec(text);

	if (!m)
		die('no Version in ' + ISO_PC);
	return m[1];
}
const ISO_VERSION = isoCodesVersion();

if (ISO_VERSION !== EXPECTED['iso-codes'])
	die('iso-codes is ' + ISO_VERSION + ', expected ' + EXPECTED['iso-codes']);

/* ---- region names ---- */

const isoNames = {};

{
	let list;

	try
	{
		list = JSON.parse(fs.readFileSync(ISO_JSON, 'utf8'))['3166-1'];
	}
	catch (e)
	{
		die('cannot read ' + ISO_JSON + ': ' + e.message);
	}
	if (!Array.isArray(list))
		die(ISO_JSON + ' has no "3166-1" list');
	for (const e of list)
	{
		if (!/^[A-Z]{2}$/.test(e.alpha_2) || typeof e.name !== 'string')
			die(ISO_JSON + ': entry ' + JSON.stringify(e) + ' not understood');
		isoNames[e.alpha_2] = e.common_name || e.name;
	}
}

/* libphonenumber regions that ISO 3166-1 does not list */
const EXTRA_NAMES = {
	AC: 'Ascension Island',
	TA: 'Tristan da Cunha',
	XK: 'Kosovo',
};

/* Non-geographic calling codes ("001"): the service they carry */
const NONGEO_NAMES = {
	800: 'International Freephone',
	808: 'International Shared Cost',
	870: 'Inmarsat',
	878: 'Universal Personal Telecommunications',
	881: 'Global Mobile Satellite System',
	882: 'International Networks',
	883: 'International Networks',
	888: 'Telecommunications for Disaster Relief',
	979: 'International Premium Rate',
};

/* ---- metadata layout ---- */

const lpn = require('google-libphonenumber');
const RAW = lpn.metadata;

if (!RAW || typeof RAW.countryToMetadata !== 'object' ||
	typeof RAW.countryCodeToRegionCodeMap !== 'object')
	die('google-libphonenumber does not expose its metadata arrays');

/*
 * Field numbers of PhoneMetadata (phonemetadata.proto); the generator
 * checks them against the library's own descriptor.
 */
const F = {
	general_desc: 1, fixed_line: 2, mobile: 3, toll_free: 4,
	premium_rate: 5, shared_cost: 6, personal_number: 7, voip: 8,
	id: 9, country_code: 10, international_prefix: 11,
	national_prefix: 12, preferred_extn_prefix: 13,
	national_prefix_for_parsing: 15, national_prefix_transform_rule: 16,
	preferred_international_prefix: 17,
	same_mobile_and_fixed_line_pattern: 18, number_format: 19,
	intl_number_format: 20, pager: 21, main_country_for_code: 22,
	leading_digits: 23, no_international_dialling: 24, uan: 25,
	emergency: 27, voicemail: 28, short_code: 29, standard_rate: 30,
	carrier_specific: 31, mobile_number_portable_region: 32,
	sms_services: 33,
};

/* short-number descriptions: must not appear in the main metadata */
const SHORT_ONLY = ['emergency', 'short_code', 'standard_rate',
	'carrier_specific', 'sms_services'];

const DF = {national_number_pattern: 2, example_number: 6,
	possible_length: 9, possible_length_local_only: 10};
const NF = {pattern: 1, format: 2, leading_digits_pattern: 3,
	national_prefix_formatting_rule: 4,
	domestic_carrier_code_formatting_rule: 5,
	national_prefix_optional_when_formatting: 6};

/* NumPlanDesc order (numplan.h) -> metadata field */
const NUMPLAN_DESCS = [
	['NUMPLAN_DESC_GENERAL', 'general_desc'],
	['NUMPLAN_DESC_FIXED_LINE', 'fixed_line'],
	['NUMPLAN_DESC_MOBILE', 'mobile'],
	['NUMPLAN_DESC_TOLL_FREE', 'toll_free'],
	['NUMPLAN_DESC_PREMIUM_RATE', 'premium_rate'],
	['NUMPLAN_DESC_SHARED_COST', 'shared_cost'],
	['NUMPLAN_DESC_PERSONAL_NUMBER', 'personal_number'],
	['NUMPLAN_DESC_VOIP', 'voip'],
	['NUMPLAN_DESC_PAGER', 'pager'],
	['NUMPLAN_DESC_UAN', 'uan'],
	['NUMPLAN_DESC_VOICEMAIL', 'voicemail'],
	['NUMPLAN_DESC_NO_INTERNATIONAL_DIALLING', 'no_international_dialling'],
];
const LEADING_BIT = 1 << NUMPLAN_DESCS.length;	/* NUMPLAN_ACCEPT_LEADING_DIGITS */

function checkDescriptor()
{
	const util = lpn.PhoneNumberUtil.getInstance();
	const md = util.getMetadataForRegion('US');
	const check = (msg, table, what) =>
	{
		const byTag = {};

		for (const f of msg.getDescriptor().getFields())
			byTag[f.getTag()] = f.getName();
		for (const [name, tag] of Object.entries(table))
			if (byTag[tag] !== undefined && byTag[tag] !== name)
				die(what + ' field ' + tag + ' is ' + byTag[tag] +
					', expected ' + name);
		for (const [tag, name] of Object.entries(byTag))
			if (table[name] !== Number(tag))
				die(what + ' has field ' + name + ' (' + tag +
					') that this generator does not know');
	};

	check(md, F, 'PhoneMetadata');
	check(md.getGeneralDesc(), DF, 'PhoneNumberDesc');
	check(md.getNumberFormat(0), NF, 'NumberFormat');
}
checkDescriptor();

const KNOWN_FIELDS = new Set(Object.values(F));

/* ---- reading one region ---- */

function isStr(x)
{
	return typeof x === 'string';
}

function lengthsMask(list, where)
{
	let m = 0;

	for (const n of list)
	{
		if (!Number.isInteger(n) || n < 1 || n > 17)
			die(where + ': possible length ' + n + ' out of range');
		m |= 1 << n;
	}
	return m >>> 0;
}

function readDesc(raw, name, where, general)
{
	where = where + '.' + name;
	if (raw == null)
		die(where + ' is missing');
	raw.forEach((v, i) =>
	{
		if (v != null && !Object.values(DF).includes(i))
			die(where + ': unknown field ' + i);
	});
	const pattern = raw[DF.national_number_pattern];
	const example = raw[DF.example_number];
	const lens = raw[DF.possible_length] || [];
	const local = raw[DF.possible_length_local_only] || [];

	if (pattern != null && !isStr(pattern))
		die(where + ': bad pattern');
	if (example != null && !(isStr(example) && /^\d{1,17}$/.test(example)))
		die(where + ': bad example number ' + example);
	if (lens.length === 1 && lens[0] === -1)
	{
		/* the type does not exist in this region */
		if (pattern != null || example != null || local.length)
			die(where + ': possible length -1 together with data');
		return {present: false, possible: 0, local: 0, pattern: null,
			example: null, ownLengths: [-1]};
	}
	if (pattern == null)
		die(where + ': no pattern and no possible length -1');
	if (name === 'general_desc' && lens.length === 0)
		die(where + ': general description without possible lengths');
	const possible = lens.length ? lengthsMask(lens, where)
		: general.possible;
	const localMask = lengthsMask(local, where);

	if (possible & localMask)
		die(where + ': possible and local-only lengths overlap');
	return {present: true, possible, local: localMask, pattern, example,
		ownLengths: lens};
}

function expandRule(rule, np, where, allowCC)
{
	if (rule == null)
		return null;
	if (!isStr(rule))
		die(where + ': bad formatting rule');
	/* as libphonenumber's metadata builder does */
	let r = rule.replace('$NP', np || '').replace('$FG', '$1');

	if (/\$(NP|FG)/.test(r) || (!allowCC && /\$CC/.test(r)))
		die(where + ': formatting rule ' + rule + ' has a placeholder left');
	return r;
}

/*
 * Patterns that run as regular expressions (compiled below for
 * src/core/digit_regex.c) must still be within the digit subset, plus
 * capturing groups and, for national-prefix parsing, a "$" anchor.
 */
function checkTextPattern(p, where, opts)
{
	try
	{
		dfa.parse(p, opts);
	}
	catch (e)
	{
		die(where + ': ' + e.message);
	}
}

function readFormat(raw, np, where)
{
	raw.forEach((v, i) =>
	{
		if (v != null && !Object.values(NF).includes(i))
			die(where + ': unknown number format field ' + i);
	});
	const f = {
		pattern: raw[NF.pattern],
		format: raw[NF.format],
		leading: raw[NF.leading_digits_pattern] || [],
		npRule: expandRule(raw[NF.national_prefix_formatting_rule], np, where),
		npOptional: raw[NF.national_prefix_optional_when_formatting],
		carrierRule: expandRule(raw[NF.domestic_carrier_code_formatting_rule],
								np, where, true),
	};

	if (!isStr(f.pattern) || !isStr(f.format))
		die(where + ': number format without pattern or format');
	checkTextPattern(f.pattern, where + ': format pattern', {captures: true});
	if (!/^(?:[^$]|\$[1-9])*$/.test(f.format))
		die(where + ': format ' + f.format + ' has an unknown placeholder');
	if (f.format === 'NA')
		die(where + ': "NA" format left in compiled metadata');
	if (!Array.isArray(f.leading) || !f.leading.every(isStr))
		die(where + ': bad leading digits list');
	if (f.leading.length > 255)
		die(where + ': too many leading digits patterns');
	if (f.npOptional != null && ![true, false, 0, 1].includes(f.npOptional))
		die(where + ': bad national_prefix_optional_when_formatting');
	f.npOptional = !!f.npOptional;
	/* the leading-digits patterns must be in the digit subset too */
	for (const p of f.leading)
	{
		try
		{
			dfa.parse(p);
		}
		catch (e)
		{
			die(where + ': leading digits: ' + e.message);
		}
	}
	return f;
}

function optStr(raw, field, where)
{
	const v = raw[F[field]];

	if (v == null)
		return null;
	if (!isStr(v))
		die(where + ': ' + field + ' is not a string');
	return v;
}

function optBool(raw, field, where)
{
	const v = raw[F[field]];

	if (v == null)
		return false;
	if (v !== true && v !== 1 && v !== false && v !== 0)
		die(where + ': ' + field + ' is not a boolean');
	return !!v;
}

function readRegion(id, cc, raw)
{
	const where = id === '001' ? '001/' + cc : id;

	if (!Array.isArray(raw))
		die(where + ': no metadata');
	raw.forEach((v, i) =>
	{
		if (v != null && !KNOWN_FIELDS.has(i))
			die(where + ': unknown metadata field ' + i);
	});
	for (const f of SHORT_ONLY)
		if (raw[F[f]] != null)
			die(where + ': short-number field ' + f + ' in main metadata');
	if (raw[F.id] !== id)
		die(where + ': id field is ' + raw[F.id]);
	if (raw[F.country_code] !== cc)
		die(where + ': country code field is ' + raw[F.country_code]);

	const r = {id, cc, where};

	r.name = id === '001' ? NONGEO_NAMES[cc]
		: (isoNames[id] || EXTRA_NAMES[id]);
	if (!r.name)
		die(where + ': no name for this region');
	r.main = optBool(raw, 'main_country_for_code', where);
	r.leading = optStr(raw, 'leading_digits', where);
	r.intlPrefix = optStr(raw, 'international_prefix', where);
	r.prefIntlPrefix = optStr(raw, 'preferred_international_prefix', where);
	r.np = optStr(raw, 'national_prefix', where);
	r.extnPrefix = optStr(raw, 'preferred_extn_prefix', where);
	r.npParse = optStr(raw, 'national_prefix_for_parsing', where);
	r.npTransform = optStr(raw, 'national_prefix_transform_rule', where);
	r.portable = optBool(raw, 'mobile_number_portable_region', where);
	if (r.intlPrefix)
		checkTextPattern(r.intlPrefix, where + ': international_prefix', {});
	if (r.npParse)
		checkTextPattern(r.npParse, where + ': national_prefix_for_parsing',
						 {captures: true, anchors: true});
	if (r.np && !/^\d+$/.test(r.np))
		die(where + ': national prefix ' + r.np + ' is not digits');
	if (r.prefIntlPrefix && !/^[\d~]+$/.test(r.prefIntlPrefix))
		die(where + ': preferred international prefix ' + r.prefIntlPrefix +
			' is not digits and "~"');
	if (r.npTransform && !/^(?:\d|\$[1-9])+$/.test(r.npTransform))
		die(where + ': transform rule ' + r.npTransform + ' not understood');
	if (r.leading)
	{
		try
		{
			dfa.parse(r.leading);
		}
		catch (e)
		{
			die(where + ': leading_digits: ' + e.message);
		}
	}

	r.desc = [];
	const general = readDesc(raw[F.general_desc], 'general_desc', where, null);

	if (!general.present)
		die(where + ': general_desc does not exist');
	for (const [, field] of NUMPLAN_DESCS)
		r.desc.push(field === 'general_desc' ? general
					: readDesc(raw[F[field]], field, where, general));

	/*
	 * same_mobile_and_fixed_line_pattern: numplan.h has no field for it.  The
	 * type logic gives the same answers without it exactly when the two
	 * descriptions are identical, so require that.
	 */
	if (optBool(raw, 'same_mobile_and_fixed_line_pattern', where))
	{
		const a = r.desc[1];
		const b = r.desc[2];

		if (a.pattern !== b.pattern || a.possible !== b.possible ||
			a.local !== b.local ||
			a.ownLengths.join() !== b.ownLengths.join())
			die(where + ': same_mobile_and_fixed_line_pattern set but ' +
				'fixed-line and mobile descriptions differ');
	}

	const fmts = raw[F.number_format] || [];
	const ifmts = raw[F.intl_number_format] || [];

	r.formats = fmts.map((f, i) => readFormat(f, r.np, where + '.format' + i));
	r.intlFormats = ifmts.length === 0 ? null
		: ifmts.map((f, i) => readFormat(f, r.np, where + '.intl_format' + i));
	if (r.formats.length > 65535)
		die(where + ': too many formats');
	return r;
}

/* ---- all regions, in calling-code order ---- */

const ccMap = RAW.countryCodeToRegionCodeMap;
const ccs = Object.keys(ccMap).map(Number).sort((a, b) => a - b);
const regions = [];
const seenIds = new Set();

for (const cc of ccs)
{
	if (!(cc >= 1 && cc <= 999))
		die('calling code ' + cc + ' out of range');
	const ids = ccMap[cc];

	if (!Array.isArray(ids) || ids.length === 0)
		die('calling code ' + cc + ' has no regions');
	if (ids.length > 255)
		die('calling code ' + cc + ' has too many regions');
	for (const id of ids)
	{
		if (id === '001')
		{
			if (ids.length !== 1)
				die('non-geographic code ' + cc + ' shared with regions');
			if (!NONGEO_NAMES[cc])
				die('non-geographic code ' + cc + ' has no description here');
			regions.push(readRegion(id, cc, RAW.countryToMetadata[String(cc)]));
			continue;
		}
		if (!/^[A-Z]{2}$/.test(id))
			die('region id ' + id);
		if (seenIds.has(id))
			die('region ' + id + ' under two calling codes');
		seenIds.add(id);
		regions.push(readRegion(id, cc, RAW.countryToMetadata[id]));
	}
}
for (const k of Object.keys(RAW.countryToMetadata))
	if (!seenIds.has(k) && !(/^\d+$/.test(k) && ccMap[k] &&
							 ccMap[k][0] === '001'))
		die('metadata for ' + k + ' is not reachable from any calling code');

/* ---- cross-check against libphonenumber-js ---- */

function crossCheckJs()
{
	const js = require('libphonenumber-js/metadata.max.json');
	let compared = 0;

	function strings(x, out)
	{
		if (isStr(x))
			out.add(x);
		else if (Array.isArray(x))
			x.forEach(y => strings(y, out));
		else if (x && typeof x === 'object')
			Object.values(x).forEach(y => strings(y, out));
		return out;
	}
	for (const r of regions)
	{
		const entry = r.id === '001' ? (js.nonGeographic || {})[r.cc]
			: js.countries[r.id];

		if (!entry)
			die('libphonenumber-js has no entry for ' + r.where);
		const have = strings(entry, new Set());
		const want = [];

		/* libphonenumber-js leaves no_international_dialling out */
		r.desc.forEach((d, i) =>
		{
			if (d.present && NUMPLAN_DESCS[i][1] !== 'no_international_dialling')
				want.push(d.pattern);
		});
		/*
		 * Formats are not compared: libphonenumber-js keeps only some of
		 * them (and of their leading-digits patterns) in its own layout.
		 */
		if (r.intlPrefix)
			want.push(r.intlPrefix);
		for (const s of want)
		{
			if (!have.has(s))
				die('libphonenumber-js disagrees on ' + r.where + ': ' +
					'no string ' + s.slice(0, 60));
			compared++;
		}
		if (String(entry[0]) !== String(r.cc))
			die('libphonenumber-js calling code differs for ' + r.where);
	}
	for (const cc of Object.keys(js.country_calling_codes))
	{
		const a = js.country_calling_codes[cc].join(',');
		const b = (ccMap[cc] || []).join(',');

		if (a !== b && !(b === '001' && a === '001'))
			die('libphonenumber-js regions of +' + cc + ' are ' + a +
				', google-libphonenumber has ' + b);
	}
	return compared;
}
const crossChecked = crossCheckJs();

/* ---- automata ---- */

const perRegion = regions.map(r =>
{
	const items = [];

	r.desc.forEach((d, i) =>
	{
		if (d.present)
			items.push({pattern: d.pattern, bit: 1 << i});
	});
	if (r.leading)
		items.push({pattern: r.leading, bit: LEADING_BIT});
	try
	{
		return dfa.buildDfa(items);
	}
	catch (e)
	{
		die(r.where + ': ' + e.message);
	}
	return null;
});

/*
 * Number formats: an automaton for the last leading-digits pattern of each
 * (the one libphonenumber's chooseFormattingPatternForNumber tests), its
 * matches tagged with the leading-digits bit.
 */
const allFormats = [];

for (const r of regions)
	for (const f of r.formats.concat(r.intlFormats || []))
		if (f.leading.length)
		{
			f.region = r;
			allFormats.push(f);
		}
const perFormat = allFormats.map(f => dfa.buildDfa([{
	pattern: f.leading[f.leading.length - 1], bit: LEADING_BIT}]));

/*
 * National prefixes for parsing: automata that say whether a non-empty match
 * of national_prefix_for_parsing can start a number, so that the regular
 * expression (which also finds the groups) runs only when one can.  The
 * alternatives that end with "$" must match the whole number; they get an
 * automaton of their own, walked only for the lengths they can match
 * (npfp_end_lengths).  Either automaton marks where a match ends with the
 * leading-digits bit; its start state never counts (an empty match changes
 * nothing).  A "$" anywhere but at the end of a top-level alternative stops
 * the generator.
 */
const npfpRegions = regions.filter(r => r.npParse);
const perNpfp = [];

for (const r of npfpRegions)
{
	const prefix = [];
	const anchored = [];

	for (const alt of dfa.splitAlternatives(r.npParse))
	{
		const body = alt.endsWith('$') && !alt.endsWith('\\$')
			? alt.slice(0, -1) : null;

		if ((body === null ? alt : body).includes('$'))
			die(r.where + ': national_prefix_for_parsing ' + r.npParse +
				' has a "$" other than at the end of an alternative');
		(body === null ? prefix : anchored).push(body === null ? alt : body);
	}
	for (const part of [prefix, anchored])
	{
		try
		{
			perNpfp.push(part.length
				? dfa.buildDfa([{pattern: part.map(a => '(?:' + a + ')').join('|'),
								 bit: LEADING_BIT}], {captures: true})
				: null);
		}
		catch (e)
		{
			die(r.where + ': national_prefix_for_parsing: ' + e.message);
		}
	}
}

const allDfas = perRegion.concat(perFormat).concat(perNpfp.filter(d => d));
const unminimized = allDfas.reduce((a, d) => a + d.n, 0);
const aut = dfa.minimize(allDfas);

regions.forEach((r, i) =>
{
	r.dfaStart = aut.starts[i];
});
allFormats.forEach((f, i) =>
{
	f.leadingDfa = aut.starts[regions.length + i];
	if (f.leadingDfa === 0)
		die(f.region.where + ': leading digits automaton is empty');
});
{
	let k = regions.length + allFormats.length;
	let j = 0;

	for (const r of npfpRegions)
	{
		const st = [];

		for (let part = 0; part < 2; part++, j++)
			st.push(perNpfp[j] ? aut.starts[k++] : 0);
		r.npfpDfa = st[0];
		r.npfpEndDfa = st[1];
		/* lengths of the strings the anchored alternatives match */
		r.npfpEndLengths = 0;
		if (st[1])
		{
			let cur = new Set([st[1]]);

			for (let n = 1; cur.size > 0; n++)
			{
				const nxt = new Set();

				for (const q of cur)
					for (let d = 0; d < 10; d++)
					{
						const t = aut.next[q * 10 + d];

						if (t === 0)
							continue;
						if (aut.accept[t] & LEADING_BIT)
						{
							if (n > 31)
								die(r.where + ': national_prefix_for_parsing matches ' +
									n + ' digits');
							r.npfpEndLengths |= 1 << n;
						}
						nxt.add(t);
					}
				cur = nxt;
				if (n > 64)
					die(r.where + ': national_prefix_for_parsing is not finite');
			}
		}
	}
}
if (aut.n > 65535)
	die(aut.n + ' automaton states do not fit uint16_t; widen the type');

/* ---- verification ---- */

let rngState = 0x2545F491;

function rand(n)
{
	/* xorshift32, deterministic */
	rngState ^= rngState << 13;
	rngState >>>= 0;
	rngState ^= rngState >>> 17;
	rngState ^= rngState << 5;
	rngState >>>= 0;
	return rngState % n;
}

function verify()
{
	let checks = 0;

	for (const r of regions)
	{
		const res = r.desc.map(d => d.present
			? new RegExp('^(?:' + d.pattern + ')$') : null);
		const lead = r.leading ? new RegExp('^(?:' + r.leading + ')') : null;
		const probe = s =>
		{
			const w = dfa.walk(aut, r.dfaStart, s);

			res.forEach((re, i) =>
			{
				const want = re !== null && re.test(s);
				const got = (w.final & (1 << i)) !== 0;

				if (want !== got)
					die('automaton of ' + r.where + ' says ' + got +
						' for ' + NUMPLAN_DESCS[i][1] + ' on ' + s +
						', the pattern says ' + want);
			});
			if ((w.final & ~((LEADING_BIT << 1) - 1)) !== 0)
				die('automaton of ' + r.where + ' has stray accept bits');
			if (lead)
			{
				const want = lead.test(s);
				const got = (w.seen & LEADING_BIT) !== 0;

				if (want !== got)
					die('leading digits of ' + r.where + ' on ' + s +
						': automaton ' + got + ', pattern ' + want);
			}
			else if (w.seen & LEADING_BIT)
				die(r.where + ': leading-digits bit without leading digits');
			checks++;
		};
		const seeds = [];

		r.desc.forEach((d, i) =>
		{
			if (!d.present || !d.example)
				return;
			const w = dfa.walk(aut, r.dfaStart, d.example);

			if (!(w.final & (1 << i)))
				die('example ' + d.example + ' of ' + r.where + '.' +
					NUMPLAN_DESCS[i][1] + ' is not accepted by its automaton');
			if (!(w.final & 1))
				die('example ' + d.example + ' of ' + r.where + '.' +
					NUMPLAN_DESCS[i][1] + ' is not accepted by general_desc');
			seeds.push(d.example);
		});
		/* examples and their mutations */
		for (const ex of seeds)
		{
			probe(ex);
			for (let k = 0; k <= ex.length; k++)
			{
				probe(ex.slice(0, k));
				probe(ex.slice(0, k) + String(rand(10)) + ex.slice(k));
				if (k < ex.length)
				{
					probe(ex.slice(0, k) + ex.slice(k + 1));
					probe(ex.slice(0, k) + String(rand(10)) +
						  ex.slice(k + 1));
				}
			}
		}
		/* random walks that stay inside the automaton */
		for (let t = 0; t < 400; t++)
		{
			let s = '';
			let st = r.dfaStart;

			for (let k = 0; k < 18; k++)
			{
				const live = [];

				for (let d = 0; d < 10; d++)
					if (aut.next[st * 10 + d] !== 0)
						live.push(d);
				if (live.length === 0 || rand(8) === 0)
					break;
				const d = rand(5) === 0 ? rand(10) : live[rand(live.length)];

				s += String(d);
				st = aut.next[st * 10 + d];
				if (st === 0)
					break;
				if (aut.accept[st] && rand(3) === 0)
					break;
			}
			probe(s);
		}
		/* plain random strings */
		for (let t = 0; t < 50; t++)
		{
			let s = '';
			const n = 1 + rand(17);

			for (let k = 0; k < n; k++)
				s += String(rand(10));
			probe(s);
		}
	}
	/* format leading digits: lookingAt on examples and random strings */
	for (const f of allFormats)
	{
		const re = new RegExp('^(?:' + f.leading[f.leading.length - 1] + ')');
		const probes = [];

		for (const d of f.region.desc)
			if (d.example)
				probes.push(d.example);
		for (let t = 0; t < 40; t++)
		{
			let s = '';
			const n = rand(12);

			for (let k = 0; k < n; k++)
				s += String(rand(10));
			probes.push(s);
			/* a walk that follows the automaton */
			let st = f.leadingDfa;
			let w = '';

			for (let k = 0; k < 12 && st !== 0; k++)
			{
				const live = [];

				for (let d = 0; d < 10; d++)
					if (aut.next[st * 10 + d] !== 0)
						live.push(d);
				if (live.length === 0)
					break;
				const d = live[rand(live.length)];

				w += String(d);
				st = aut.next[st * 10 + d];
			}
			probes.push(w, w.slice(0, -1) + String(rand(10)));
		}
		for (const s of probes)
		{
			const want = re.test(s);
			const got = (dfa.walk(aut, f.leadingDfa, s).seen & LEADING_BIT) !== 0;

			if (want !== got)
				die('format leading digits of ' + f.region.where + ' (' +
					f.pattern + ') on ' + s + ': automaton ' + got +
					', pattern ' + want);
			checks++;
		}
	}
	/*
	 * national-prefix filters: on examples, with the prefixes in front, and
	 * random strings, the filter must say "may match" exactly when the
	 * pattern has a non-empty match at the start (one that ends at k, for
	 * some k >= 1; "$" is the end of the string)
	 */
	for (const r of npfpRegions)
	{
		const ends = [];
		const probes = [];

		for (let k = 1; k <= 20; k++)
			ends.push(new RegExp('^(?:' + r.npParse + ')(?<=^[\\s\\S]{' + k + '})'));
		for (const d of r.desc)
			if (d.example)
				probes.push(d.example, '0' + d.example, '1' + d.example,
							d.example.slice(0, 7), d.example.slice(0, 6));
		for (const st of [r.npfpDfa, r.npfpEndDfa])
			for (let t = 0; st && t < 200; t++)
			{
				let q = st;
				let w = '';

				for (let k = 0; k < 14 && q !== 0; k++)
				{
					const live = [];

					for (let d = 0; d < 10; d++)
						if (aut.next[q * 10 + d] !== 0)
							live.push(d);
					if (live.length === 0)
						break;
					const d = rand(6) === 0 ? rand(10) : live[rand(live.length)];

					w += String(d);
					q = aut.next[q * 10 + d];
				}
				probes.push(w, w.slice(0, -1), w + String(rand(10)));
			}
		for (let t = 0; t < 200; t++)
		{
			let w = '';
			const n = 1 + rand(16);

			for (let k = 0; k < n; k++)
				w += String(rand(10));
			probes.push(w);
		}
		for (const w of probes)
		{
			if (w.length === 0 || w.length > 20)
				continue;
			const want = ends.slice(0, w.length).some(re => re.test(w));
			let got = false;
			let q = r.npfpDfa;

			for (let k = 0; q !== 0 && k < w.length && !got; k++)
			{
				q = aut.next[q * 10 + (w.charCodeAt(k) - 48)];
				got = q !== 0 && (aut.accept[q] & LEADING_BIT) !== 0;
			}
			if (!got && r.npfpEndDfa && (r.npfpEndLengths & (1 << w.length)))
			{
				q = r.npfpEndDfa;
				for (let k = 0; q !== 0 && k < w.length; k++)
					q = aut.next[q * 10 + (w.charCodeAt(k) - 48)];
				got = q !== 0 && (aut.accept[q] & LEADING_BIT) !== 0;
			}
			if (want !== got)
				die('national-prefix filter of ' + r.where + ' (' + r.npParse +
					') on ' + w + ': automaton ' + got + ', pattern ' + want);
			checks++;
		}
	}
	return checks;
}
const verified = verify();

/* ---- C output ---- */

function cstr(s)
{
	if (s == null)
		return 'NULL';
	let out = '"';
	let prev = '';

	for (const b of Buffer.from(s, 'utf8'))
	{
		const c = String.fromCharCode(b);

		/* no "??" in the output: it could start a trigraph */
		if (c === '\\' || c === '"')
			out += '\\' + c;
		else if (b >= 0x20 && b < 0x7f && !(c === '?' && prev === '?'))
			out += c;
		else
			out += '\\' + b.toString(8).padStart(3, '0');
		prev = c;
	}
	return out + '"';
}

function lenComment(mask)
{
	const l = [];

	for (let i = 0; i < 32; i++)
		if (mask & (1 << i))
			l.push(i);
	return l.join(',');
}

function hex32(m)
{
	return '0x' + (m >>> 0).toString(16).padStart(5, '0');
}

const out = [];
const w = s => out.push(s);

const totalStates = aut.n;
const rowBytes = totalStates * 32;

w('/*-------------------------------------------------------------------------');
w(' *');
w(' * numplan_data.c');
w(' *	  Numbering-plan tables of the phone extension (model: numplan.h).');
w(' *');
w(' * auto-generated by tools/gen_numplan_data.js, do not edit');
w(' * (regenerate with "make update-metadata"; see doc/metadata.md)');
w(' *');
w(' * Sources:');
w(' *	libphonenumber metadata ' + METADATA_VERSION +
  ' (Google, Apache-2.0), as carried by');
w(' *	the npm packages google-libphonenumber@' +
  EXPECTED['google-libphonenumber'] + ' and');
w(' *	libphonenumber-js@' + EXPECTED['libphonenumber-js'] +
  ' (cross-checked against each other);');
w(' *	region names: ISO 3166-1 English names from Debian iso-codes ' +
  ISO_VERSION + ',');
w(' *	the short name ("common_name" where the file has one); AC, TA and XK');
w(' *	are not in ISO 3166-1 and "001" entries are named by their service.');
w(' *');
w(' * numplan_regions holds ' + regions.length + ' entries: ' +
  (regions.length - regions.filter(r => r.id === '001').length) +
  ' regions and ' + regions.filter(r => r.id === '001').length +
  ' non-geographic');
w(' * calling codes (id "001").  Sorted by calling code; within a shared');
w(' * code in libphonenumber\'s order (main region first), which is the order');
w(' * getRegionCodeForNumber tries them in.  numplan_cc_first/numplan_cc_count');
w(' * index it by calling code, numplan_region_by_alpha2 by region id, and');
w(' * numplan_cc_shared/numplan_shared_candidates say which entries of a shared');
w(' * code can claim an NSN, by its first three digits.');
w(' *');
w(' * Number formats: formats is number_format; intl_formats is');
w(' * intl_number_format, or the same array as formats when the metadata has');
w(' * no international formats.  A format whose international form is "NA"');
w(' * ("do not format internationally") is absent from intl_formats, as in');
w(' * libphonenumber\'s compiled metadata.  National-prefix formatting rules');
w(' * have $NP and $FG already replaced.');
w(' *');
w(' * mobile_number_portable_region: not carried by the source packages, so');
w(' * false everywhere.');
w(' *');
w(' * Automata: ' + totalStates + ' states after minimization over all regions');
w(' * and formats and national prefixes for parsing (' + unminimized +
  ' before),');
w(' * in ' + rowBytes + ' bytes of rows (numplan_dfa_rows: transitions, accept');
w(' * mask and the run of uniform states that starts at each state).  Bit');
w(' * NUMPLAN_ACCEPT_LEADING_DIGITS of an accept mask marks a complete match of');
w(' * the region\'s leading_digits pattern, or, in the automata of number');
w(' * formats (leading_dfa), of the format\'s last leading-digits pattern,');
w(' * or, in the automata of national prefixes for parsing (npfp_dfa,');
w(' * npfp_end_dfa), the end of a non-empty match.');
w(' * Verified at generation time on ' + verified +
  ' strings against the patterns.');
w(' *');
w(' *-------------------------------------------------------------------------');
w(' */');
w('#include "numplan.h"');
w('');
w('const char numplan_metadata_version[] = ' + cstr(METADATA_VERSION) + ';');
w('');

/*
 * A format pattern made only of groups "(\d)", "(\d{n})" and "(\d{n,m})"
 * (every pattern of metadata 9.0.40): the [min, max] length of each group,
 * which numplan_format_groups() lays an NSN out by without running the
 * program; null for any other pattern.
 */
function plainGroups(p)
{
	if (!/^(?:\(\\d(?:\{\d+(?:,\d+)?\})?\))+$/.test(p))
		return null;
	const groups = [];

	for (const g of p.match(/\(\\d(?:\{\d+(?:,\d+)?\})?\)/g))
	{
		const b = /\{(\d+)(?:,(\d+))?\}/.exec(g);
		const min = b ? Number(b[1]) : 1;
		const max = b ? Number(b[2] !== undefined ? b[2] : b[1]) : 1;

		if (min > max || max > 255)
			die('format pattern ' + p + ': group ' + g + ' not understood');
		groups.push([min, max]);
	}
	if (groups.length > 9)		/* DREGEX_MAX_GROUPS */
		die('format pattern ' + p + ' has more than 9 groups');
	return groups;
}

/*
 * The patterns that run as regular expressions at run time (international
 * prefixes, national prefixes for parsing, number formats that are not
 * plain groups) are compiled here by the compiler of the extension itself
 * (src/core/digit_regex_compile.c), through tools/dregex_emit.c, which is
 * built with the host C compiler ($CC, else cc) and run once; the programs
 * go into numplan_data.c, so that the extension compiles no pattern.
 */
function compilePatterns(patterns)
{
	const top = path.join(__dirname, '..');
	const core = path.join(top, 'src', 'core');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dregex-emit-'));
	const exe = path.join(dir, 'dregex_emit');
	const cc = process.env.CC || 'cc';
	let text;

	for (const p of patterns)
		if (/[\n\r]/.test(p) || p === '')
			die('pattern ' + JSON.stringify(p) + ' cannot be passed to dregex_emit');
	try
	{
		childProcess.execFileSync(cc, ['-std=c99', '-O1', '-Wall', '-Wextra',
			'-I', core, '-o', exe,
			path.join(__dirname, 'dregex_emit.c'),
			path.join(core, 'digit_regex_compile.c'),
			path.join(core, 'digit_regex.c')],
			{stdio: ['ignore', 'inherit', 'inherit']});
		text = childProcess.execFileSync(exe, [],
			{input: patterns.map(p => p + '\n').join(''),
			 maxBuffer: 256 * 1024 * 1024}).toString('utf8');
	}
	catch (e)
	{
		die('building or running tools/dregex_emit.c: ' + e.message);
	}
	finally
	{
		fs.rmSync(dir, {recursive: true, force: true});
	}

	const lines = text.split('\n');

	if (lines.pop() !== '' || lines.length !== patterns.length)
		die('dregex_emit wrote ' + lines.length + ' lines for ' +
			patterns.length + ' patterns');
	return lines.map((line, i) =>
	{
		const f = line.split(' ');

		if (f[0] === 'L' && f.length === 1)
			return {literal: patterns[i]};
		if (f[0] !== 'P')
			die('pattern ' + patterns[i] + ' refused by src/core/digit_regex_compile.c');
		const v = f.slice(1).map(Number);
		const ninst = v[4];

		if (v.some(x => !Number.isInteger(x)) || v.length !== 5 + 5 * ninst)
			die('dregex_emit: bad line for ' + patterns[i]);
		if (v[1] !== 0)
			die('pattern ' + patterns[i] + ' has a repeated part that can be ' +
				'empty: it would run under a step limit');
		const inst = [];

		for (let k = 0; k < ninst; k++)
			inst.push(v.slice(5 + 5 * k, 10 + 5 * k));
		return {ngroups: v[0], nregs: v[1], first: v[2], firstKnown: v[3] === 1,
				inst};
	});
}

const rxPatterns = [];
const rxIndex = new Map();

function rxUse(p)
{
	if (p == null)
		return;
	if (!rxIndex.has(p))
	{
		rxIndex.set(p, rxPatterns.length);
		rxPatterns.push(p);
	}
}
regions.forEach(r =>
{
	if (r.intlPrefix)
		rxUse(r.intlPrefix);
	if (r.npParse)
		rxUse(r.npParse);
	for (const f of r.formats.concat(r.intlFormats || []))
		if (!plainGroups(f.pattern))
			rxUse(f.pattern);
});

const rxProgs = compilePatterns(rxPatterns);
const DRX_OPS = ['DRX_CHAR', 'DRX_DIGIT', 'DRX_SET', 'DRX_ANY', 'DRX_SPLIT',
				 'DRX_JMP', 'DRX_SAVE', 'DRX_BOL', 'DRX_EOL', 'DRX_RESET',
				 'DRX_MARK', 'DRX_PROGRESS', 'DRX_MATCH'];
let rxInstCount = 0;

rxProgs.forEach(pr =>
{
	if (pr.inst)
	{
		pr.offset = rxInstCount;
		rxInstCount += pr.inst.length;
	}
});

/* a pattern inside a comment */
function ccomment(s)
{
	return s.replace(/\*\//g, '*\\/');
}

function rxRef(p)
{
	if (p == null || p === '')
		return 'NULL';
	return '&numplan_rx_prog[' + rxIndex.get(p) + ']';
}

w('/*');
w(' * The ' + rxPatterns.length + ' distinct patterns of international prefixes, national');
w(' * prefixes for parsing and number formats that are not plain groups');
w(' * (NumPlanFormat.n_groups), compiled for src/core/digit_regex.c by');
w(' * src/core/digit_regex_compile.c: ' + rxInstCount + ' instructions.');
w(' */');
w('static const DRegexInst numplan_rx_inst[' + rxInstCount + '] = {');
rxProgs.forEach((pr, i) =>
{
	if (!pr.inst)
		return;
	w('\t/* ' + pr.offset + ': ' + ccomment(rxPatterns[i]) + ' */');
	for (let k = 0; k < pr.inst.length; k += 4)
		w('\t' + pr.inst.slice(k, k + 4).map(x =>
			'{' + DRX_OPS[x[0]] + ', ' + x.slice(1).join(', ') + '}').join(', ') +
		  ',');
});
w('};');
w('');
w('static const DRegexProgram numplan_rx_prog[' + rxPatterns.length + '] = {');
rxProgs.forEach((pr, i) =>
{
	if (pr.literal != null)
		w('\t{' + cstr(pr.literal) + ', NULL, 0, 0, 0, 0, false},\t/* ' + i + ' */');
	else
		w('\t{NULL, &numplan_rx_inst[' + pr.offset + '], ' + pr.inst.length +
		  ', ' + pr.ngroups + ', ' + pr.nregs + ', 0x' +
		  pr.first.toString(16) + ', ' + pr.firstKnown + '},\t/* ' + i + ': ' +
		  ccomment(rxPatterns[i]) + ' */');
});
w('};');
w('');

/* formats */
let ldCount = 0;

function emitFormats(list, name)
{
	const ldNames = list.map(f =>
	{
		if (f.leading.length === 0)
			return null;
		const n = 'numplan_ld_' + (ldCount++);

		w('static const char *const ' + n + '[] = {');
		for (const p of f.leading)
			w('\t' + cstr(p) + ',');
		w('};');
		return n;
	});

	w('static const NumPlanFormat ' + name + '[] = {');
	list.forEach((f, i) =>
	{
		w('\t{');
		w('\t\t.pattern = ' + cstr(f.pattern) + ',');
		const groups = plainGroups(f.pattern);

		if (!groups)
			w('\t\t.prog = ' + rxRef(f.pattern) + ',');
		else
		{
			w('\t\t.n_groups = ' + groups.length + ',');
			w('\t\t.group_min = {' + groups.map(g => g[0]).join(', ') + '},');
			w('\t\t.group_max = {' + groups.map(g => g[1]).join(', ') + '},');
		}
		w('\t\t.format = ' + cstr(f.format) + ',');
		w('\t\t.leading_digits = ' + (ldNames[i] || 'NULL') + ',');
		w('\t\t.n_leading_digits = ' + f.leading.length + ',');
		w('\t\t.national_prefix_formatting_rule = ' + cstr(f.npRule) + ',');
		w('\t\t.national_prefix_optional_when_formatting = ' +
		  (f.npOptional ? 'true' : 'false') + ',');
		w('\t\t.domestic_carrier_code_formatting_rule = ' +
		  cstr(f.carrierRule) + ',');
		w('\t\t.leading_dfa = ' + (f.leading.length ? f.leadingDfa : 0) + ',');
		w('\t},');
	});
	w('};');
}

regions.forEach((r, i) =>
{
	r.cname = 'numplan_r' + i + '_' + (r.id === '001' ? 'cc' + r.cc : r.id);
	if (r.formats.length)
	{
		w('/* ' + r.where + ' */');
		emitFormats(r.formats, r.cname + '_fmt');
		if (r.intlFormats && r.intlFormats.length)
			emitFormats(r.intlFormats, r.cname + '_intl');
		w('');
	}
	else if (r.intlFormats && r.intlFormats.length)
		die(r.where + ': international formats without national ones');
});

w('const NumPlanRegion numplan_regions[] = {');
regions.forEach((r, i) =>
{
	w('\t{\t\t\t\t\t\t\t/* ' + i + ' */');
	w('\t\t.id = ' + cstr(r.id) + ',');
	w('\t\t.name = ' + cstr(r.name) + ',');
	w('\t\t.country_code = ' + r.cc + ',');
	w('\t\t.main_country_for_code = ' + r.main + ',');
	w('\t\t.leading_digits = ' + cstr(r.leading) + ',');
	w('\t\t.international_prefix = ' + cstr(r.intlPrefix) + ',');
	w('\t\t.international_prefix_prog = ' + rxRef(r.intlPrefix) + ',');
	w('\t\t.preferred_international_prefix = ' + cstr(r.prefIntlPrefix) + ',');
	w('\t\t.national_prefix = ' + cstr(r.np) + ',');
	w('\t\t.preferred_extn_prefix = ' + cstr(r.extnPrefix) + ',');
	w('\t\t.national_prefix_for_parsing = ' + cstr(r.npParse) + ',');
	w('\t\t.npfp_prog = ' + rxRef(r.npParse) + ',');
	w('\t\t.national_prefix_transform_rule = ' + cstr(r.npTransform) + ',');
	w('\t\t.mobile_number_portable_region = ' + r.portable + ',');
	w('\t\t.desc = {');
	r.desc.forEach((d, k) =>
	{
		w('\t\t\t[' + NUMPLAN_DESCS[k][0] + '] = {' + d.present + ', ' +
		  hex32(d.possible) + ', ' + hex32(d.local) + ', ' + cstr(d.pattern) +
		  ', ' + cstr(d.example) + '},' +
		  (d.possible ? '\t/* ' + lenComment(d.possible) +
		   (d.local ? '; local ' + lenComment(d.local) : '') + ' */' : ''));
	});
	w('\t\t},');
	const fm = r.formats.length ? r.cname + '_fmt' : 'NULL';
	const im = r.intlFormats ? r.cname + '_intl' : fm;
	const nim = r.intlFormats ? r.intlFormats.length : r.formats.length;

	w('\t\t.formats = ' + fm + ',');
	w('\t\t.n_formats = ' + r.formats.length + ',');
	w('\t\t.intl_formats = ' + im + ',');
	w('\t\t.n_intl_formats = ' + nim + ',');
	w('\t\t.dfa_start = ' + r.dfaStart + ',');
	if (r.npParse)
	{
		w('\t\t.npfp_dfa = ' + r.npfpDfa + ',');
		w('\t\t.npfp_end_dfa = ' + r.npfpEndDfa + ',');
		w('\t\t.npfp_end_lengths = ' + hex32(r.npfpEndLengths) + ',' +
		  (r.npfpEndLengths ? '\t/* ' + lenComment(r.npfpEndLengths) + ' */' : ''));
	}
	w('\t},');
});
w('};');
w('');
w('const int	numplan_n_regions = ' + regions.length + ';');
w('');

/* calling-code index */
const first = new Array(1000).fill(0);
const count = new Array(1000).fill(0);

regions.forEach((r, i) =>
{
	if (count[r.cc] === 0)
		first[r.cc] = i;
	else if (first[r.cc] + count[r.cc] !== i)
		die('regions of +' + r.cc + ' are not contiguous');
	count[r.cc]++;
});

function emitArray(type, name, values, perLine)
{
	w('const ' + type + ' ' + name + '[' + values.length + '] = {');
	for (let i = 0; i < values.length; i += perLine)
		w('\t' + values.slice(i, i + perLine).join(', ') + ',');
	w('};');
	w('');
}

emitArray('uint16_t', 'numplan_cc_first', first, 16);
emitArray('uint8_t', 'numplan_cc_count', count, 20);

/*
 * The calling code that starts each three digits, its length and its main
 * region in one entry, so that the region of an E.164 number is one load
 * away from its digits.
 */
const ccStart = [];

if (regions.length > 256)
	die('numplan_cc_start holds region indexes of 8 bits, not ' + regions.length);
for (let p = 0; p < 1000; p++)
{
	const s = String(p).padStart(3, '0');
	let e = 0;

	for (let k = 1; k <= 3 && s[0] !== '0'; k++)
	{
		const cc = Number(s.slice(0, k));

		if (count[cc] !== 0)
		{
			e = (k << 8) | first[cc];
			break;
		}
	}
	ccStart.push('0x' + e.toString(16));
}
w('/*');
w(' * numplan_cc_start[p]: for the three digits p, 0 when no calling code');
w(' * starts them, else the length of the code that does (bits 8-9) and');
w(' * numplan_cc_first of it (bits 0-7).');
w(' */');
emitArray('uint16_t', 'numplan_cc_start', ccStart, 16);

/*
 * Candidates of shared calling codes: for each three-digit start p of an
 * NSN, the entries of the code that can be its region.  An entry with
 * leading digits can only be chosen when its leading-digits pattern matched
 * a prefix of p or can still match after p; one without, when after p its
 * automaton can still reach a state where the NSN has a type.
 */
/*
 * typedLive[s]: from state s some string reaches a state where the general
 * description and at least one number type match, i.e. a number that
 * getNumberType would not call UNKNOWN (lengths aside).
 */
const TYPE_BITS = ((1 << (NUMPLAN_DESCS.length - 1)) - 1) & ~1;	/* 1..10 */
const typedLive = new Uint8Array(aut.n);

for (let s = 0; s < aut.n; s++)
	if ((aut.accept[s] & 1) && (aut.accept[s] & TYPE_BITS))
		typedLive[s] = 1;
for (let changed = true; changed;)
{
	changed = false;
	for (let s = 1; s < aut.n; s++)
	{
		if (typedLive[s])
			continue;
		for (let d = 0; d < 10; d++)
			if (typedLive[aut.next[s * 10 + d]])
			{
				typedLive[s] = 1;
				changed = true;
				break;
			}
	}
}

function leadingAut(r)
{
	if (!r.leadingAut)
		r.leadingAut = dfa.minimize([dfa.buildDfa([{pattern: r.leading,
													 bit: 1}])]);
	return r.leadingAut;
}

const sharedIndex = new Array(1000).fill(0);
const candidates = [];

for (let cc = 1; cc < 1000; cc++)
{
	if (count[cc] < 2)
		continue;
	if (count[cc] > 32)
		die('+' + cc + ' has more than 32 regions');
	sharedIndex[cc] = candidates.length / 1000 + 1;
	for (let p = 0; p < 1000; p++)
	{
		const digits = String(p).padStart(3, '0');
		let mask = 0;

		for (let i = 0; i < count[cc]; i++)
		{
			const r = regions[first[cc] + i];
			/* leading digits alone decide for a region that has them */
			const a = r.leading ? leadingAut(r) : aut;
			const start = r.leading ? a.starts[0] : r.dfaStart;
			const wk = dfa.walk(a, start, digits);
			let st = start;

			for (const ch of digits)
				st = st === 0 ? 0 : a.next[st * 10 + (ch.charCodeAt(0) - 48)];
			if (r.leading ? (st !== 0 || wk.seen) : typedLive[st])
				mask |= 1 << i;
		}
		candidates.push('0x' + (mask >>> 0).toString(16));
	}
}
if (candidates.length / 1000 > 255)
	die('too many shared calling codes');
w('/*');
w(' * Shared calling codes: numplan_cc_shared[cc] is 0, or 1 + k where');
w(' * numplan_shared_candidates[k * 1000 + p] has bit i set when entry');
w(' * numplan_cc_first[cc] + i can be the region of an NSN that begins with the');
w(' * three digits p.');
w(' */');
emitArray('uint8_t', 'numplan_cc_shared', sharedIndex, 20);
emitArray('uint32_t', 'numplan_shared_candidates', candidates, 10);

const byAlpha = new Array(26 * 26).fill(0);

regions.forEach((r, i) =>
{
	if (r.id === '001')
		return;
	const k = (r.id.charCodeAt(0) - 65) * 26 + (r.id.charCodeAt(1) - 65);

	byAlpha[k] = i + 1;
});
w('/* index + 1 in numplan_regions of region "XY" at [(X-\'A\')*26 + (Y-\'A\')], 0: none */');
emitArray('uint16_t', 'numplan_region_by_alpha2', byAlpha, 16);


/*
 * Runs of states that send every digit to the same state (the "\d{n}"
 * tails of the patterns): for each state, how many such steps follow in a
 * row and the state after them, so that a walk needs one table lookup per
 * run instead of one per digit.  The automata have no cycles.
 */
const skipLen = new Array(totalStates).fill(-1);
const skipTo = new Array(totalStates).fill(0);

skipLen[0] = 0;
function runOf(q)
{
	if (skipLen[q] >= 0)
		return;
	const t = aut.next[q * 10];

	skipLen[q] = 0;
	if (t !== 0 && [1, 2, 3, 4, 5, 6, 7, 8, 9].every(d => aut.next[q * 10 + d] === t))
	{
		runOf(t);
		skipLen[q] = 1 + skipLen[t];
		skipTo[q] = skipLen[t] ? skipTo[t] : t;
		if (skipLen[q] > 255)
			die('a run of ' + skipLen[q] + ' uniform automaton states');
	}
}
for (let q = 1; q < totalStates; q++)
	runOf(q);
w('/*');
w(' * The automata, one 32-byte row per state: transitions, accept mask and');
w(' * the run of uniform states that starts there; ' + totalStates + ' states,');
w(' * state 0 is the dead state.');
w(' */');
w('const NumPlanDfaRow numplan_dfa_rows[' + totalStates + '] NUMPLAN_DFA_ROWS_ALIGN = {');
for (let q = 0; q < totalStates; q++)
	w('\t{{' + aut.next.slice(q * 10, q * 10 + 10).join(', ') + '}, 0x' +
	  aut.accept[q].toString(16) + ', ' + skipTo[q] + ', ' + skipLen[q] + ', {0}},');
w('};');
w('');

/*
 * The state of each region's automaton after the first two digits of an
 * NSN, so that a walk starts with a load that depends on no earlier one.
 */
const after2 = [];

regions.forEach(r =>
{
	for (let p = 0; p < 100; p++)
	{
		const s1 = aut.next[r.dfaStart * 10 + Math.floor(p / 10)];

		after2.push(s1 === 0 ? 0 : aut.next[s1 * 10 + p % 10]);
	}
});
w('/*');
w(' * numplan_dfa_after2[i * 100 + p]: the state of the automaton of');
w(' * numplan_regions[i] after the two digits p (' + after2.length * 2 + ' bytes).');
w(' */');
emitArray('uint16_t', 'numplan_dfa_after2', after2, 20);

/*
 * The first digits after which an automaton of a region's national prefix
 * for parsing is still alive: for any other, the prefix cannot match.
 */
const npfpFirst = regions.map(r =>
{
	let m = 0;

	for (let d = 0; d < 10; d++)
		for (const st of [r.npfpDfa, r.npfpEndDfa])
			if (st && aut.next[st * 10 + d] !== 0)
				m |= 1 << d;
	return '0x' + m.toString(16);
});

w('/*');
w(' * numplan_npfp_first_digits[i]: bit d set when an automaton of the national');
w(' * prefix for parsing of numplan_regions[i] is still alive after digit d.');
w(' */');
emitArray('uint16_t', 'numplan_npfp_first_digits', npfpFirst, 16);

/*
 * The descriptions of each region whose possible lengths admit an NSN of
 * each length, so that the filter of the walk's result by length is one
 * load and an and.
 */
const MAX_NSN = 17;			/* PHONE_MAX_NSN_DIGITS */
const descByLength = [];

regions.forEach(r =>
{
	for (let len = 0; len <= MAX_NSN; len++)
	{
		let m = 0;

		r.desc.forEach((d, i) =>
		{
			if (d.possible & (1 << len))
				m |= 1 << i;
		});
		descByLength.push('0x' + m.toString(16));
	}
});
w('/*');
w(' * numplan_desc_by_length[i * ' + (MAX_NSN + 1) + ' + n]: bit d (a NumPlanDesc) set when');
w(' * desc[d].possible_lengths of numplan_regions[i] has bit n (' +
  descByLength.length * 2 + ' bytes).');
w(' */');
emitArray('uint16_t', 'numplan_desc_by_length', descByLength, 12);

process.stdout.write(out.join('\n'));
process.stderr.write('gen_numplan_data.js: metadata ' + METADATA_VERSION + ', ' +
					 regions.length + ' plan entries, ' + totalStates +
					 ' automaton states (' + unminimized +
					 ' before minimization), ' +
					 rowBytes + ' bytes of automata; ' +
					 crossChecked + ' strings cross-checked with ' +
					 'libphonenumber-js, ' + verified +
					 ' automaton probes verified\n');
