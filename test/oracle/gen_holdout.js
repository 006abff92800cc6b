#!/usr/bin/env node
/*
 * gen_holdout.js
 *	  Writes test/data/holdout.tsv: a second corpus for the differential
 *	  test, made apart from corpus.tsv so that it measures agreement with
 *	  Google's libphonenumber on inputs the core was not tuned on.
 *
 * Usage: node gen_holdout.js [OUTPUT]   (default ../data/holdout.tsv)
 *
 * Same oracle, columns and format as gen_corpus.js (whose helpers it
 * reuses), but another seed and another way of making inputs: instead of
 * the example numbers in every systematic form, numbers made from the
 * examples by replacing their last digits (kept when Google finds them
 * valid, and a share that it does not), each written in one or two forms
 * picked at random from the ways people write numbers in messages and
 * forms: Google's formats with other separators (no-break spaces, en
 * dashes, dots), "(0)" after the calling code, every extension marker
 * libphonenumber knows, invisible bidirectional marks, full-width and
 * Arabic-Indic digits, IDDs of random regions, tel: URIs, white space at
 * the ends, typed digits changed, doubled or dropped, and a few with text
 * around the number or a doubled '+'.  (A national prefix written twice is
 * refused on purpose, #14; it is tested in test/test_format.c and the
 * regression suite, and here occurs only as typos happen to make it.)  The test runs on it with -c and no
 * list of known differences: only the deliberate differences of
 * doc/phone.md are left out of the count.
 */
'use strict';

const fs = require('fs');
const path = require('path');
const g = require('./gen_corpus.js');

const { util, PNF, rand, randInt, pick } = g;

g.setSeed(0x484f4c44);			/* "HOLD" */

const EXT_MARKERS = [' ext. ', ' ext ', 'ext', ' x', ' X ', ' #', ' ~ ', '~', ' \uFF5E ',
	',', ', ', ',,', ';', ' ; ', ' int ', ' anexo ', ' \u0434\u043E\u0431. ',
	' extension ', ' Ext: ', ', ext. ', ' extn ', ' ;ext=', ' \uFF58'];
const SEPARATOR_SWAPS = [' ', '\u00A0', '-', '.', '\u2013', '  ', ' - ', '/'];
const BIDI = ['\u200E', '\u200F', '\u202A', '\u202B', '\u2066', '\u2067'];
const SURROUNDING = [['Tel: ', ''], ['Phone: ', ''], ['call ', ''], ['', ' (mobile)'],
	['', ' please'], ['mob. ', '']];

/* Google's format with its spaces and dashes replaced at random */
function reseparate(s)
{
	const sep = pick(SEPARATOR_SWAPS);
	return s.replace(/[ -]/g, () => (rand() < 0.7 ? sep : pick(SEPARATOR_SWAPS)));
}

/* the example NSN with its last 1..4 digits replaced */
function variant(nsn)
{
	const k = 1 + randInt(Math.min(4, Math.max(1, nsn.length - 3)));
	let d = nsn.slice(0, nsn.length - k);
	while (d.length < nsn.length)
		d += String(randInt(10));
	return d;
}

/* numbers made from each example: valid ones, and some that are not */
function makeNumbers(examples)
{
	const out = [];

	for (const ex of examples)
	{
		const cc = ex.number.getCountryCode();
		const nsn = util.getNationalSignificantNumber(ex.number);
		let made = 0;

		for (let tries = 0; tries < 12 && made < 3; tries++)
		{
			const d = variant(nsn);
			let n;

			try
			{
				n = util.parse('+' + cc + d, 'ZZ');
			}
			catch (e)
			{
				continue;
			}
			if (!Number.isSafeInteger(n.getNationalNumber()))
				continue;
			if (util.isValidNumber(n) || rand() < 0.15)
			{
				out.push({ region: ex.region, number: n });
				made++;
			}
		}
	}
	return out;
}

/* one written form of n, with the region to read it in */
function writeForm(n, home)
{
	const cc = n.getCountryCode();
	const nsn = util.getNationalSignificantNumber(n);
	const geo = home !== '001';
	const intl = util.format(n, PNF.INTERNATIONAL);
	const national = util.format(n, PNF.NATIONAL);
	const md = geo ? util.getMetadataForRegion(home) : null;
	const np = md ? (md.getNationalPrefix() || '') : '';
	const k = randInt(20);

	switch (k)
	{
		case 0:
		case 1:
			return ['international', reseparate(intl), g.intlRegion(home)];
		case 2:
			return ['e164', util.format(n, PNF.E164), g.intlRegion(home)];
		case 3:
		case 4:
			if (geo)
				return ['national', reseparate(national), home];
			return ['international', intl, 'ZZ'];
		case 5:
			if (np === '0')
				return ['trunk_after_cc', '+' + cc + ' (0)' + pick([' ', '']) + g.punctuate(nsn), 'ZZ'];
			return ['punctuated', '+' + g.punctuate(cc + nsn), g.intlRegion(home)];
		case 6:
			{
				const from = pick(g.REGIONS_WITH_IDD);
				return ['idd', g.IDD[from] + pick([' ', '']) + cc + ' ' + g.punctuate(nsn), from];
			}
		case 7:
			return ['tel', util.format(n, PNF.RFC3966), pick(['ZZ', geo ? home : 'ZZ'])];
		case 8:
		case 9:
			{
				const ext = String(randInt(100000)).slice(0, 1 + randInt(5));
				const base = geo && rand() < 0.4 ? national : intl;
				let m = pick(EXT_MARKERS);
				let tail = '';

				if (m === ' #' && rand() < 0.5)
					tail = '#';
				return ['ext', base + m + ext + tail, geo && base === national ? home : g.intlRegion(home)];
			}
		case 10:
			{
				const b = pick(BIDI);
				const s = rand() < 0.5 ? b + intl : b + intl + pick(BIDI);
				return ['bidi', s, g.intlRegion(home)];
			}
		case 11:
			if (rand() < 0.5)
				return ['fullwidth', g.toScript(intl, 0xFF10, rand() < 0.5), g.intlRegion(home)];
			return ['arabic_indic', g.toScript(util.format(n, PNF.E164), pick([0x0660, 0x06F0]), false),
				g.intlRegion(home)];
		case 12:
			return ['spaces', pick([' ', '  ', '\t', '\u00A0']) + intl + pick(['', ' ', '\n', '  ']),
				g.intlRegion(home)];
		case 13:
		case 14:
			{
				const how = pick(['change', 'insert', 'delete']);
				if (geo && rand() < 0.5)
					return ['typo_' + how, np + g.perturb(nsn, how), home];
				return ['typo_' + how, '+' + cc + ' ' + g.perturb(nsn, how), g.intlRegion(home)];
			}
		case 15:
			if (geo)
				return ['national_digits', rand() < 0.5 ? np + nsn : nsn, home];
			return ['e164', '+' + cc + nsn, 'ZZ'];
		case 16:
			{
				const [before, after] = pick(SURROUNDING);
				return ['surrounding_text', before + intl + after, g.intlRegion(home)];
			}
		case 17:
			return ['plus', pick(['++', '+ +', '+']) + cc + ' ' + nsn + (rand() < 0.3 ? '+' : ''),
				'ZZ'];
		case 18:
			if (geo)
				return ['national_punctuated', np + g.punctuate(nsn), home];
			return ['international', intl, 'ZZ'];
		default:
			return ['international_region', intl, pick(['US', 'GB', 'DE', 'FR', 'IN', 'BR', home === '001' ? 'JP' : home])];
	}
}

function main()
{
	const outPath = process.argv[2] || path.join(__dirname, '..', 'data', 'holdout.tsv');
	const examples = g.collectExamples();
	const numbers = makeNumbers(examples);

	for (const { region, number } of numbers)
	{
		const forms = 1 + randInt(2);

		for (let i = 0; i < forms; i++)
		{
			const [kind, input, reg] = writeForm(number, region);
			g.addCase(kind, input, reg);
		}
	}

	/* the inputs of issue #14 ("input integrity"), with their regions */
	for (const [input, reg] of [
		['+49 30 901820 ~ 12', 'ZZ'], ['+49 30 901820 \uFF5E 12', 'ZZ'],
		['+1 264-724-1234,0017', 'ZZ'], ['+1 264-724-1234;0017', 'ZZ'],
		['+1 264-724-1234,,0017', 'US'], ['+1 264-724-1234 int 17', 'ZZ'],
		['8 8 029 123 45 67', 'BY'], ['0 0 3 1234 5678', 'AU'], ['000701234567', 'AF'],
		['111111111111111 415 555 2671', 'US'], ['8 029 123 45 67', 'BY'],
		['03 1234 5678', 'AU'], ['0701234567', 'AF'],
		['\u200F+\u0669\u0667\u0663 \u0661\u0667\u0660\u0660 \u0661\u0662\u0663\u0664', 'ZZ'],
		['Tel: 020 7031 3000', 'GB'], ['06 13 44 12 5', 'FR'], ['06 13 44 12 58', 'FR']])
		g.addCase('issue14', input, reg);

	const cases = g.cases;
	let out = `# holdout corpus of the phone differential test: auto-generated by test/oracle/gen_holdout.js, do not edit; ` +
		`oracle google-libphonenumber ${g.PACKAGE_VERSION}, metadata ${g.METADATA_VERSION}; ` +
		`${numbers.length} numbers, ${cases.length} cases\n`;
	out += g.COLUMNS.join('\t') + '\n';
	for (const row of cases)
		out += g.COLUMNS.map(c => g.esc(row[c] === undefined ? '' : String(row[c]))).join('\t') + '\n';
	fs.writeFileSync(outPath, out);

	const byKind = {};
	for (const row of cases)
		byKind[row.kind] = (byKind[row.kind] || 0) + 1;
	console.error(`gen_holdout.js: ${cases.length} cases from ${numbers.length} numbers -> ${outPath}`);
	console.error(`gen_holdout.js: ${g.droppedUnsafe()} inputs dropped (national number above 2^53)`);
	for (const k of Object.keys(byKind).sort())
		console.error(`  ${k.padEnd(24)} ${byKind[k]}`);
	if (cases.length < 4000)
	{
		console.error('gen_holdout.js: fewer than 4000 cases');
		process.exit(1);
	}
}

main();
