#!/usr/bin/env node
/*
 * gen_corpus.js
 *	  Writes test/data/corpus.tsv: the inputs of the differential test of
 *	  the phone core together with the answers of Google's libphonenumber
 *	  (npm package google-libphonenumber, pinned in package.json).
 *
 * Usage: node gen_corpus.js [OUTPUT]   (default ../data/corpus.tsv)
 *
 * The corpus is deterministic: every random choice comes from a PRNG with
 * a fixed seed defined below, and regions and types are walked in sorted
 * order, so the same package version always gives the same file.  The
 * format of the file is described in test/data/README.md.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const lib = require('google-libphonenumber');

const PACKAGE_VERSION = require('google-libphonenumber/package.json').version;
/* the package does not expose it; 3.2.47 carries this metadata release */
const METADATA_VERSION = '9.0.40';
const EXPECTED_PACKAGE_VERSION = '3.2.47';

if (PACKAGE_VERSION !== EXPECTED_PACKAGE_VERSION)
{
	console.error(`gen_corpus.js: google-libphonenumber is ${PACKAGE_VERSION}, ` +
				  `expected ${EXPECTED_PACKAGE_VERSION} (run npm ci)`);
	process.exit(1);
}

const util = lib.PhoneNumberUtil.getInstance();
const PNF = lib.PhoneNumberFormat;
const PNT = lib.PhoneNumberType;
const VR = lib.PhoneNumberUtil.ValidationResult;
const MT = lib.PhoneNumberUtil.MatchType;

/* number -> enum name maps */
function reverse(obj)
{
	const r = {};
	for (const k of Object.keys(obj))
		r[obj[k]] = k;
	return r;
}
const TYPE_NAME = reverse(PNT);
const POSSIBLE_NAME = reverse(VR);
const MATCH_NAME = reverse(MT);
const ERROR_NAME = reverse(lib.Error);	/* message -> name */

/* ------------------------------------------------------------------
 * Deterministic PRNG (mulberry32), fixed seed
 * ------------------------------------------------------------------
 */
const SEED = 0x50484f4e;		/* "PHON" */
let prngState = SEED >>> 0;

/* restart the PRNG with another seed (gen_holdout.js) */
function setSeed(seed)
{
	prngState = seed >>> 0;
}

function rand()
{
	prngState = (prngState + 0x6D2B79F5) >>> 0;
	let t = prngState;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
function randInt(n)
{
	return Math.floor(rand() * n);
}
function pick(arr)
{
	return arr[randInt(arr.length)];
}

/* ------------------------------------------------------------------
 * Regions and their dialling prefixes
 * ------------------------------------------------------------------
 */
const REGIONS = util.getSupportedRegions().slice().sort();
const NONGEO = util.getSupportedGlobalNetworkCallingCodes().slice().sort((a, b) => a - b);

const TYPES = Object.keys(PNT).filter(t => t !== 'UNKNOWN')
	.sort((a, b) => PNT[a] - PNT[b]);
const TYPE_DESC_GETTER = {
	FIXED_LINE: 'getFixedLine',
	MOBILE: 'getMobile',
	TOLL_FREE: 'getTollFree',
	PREMIUM_RATE: 'getPremiumRate',
	SHARED_COST: 'getSharedCost',
	VOIP: 'getVoip',
	PERSONAL_NUMBER: 'getPersonalNumber',
	PAGER: 'getPager',
	UAN: 'getUan',
	VOICEMAIL: 'getVoicemail',
};

/* candidate dialling strings tried against a pattern international prefix */
const IDD_CANDIDATES = ['00', '011', '010', '001', '0011', '000', '002', '009',
	'0021', '0014', '0015', '0031', '0041', '0055', '0099', '0090', '008',
	'0010', '0012', '0019', '0080', '012', '013', '014', '0700', '810', '8810',
	'99', '119', '1120', '1160', '0120', '0170', '0150', '0180'];

/*
 * A concrete international prefix for region r: the prefix itself when it
 * is a plain digit string, the preferred one, or the first candidate that
 * the pattern accepts.  null when none is found.
 */
function iddOf(r)
{
	const md = util.getMetadataForRegion(r);
	const ip = md.getInternationalPrefix() || '';
	if (/^\d+$/.test(ip))
		return ip;
	const pref = md.getPreferredInternationalPrefix();
	if (pref && /^\d+$/.test(pref))
		return pref;
	const re = new RegExp('^(?:' + ip + ')$');
	for (const c of IDD_CANDIDATES)
		if (re.test(c))
			return c;
	return null;
}

const IDD = {};
for (const r of REGIONS)
	IDD[r] = iddOf(r);

/* regions whose international prefix is exactly 00 or 011 */
const REGIONS_00 = REGIONS.filter(r => IDD[r] === '00');
const REGIONS_011 = REGIONS.filter(r => IDD[r] === '011');
const REGIONS_WITH_IDD = REGIONS.filter(r => IDD[r] !== null);

/* calling-from regions for formatOutOfCountryCallingNumber, in turn */
const OOC_REGIONS = ['US', 'GB', 'DE', 'JP', 'AU', 'FR', 'CN', 'BR', 'IN', 'RU',
	'SG', 'IT', 'MX', 'AR', 'KR', 'NL', 'CH', 'ZA', 'CA', 'HU', 'CO', 'IL'];

/* ------------------------------------------------------------------
 * Example numbers: every region x type, every non-geographic entity x type
 * ------------------------------------------------------------------
 */
function collectExamples()
{
	const out = [];
	const seen = new Set();

	for (const r of REGIONS)
	{
		for (const t of TYPES)
		{
			const n = util.getExampleNumberForType(r, PNT[t]);
			if (!n)
				continue;
			const e164 = util.format(n, PNF.E164);
			if (seen.has(e164 + r))
				continue;
			seen.add(e164 + r);
			out.push({ region: r, type: t, number: n, e164 });
		}
	}
	for (const cc of NONGEO)
	{
		const md = util.getMetadataForNonGeographicalRegion(cc);
		const first = util.getExampleNumberForNonGeoEntity(cc);
		const candidates = [];
		if (first)
			candidates.push(first);
		for (const t of TYPES)
		{
			if (!TYPE_DESC_GETTER[t])
				continue;
			const desc = md[TYPE_DESC_GETTER[t]]();
			if (desc && desc.hasExampleNumber && desc.hasExampleNumber())
				candidates.push(util.parse('+' + cc + desc.getExampleNumber(), 'ZZ'));
		}
		for (const n of candidates)
		{
			const e164 = util.format(n, PNF.E164);
			if (seen.has(e164 + '001'))
				continue;
			seen.add(e164 + '001');
			out.push({ region: '001', type: TYPE_NAME[util.getNumberType(n)], number: n, e164 });
		}
	}
	return out;
}

/* ------------------------------------------------------------------
 * Case recording
 * ------------------------------------------------------------------
 */
const COLUMNS = ['kind', 'input', 'region', 'parse', 'e164', 'ext', 'valid',
	'possible', 'number_region', 'type', 'international', 'national',
	'rfc3966', 'ooc_from', 'ooc', 'match_input', 'match'];

const cases = [];
const caseKeys = new Set();
let oocTurn = 0;
let droppedUnsafe = 0;

/*
 * Escape a field: backslash, tab, newline, carriage return and the other
 * C0 controls and DEL become \\, \t, \n, \r, \xHH.
 */
function esc(s)
{
	let o = '';
	for (const ch of s)
	{
		const c = ch.codePointAt(0);
		if (ch === '\\')
			o += '\\\\';
		else if (ch === '\t')
			o += '\\t';
		else if (ch === '\n')
			o += '\\n';
		else if (ch === '\r')
			o += '\\r';
		else if (c < 0x20 || c === 0x7f)
			o += '\\x' + c.toString(16).padStart(2, '0');
		else
			o += ch;
	}
	return o;
}

function googleParse(input, region)
{
	try
	{
		return { ok: true, number: util.parse(input, region) };
	}
	catch (e)
	{
		const name = ERROR_NAME[e.message];
		if (!name)
			throw new Error(`unexpected exception parsing "${input}": ${e.message}`);
		return { ok: false, error: name };
	}
}

/*
 * Second string for isNumberMatch: a variant of the number chosen so that
 * every match kind occurs.  n is the parsed number (extension cleared).
 */
function matchVariant(n, e164, homeRegion)
{
	const cc = n.getCountryCode();
	const nsn = util.getNationalSignificantNumber(n);
	const k = randInt(12);

	switch (k)
	{
		case 0:
			return e164;
		case 1:
			return util.format(n, PNF.INTERNATIONAL);
		case 2:
		case 3:
			return util.format(n, PNF.NATIONAL);
		case 4:
			return nsn;
		case 5:
			{
				/* a shorter tail of the national number, with or without +cc */
				const cut = 1 + randInt(Math.max(1, Math.min(4, nsn.length - 3)));
				const tail = nsn.slice(cut);
				return rand() < 0.5 ? '+' + cc + tail : tail;
			}
		case 6:
			{
				/* one digit changed */
				const i = randInt(nsn.length);
				const d = String((Number(nsn[i]) + 1 + randInt(9)) % 10);
				return '+' + cc + nsn.slice(0, i) + d + nsn.slice(i + 1);
			}
		case 7:
			{
				/* the same national number under another calling code */
				const other = pick([1, 7, 33, 44, 49, 61, 81, 86, 91, 55, 39, 34]);
				return '+' + (other === cc ? 44 : other) + ' ' + nsn;
			}
		case 8:
			return e164 + pick([' ext. 12', ' x7', ';ext=99']);
		case 9:
			return pick(['', 'abc', '+', 'N/A', '12', '++1', '-']);
		case 10:
			{
				/* national number with one extra digit in front */
				return String(randInt(10)) + nsn;
			}
		default:
			{
				const idd = homeRegion !== '001' && IDD[homeRegion] ? IDD[homeRegion] : '00';
				return idd + ' ' + cc + ' ' + nsn;
			}
	}
}

/*
 * Record one case: parse input in region with Google's library and store
 * every answer.  Duplicate (input, region) pairs are dropped.
 */
function addCase(kind, input, region)
{
	const key = input + '\u0000' + region;
	if (caseKeys.has(key))
		return;
	caseKeys.add(key);

	const row = { kind, input, region };
	const p = googleParse(input, region);

	if (!p.ok)
	{
		row.parse = p.error;
		cases.push(row);
		return;
	}
	const num = p.number;
	/*
	 * The JavaScript build keeps the national number in a double: above
	 * 2^53 its digits are rounded, so its answers cannot be trusted.
	 */
	if (!Number.isSafeInteger(num.getNationalNumber()))
	{
		droppedUnsafe++;
		return;
	}
	row.parse = 'OK';
	row.ext = num.hasExtension() ? num.getExtension() : '';
	const plain = num.clone();
	plain.clearExtension();
	row.e164 = util.format(plain, PNF.E164);
	row.valid = util.isValidNumber(plain) ? 'true' : 'false';
	row.possible = POSSIBLE_NAME[util.isPossibleNumberWithReason(plain)];
	row.number_region = util.getRegionCodeForNumber(plain) || '';
	row.type = TYPE_NAME[util.getNumberType(plain)];
	row.international = util.format(plain, PNF.INTERNATIONAL);
	row.national = util.format(plain, PNF.NATIONAL);
	row.rfc3966 = util.format(plain, PNF.RFC3966);

	/*
	 * calling-from region: in turn, with every 6th the number's own region
	 * and every 6th another region of the same calling code, where those
	 * exist
	 */
	oocTurn++;
	let from = OOC_REGIONS[oocTurn % OOC_REGIONS.length];
	if (oocTurn % 6 === 0 && row.number_region && row.number_region !== '001')
		from = row.number_region;
	else if (oocTurn % 6 === 3)
	{
		const same = (util.getRegionCodesForCountryCode(plain.getCountryCode()) || [])
			.filter(x => x !== row.number_region && x !== '001');
		if (same.length)
			from = same[oocTurn % same.length];
	}
	row.ooc_from = from;
	row.ooc = util.formatOutOfCountryCallingNumber(plain, from);

	const home = row.number_region || util.getRegionCodeForCountryCode(plain.getCountryCode());
	/*
	 * Second texts of 16 digits or more can hold a national number above
	 * 2^53, which the JavaScript build rounds; pick another variant then.
	 */
	for (let tries = 0;; tries++)
	{
		row.match_input = matchVariant(plain, row.e164, home);
		if (row.match_input.replace(/\D/g, '').length < 16)
			break;
		if (tries === 20)
		{
			row.match_input = 'N/A';
			break;
		}
	}
	row.match = MATCH_NAME[util.isNumberMatch(plain, row.match_input)];
	cases.push(row);
}

/* ------------------------------------------------------------------
 * Written forms of a number
 * ------------------------------------------------------------------
 */
const SEPARATORS = [' ', '-', '.', '/', ' - ', '  ', '.', '-'];

/* digits with random separators (and sometimes parentheses) between them */
function punctuate(digits)
{
	let out = '';
	let i = 0;
	let paren = false;
	while (i < digits.length)
	{
		const run = 1 + randInt(4);
		let chunk = digits.slice(i, i + run);
		i += run;
		if (!paren && i > run && i < digits.length && rand() < 0.15)
		{
			chunk = '(' + chunk + ')';
			paren = true;
		}
		out += chunk;
		if (i < digits.length)
			out += pick(SEPARATORS);
	}
	return out;
}

const FULLWIDTH_ZERO = 0xFF10;
const ARABIC_INDIC_ZERO = 0x0660;
const EXT_ARABIC_INDIC_ZERO = 0x06F0;

/* replace ASCII digits (and optionally '+') by another script */
function toScript(s, zero, fullwidthPlus)
{
	let o = '';
	for (const ch of s)
	{
		if (ch >= '0' && ch <= '9')
			o += String.fromCodePoint(zero + ch.charCodeAt(0) - 48);
		else if (ch === '+' && fullwidthPlus)
			o += '\uFF0B';
		else
			o += ch;
	}
	return o;
}

/* one-digit perturbations of a digit string: change, insert, delete */
function perturb(digits, how)
{
	const i = randInt(digits.length);
	if (how === 'change')
	{
		const d = String((Number(digits[i]) + 1 + randInt(9)) % 10);
		return digits.slice(0, i) + d + digits.slice(i + 1);
	}
	if (how === 'insert')
		return digits.slice(0, i) + String(randInt(10)) + digits.slice(i);
	return digits.slice(0, i) + digits.slice(i + 1);
}

function otherRegion(r)
{
	let o = pick(REGIONS);
	if (o === r)
		o = REGIONS[(REGIONS.indexOf(o) + 1) % REGIONS.length];
	return o;
}

/* region to parse an internationally written number in */
function intlRegion(home)
{
	const k = randInt(3);
	if (k === 0 || home === '001')
		return k === 1 ? otherRegion(home) : 'ZZ';
	return k === 1 ? home : otherRegion(home);
}

const EXT_FORMS = [' ext. ', ' x', ' ext ', ' #', ' extension ', ', ext. ', ' X'];

/* every form of one example number */
function numberForms(ex)
{
	const n = ex.number;
	const r = ex.region;
	const cc = n.getCountryCode();
	const nsn = util.getNationalSignificantNumber(n);
	const e164 = ex.e164;
	const intl = util.format(n, PNF.INTERNATIONAL);
	const national = util.format(n, PNF.NATIONAL);
	const rfc = util.format(n, PNF.RFC3966);
	const geo = r !== '001';

	addCase('e164', e164, intlRegion(r));
	addCase('international', intl, intlRegion(r));
	if (rand() < 0.5)
		addCase('punctuated', '+' + punctuate(cc + nsn), intlRegion(r));
	else
		addCase('punctuated', '+' + cc + ' (' + nsn.slice(0, 3) + ') ' + punctuate(nsn.slice(3)), intlRegion(r));

	if (geo)
	{
		const md = util.getMetadataForRegion(r);
		const np = md.getNationalPrefix() || '';

		addCase('national', national, r);
		addCase('national_digits', nsn, r);
		addCase('national_punctuated', punctuate(nsn), r);
		if (np && !national.replace(/\D/g, '').startsWith(np + nsn.slice(0, 1)) &&
			!nsn.startsWith(np))
			addCase('national_trunk', np + nsn, r);
		else if (np)
			addCase('national_trunk', np + punctuate(nsn), r);
		/* trunk prefix left off where the national format has it */
		const nd = national.replace(/\D/g, '');
		if (np && nd === np + nsn)
			addCase('national_no_trunk', national.replace(np, '').trim(), r);
		/* the calling code written without '+', read in the region */
		if (rand() < 0.5)
			addCase('national_with_cc', cc + ' ' + (rand() < 0.5 ? nsn : punctuate(nsn)), r);
		/* national number read in another region */
		if (rand() < 0.3)
			addCase('national_other_region', national, otherRegion(r));
		/* with a carrier code, where the region has a rule for it */
		const withCarrier = util.formatNationalNumberWithCarrierCode(n, '15');
		if (withCarrier !== national)
			addCase('national_carrier', withCarrier, r);
	}

	/* IDD forms */
	{
		const from00 = pick(REGIONS_00);
		addCase('idd_00', '00 ' + intl.slice(1), from00);
		const from011 = pick(REGIONS_011);
		addCase('idd_011', '011 ' + cc + punctuate(nsn), from011);
		const own = pick(REGIONS_WITH_IDD);
		addCase('idd_region', IDD[own] + cc + nsn, own);
		if (rand() < 0.3)
			addCase('idd_no_region', '00' + cc + nsn, 'ZZ');
	}

	/* tel: URIs */
	addCase('tel_global', rfc, pick(['ZZ', 'ZZ', r === '001' ? 'US' : r]));
	addCase('tel_local', 'tel:' + nsn + ';phone-context=+' + cc, 'ZZ');
	if (geo && rand() < 0.4)
	{
		const np = util.getMetadataForRegion(r).getNationalPrefix();
		if (np)
			addCase('tel_local', 'tel:' + np + '-' + nsn + ';phone-context=+' + cc, pick(['ZZ', r]));
	}

	/* extensions */
	{
		const ext = String(1 + randInt(99999)).slice(0, 1 + randInt(5));
		if (geo && rand() < 0.5)
			addCase('ext', national + pick(EXT_FORMS) + ext, r);
		else
			addCase('ext', intl + pick(EXT_FORMS) + ext, intlRegion(r));
		if (rand() < 0.3)
			addCase('ext', rfc + ';ext=' + ext, 'ZZ');
	}

	/* other digit scripts, for half of the numbers */
	if (rand() < 0.5)
	{
		if (rand() < 0.5)
			addCase('fullwidth', toScript(intl, FULLWIDTH_ZERO, rand() < 0.5), intlRegion(r));
		else if (geo)
			addCase('fullwidth', toScript(national, FULLWIDTH_ZERO, false), r);
	}
	else
	{
		if (rand() < 0.5)
			addCase('arabic_indic', toScript(e164, rand() < 0.5 ? ARABIC_INDIC_ZERO : EXT_ARABIC_INDIC_ZERO, false), intlRegion(r));
		else if (geo)
			addCase('arabic_indic', toScript(nsn, ARABIC_INDIC_ZERO, false), r);
	}

	/* one-digit perturbations */
	for (const how of ['change', 'insert', 'delete'])
	{
		if (geo && rand() < 0.5)
			addCase('perturb_' + how, perturb(nsn, how), r);
		else
			addCase('perturb_' + how, '+' + cc + ' ' + perturb(nsn, how), intlRegion(r));
	}
	if (rand() < 0.2)
		addCase('perturb_change', '+' + cc + ' ' + perturb(perturb(nsn, 'change'), 'change'), 'ZZ');
}

/* ------------------------------------------------------------------
 * Other numbers of each region: the first few digits of an example number
 * (or none) followed by random digits, to a length the region allows.
 * They reach number types, leading-digit rules and formats that the
 * example numbers alone do not.
 * ------------------------------------------------------------------
 */
const RANDOM_NSN_PER_REGION = 12;

function randomNsnForms(examples)
{
	const byRegion = {};

	for (const ex of examples)
	{
		const key = ex.region === '001' ? String(ex.number.getCountryCode()) : ex.region;
		(byRegion[key] = byRegion[key] || []).push(ex);
	}
	for (const key of Object.keys(byRegion).sort())
	{
		const exs = byRegion[key];
		const r = exs[0].region;
		const cc = exs[0].number.getCountryCode();
		const md = r === '001' ? util.getMetadataForNonGeographicalRegion(cc)
			: util.getMetadataForRegion(r);
		const lengths = md.getGeneralDesc().possibleLengthArray();

		for (let i = 0; i < RANDOM_NSN_PER_REGION; i++)
		{
			const nsn = util.getNationalSignificantNumber(pick(exs).number);
			const keep = randInt(Math.min(5, nsn.length));
			let len = lengths.length ? pick(lengths) : nsn.length;
			if (len <= keep)
				len = nsn.length;
			let d = nsn.slice(0, keep);
			while (d.length < len)
				d += String(randInt(10));
			if (r !== '001' && rand() < 0.4)
				addCase('random_nsn', rand() < 0.5 ? d : punctuate(d), r);
			else
				addCase('random_nsn', '+' + cc + ' ' + d, intlRegion(r));
		}
	}
}

/* ------------------------------------------------------------------
 * Vanity numbers (letters on the keypad), NANPA mostly
 * ------------------------------------------------------------------
 */
const KEYPAD = { 2: 'ABC', 3: 'DEF', 4: 'GHI', 5: 'JKL', 6: 'MNO', 7: 'PQRS', 8: 'TUV', 9: 'WXYZ' };

function vanityForms(examples)
{
	const fixed = ['1-800-FLOWERS', '1-800-GOT-JUNK', '1-800-CONTACTS', '800-FLOWERS',
		'+1-800-FLOWERS', '1 (800) FLOWERS', '1-800-MICROSOFT', '1-888-SHOPPING',
		'1-800-CALL-ATT', '+1 800 4 FLOWER', '1-877-KARS-4-KIDS', '1-800-PAINTER',
		'(800) ALL-DAYS', '800.PIZZA.NOW', '1-800-GO-FEDEX', 'tel:+1-800-FLOWERS'];
	for (const s of fixed)
	{
		addCase('vanity', s, 'US');
		addCase('vanity', s, pick(['CA', 'ZZ', 'GB']));
	}
	const nanp = examples.filter(ex => ex.number.getCountryCode() === 1);
	for (const ex of nanp)
	{
		const nsn = util.getNationalSignificantNumber(ex.number);
		for (let rep = 0; rep < 3; rep++)
		{
			/* letters for the last 4..7 digits, where the keypad has them */
			const from = 10 - (4 + randInt(4));
			let tail = '';
			for (const d of nsn.slice(from))
				tail += KEYPAD[d] ? pick(KEYPAD[d]) : d;
			const head = nsn.slice(0, from);
			const form = pick([
				'1-' + head.slice(0, 3) + '-' + head.slice(3) + tail,
				'+1 ' + head + ' ' + tail,
				head.slice(0, 3) + '-' + head.slice(3) + '-' + tail,
				'(' + head.slice(0, 3) + ') ' + head.slice(3) + tail]);
			addCase('vanity', form, pick(['US', 'CA', ex.region, 'ZZ']));
		}
	}
	/* a few elsewhere */
	for (const s of ['0800 FLOWERS', '+44 800 FLOWERS', '0800-MOVING', '+49 800 PIZZA 123',
		'+61 1300 FLOWER', '1300 FLOWER', '+33 800 PIZZAS'])
	{
		addCase('vanity', s, pick(['GB', 'DE', 'AU', 'FR']));
		addCase('vanity', s, 'ZZ');
	}
}

/* ------------------------------------------------------------------
 * Garbage and structural edge cases
 * ------------------------------------------------------------------
 */
function garbageForms()
{
	const fixed = [
		'', ' ', '   ', '+', '++', '-', '()', '...', '+-', '+ ', '#', '*', '/', '.',
		'tel:', 'tel:+', 'tel:;phone-context=+1', 'abc', 'hello world', 'phone',
		'N/A', 'none', 'null', 'x', 'ext. 123', '+1', '+12', '+123', '1', '12', '123',
		'+0', '+00', '+01234567', '+999 1234567', '+990 1234567', '+0 415 555 2671',
		'+1 abc', '++1 415 555 2671', '+1+4155552671', '12+34', '4155552671+',
		'+1 415 555 2671 +1', '415 + 555 2671', '+1 (415) 555-2671 x',
		'+1 415 555 2671!', '+1 415 555 2671?', '!+1 415 555 2671', '#1234', '*123#',
		'+44 20 7031 3000 abc', 'abc +44 20 7031 3000', 'a+44 20 7031 3000',
		'+44 20 7031 3000 a', '+44 2O 7031 3000', '+44 20 7031 3OOO', '+44 20 70a1 3000',
		'+44 20 7031 3000 ext', '+44 20 7031 3000 ext.', '+44 20 7031 3000 ;ext=',
		'+1 415 555 2671 ext. 123456789012345678901', '+1 415 555 2671 ext. 1234567',
		'+1-415-555-2671;ext=1234', '+1 415 555 2671 #1234', '+1 415 555 2671 x 0',
		'+4420703130001234567890', '+44207031300012345678', '+442070313000123456',
		'+12345678901234567890', '+123456789012345678901234567890', '+8001234567890123456789',
		'+80012345678901234567', '+8001234567890123456', '+88212345678901234567',
		'+86 10 1234 5678 9012 3456 7', '00000000000', '+0000000000', '0000', '+1 000 000 0000',
		'+1 111 111 1111', '+44 0000 000000', '+49 0', '+49 00', '+49 000', '+39 0', '+39 06',
		'+39 06 1234', '+39 0612345678', '+39 612345678', '+39 3123456789',
		'+7 8 912 345 67 89', '+33 0 1 23 45 67 89', '+44 (0) 20 7031 3000', '+44 (0)20 7031 3000',
		'+49 (0) 30 123456', '+61 (0)2 1234 5678', '+1 (0) 415 555 2671',
		'tel:+1-415-555-2671;phone-context=+1', 'tel:415-555-2671;phone-context=+1',
		'tel:415-555-2671;phone-context=example.com', 'tel:415-555-2671;phone-context=',
		'tel:415-555-2671;phone-context=+', 'tel:415-555-2671;phone-context=+1-415',
		'tel:+44-20-7031-3000;isub=123', 'tel:+44-20-7031-3000;ext=12;isub=3',
		'TEL:+1-415-555-2671', 'tel:+1 415 555 2671', 'sip:+14155552671@example.com',
		'mailto:+14155552671', '+1\t415\t555\t2671', '+1\n4155552671', '+1 415 555 2671\r',
		'\u00a0+1 415 555 2671', '+1\u00a0415\u00a0555\u00a02671', '+1\u2010415\u2010555\u20102671',
		'+1\u2013415\u2013555\u20132671', '+1\u3000415\u3000555\u30002671', '\uFF0B1 415 555 2671',
		'+1 ４１５ ５５５ ２６７１', '+\u0661 \u0664\u0661\u0665 \u0665\u0665\u0665 \u0662\u0666\u0667\u0661',
		'+1 415 555 2671 \u{1F4DE}', '\u{1F4DE} +1 415 555 2671', '+1 415 555 \u0968\u096C\u096D\u0967',
		'+7 495 123-45-67', '+7 (495) 123-45-67', '8 (495) 123-45-67', '+1 [415] 555-2671',
		'+1 {415} 555-2671', '+1 <415> 555-2671', '+1 415_555_2671', '+1 415,555,2671',
		'+1 415;555;2671', '+1 415:555:2671', '+1 415~555~2671', '+1 415*555*2671',
		'(+1) 415 555 2671', '+(1) 415 555 2671', '+1 (415 555 2671', '+1 415) 555 2671',
		'((415)) 555 2671', '+1 -415- 555 2671', '+1--415--555--2671', '+1..415..555..2671',
		'+1 4 1 5 5 5 5 2 6 7 1', '1 415 555 2671', '001 415 555 2671', '011 1 415 555 2671',
		'+1 415 555 2671 ext. 0', '+1 415 555 2671 extn 12', '+1 415 555 2671 ext12',
		'+1 415 555 2671 x12 x13', '+1 415 555 2671 доб. 12', '+1 415 555 2671 anexo 12',
		'+1 415 555 2671, 12', '+1 415 555 2671;12', '+1 415 555 2671 / 12',
		'00 1', '00 12', '011 44', '011 4', '0011 1', '0011 12', '00 44 1', '00 39 0', '+44 0',
	];
	const regions = ['ZZ', 'US', 'GB', 'DE', 'IT', 'RU', 'FR', 'AU', 'JP', 'BR', 'IN', 'CN'];
	for (const s of fixed)
	{
		addCase('garbage', s, 'ZZ');
		addCase('garbage', s, pick(regions.slice(1)));
	}
	for (const [s, reg] of [['00 1', 'DE'], ['00 12', 'GB'], ['011 4', 'US'], ['0011 1', 'AU'],
							['0011 12', 'AU'], ['010 1', 'JP'], ['00 49 1', 'FR']])
		addCase('garbage', s, reg);
	/* unknown or unusual region arguments */
	for (const reg of ['XX', 'us', 'gb', 'UK', 'EU', 'USA', '001', '1', 'ZZ'])
	{
		addCase('region_arg', '+1 415 555 2671', reg);
		addCase('region_arg', '(415) 555-2671', reg);
		addCase('region_arg', '020 7031 3000', reg);
	}
	/* too many digits, international and national */
	for (let len = 15; len <= 25; len++)
	{
		let d = '';
		for (let i = 0; i < len; i++)
			d += String(i === 0 ? 1 + randInt(9) : randInt(10));
		addCase('too_many_digits', '+' + d, 'ZZ');
		addCase('too_many_digits', d, pick(regions.slice(1)));
		addCase('too_many_digits', '+44 ' + d, 'ZZ');
		addCase('too_many_digits', '+86 ' + d.slice(2), 'ZZ');
	}
	/* random strings over a small alphabet of digits, punctuation, letters */
	const alphabet = '0123456789012345678901234567890123456789 +-().x/#;abcABCe';
	for (let i = 0; i < 900; i++)
	{
		const len = randInt(24);
		let s = rand() < 0.5 ? '+' : '';
		for (let j = 0; j < len; j++)
			s += alphabet[randInt(alphabet.length)];
		addCase('random', s, pick(regions));
	}
	/* random digit strings of every length, + and national */
	for (let i = 0; i < 900; i++)
	{
		const len = 1 + randInt(20);
		let d = '';
		for (let j = 0; j < len; j++)
			d += String(randInt(10));
		if (rand() < 0.5)
			addCase('random_digits', '+' + d, pick(['ZZ', 'ZZ', 'US', 'DE']));
		else
			addCase('random_digits', d, pick(regions.slice(1)));
	}
}

/* ------------------------------------------------------------------
 * Main
 * ------------------------------------------------------------------
 */
function main()
{
	const outPath = process.argv[2] || path.join(__dirname, '..', 'data', 'corpus.tsv');
	const examples = collectExamples();

	for (const ex of examples)
		numberForms(ex);
	randomNsnForms(examples);
	vanityForms(examples);
	garbageForms();

	let out = `# corpus of the phone differential test: auto-generated by test/oracle/gen_corpus.js, do not edit; ` +
		`oracle google-libphonenumber ${PACKAGE_VERSION}, metadata ${METADATA_VERSION}; ` +
		`${examples.length} example numbers, ${cases.length} cases\n`;
	out += COLUMNS.join('\t') + '\n';
	for (const row of cases)
		out += COLUMNS.map(c => esc(row[c] === undefined ? '' : String(row[c]))).join('\t') + '\n';
	fs.writeFileSync(outPath, out);

	/* summary on stderr */
	const byKind = {};
	for (const row of cases)
		byKind[row.kind] = (byKind[row.kind] || 0) + 1;
	console.error(`gen_corpus.js: ${cases.length} cases from ${examples.length} example numbers -> ${outPath}`);
	console.error(`gen_corpus.js: ${droppedUnsafe} inputs dropped (national number above 2^53)`);
	for (const k of Object.keys(byKind).sort())
		console.error(`  ${k.padEnd(24)} ${byKind[k]}`);
	if (cases.length < 20000)
	{
		console.error('gen_corpus.js: fewer than 20000 cases');
		process.exit(1);
	}
}

/* gen_holdout.js reuses the oracle and the helpers */
module.exports = {
	util, PNF, PNT, lib, REGIONS, IDD, REGIONS_WITH_IDD, COLUMNS, cases, esc,
	rand, randInt, pick, setSeed, addCase, collectExamples, punctuate, toScript,
	perturb, otherRegion, intlRegion, PACKAGE_VERSION, METADATA_VERSION,
	droppedUnsafe: () => droppedUnsafe,
};

if (require.main === module)
	main();
