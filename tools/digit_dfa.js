/*
 * digit_dfa.js
 *	  Compiles the digit patterns of libphonenumber's metadata into
 *	  deterministic automata over the ten digits.
 *
 * The patterns are a small subset of regular expressions: digits, "\d",
 * bracket classes of digits and digit ranges, non-capturing groups "(?:...)",
 * alternation "|", and the quantifiers "?", "{n}" and "{n,m}".  Every
 * language they describe is finite.  Anything outside that subset (capturing
 * groups, "*", "+", "{n,}", anchors, escapes other than "\d", negated
 * classes, ...) makes parse() throw, so the generator stops instead of
 * producing a wrong table.
 *
 * parse() with {captures: true} also admits capturing groups and with
 * {anchors: true} a "$"; the generator uses that to check the syntax of the
 * patterns that stay as text (number formats, national-prefix parsing).
 * Capturing groups compile like plain groups (the automaton says whether a
 * pattern matches, not where its groups are): the generator builds such
 * automata for national-prefix parsing, as a filter in front of the
 * regular expression.  "$" is never compiled (an automaton built from a
 * pattern with one would be wrong); splitAlternatives() separates the
 * alternatives that end with it.
 *
 * Construction: each pattern becomes a Thompson NFA whose final state
 * carries a tag bit; the NFAs of one region are joined under one start
 * state and determinized by the subset construction, so a DFA state's
 * accept mask is the set of tags whose pattern matches the whole input read
 * so far.  minimize() then merges equivalent states of all regions' DFAs at
 * once (Moore's partition refinement, initial partition by accept mask), so
 * identical tails shared by many regions are stored once.
 */
'use strict';

const DIGITS = 10;

/* ---- parser: pattern text -> syntax tree ---- */

/*
 * Tree nodes:
 *	{t: 'set', set: bitmask of digits}     one digit out of a set
 *	{t: 'seq', items: [...]}               concatenation (empty = epsilon)
 *	{t: 'alt', items: [...]}               alternation
 *	{t: 'rep', item, min, max}             bounded repetition
 */
function parse(src, opts)
{
	let pos = 0;

	opts = opts || {};

	function fail(msg)
	{
		throw new Error('unsupported pattern construct: ' + msg +
						' at offset ' + pos + ' in /' + src + '/');
	}

	function parseAlt()
	{
		const items = [parseSeq()];

		while (pos < src.length && src[pos] === '|')
		{
			pos++;
			items.push(parseSeq());
		}
		return items.length === 1 ? items[0] : {t: 'alt', items};
	}

	function parseSeq()
	{
		const items = [];

		while (pos < src.length && src[pos] !== '|' && src[pos] !== ')')
		{
			let atom = parseAtom();

			atom = parseQuant(atom);
			items.push(atom);
		}
		return {t: 'seq', items};
	}

	function parseAtom()
	{
		const c = src[pos];

		if (c >= '0' && c <= '9')
		{
			pos++;
			return {t: 'set', set: 1 << (c.charCodeAt(0) - 48)};
		}
		if (c === '\\')
		{
			if (src[pos + 1] !== 'd')
				fail('escape "\\' + (src[pos + 1] || '') + '"');
			pos += 2;
			return {t: 'set', set: 0x3ff};
		}
		if (c === '[')
			return parseClass();
		if (c === '$' && opts.anchors)
		{
			/* end anchor: only checked here, never compiled */
			pos++;
			return {t: 'seq', items: []};
		}
		if (c === '(')
		{
			if (src.substr(pos, 3) === '(?:')
				pos += 3;
			else if (opts.captures && src[pos + 1] !== '?')
				pos++;
			else
				fail('group other than "(?:"');
			const inner = parseAlt();

			if (src[pos] !== ')')
				fail('unclosed group');
			pos++;
			return inner;
		}
		fail('character "' + c + '"');
		return null;
	}

	function parseClass()
	{
		let set = 0;

		pos++;					/* '[' */
		if (src[pos] === '^')
			fail('negated class');
		if (src[pos] === ']')
			fail('empty class');
		while (pos < src.length && src[pos] !== ']')
		{
			const c = src[pos];

			if (!(c >= '0' && c <= '9'))
				fail('class member "' + c + '"');
			if (src[pos + 1] === '-' && src[pos + 2] !== ']')
			{
				const e = src[pos + 2];

				if (!(e >= '0' && e <= '9') || e < c)
					fail('class range "' + c + '-' + e + '"');
				for (let d = c.charCodeAt(0); d <= e.charCodeAt(0); d++)
					set |= 1 << (d - 48);
				pos += 3;
			}
			else
			{
				set |= 1 << (c.charCodeAt(0) - 48);
				pos++;
			}
		}
		if (src[pos] !== ']')
			fail('unclosed class');
		pos++;
		return {t: 'set', set};
	}

	/*
	 * One quantifier at most: a second one right after it would be a lazy
	 * or possessive modifier ("{3}?", "??", "?+") in Java's syntax, or a
	 * nested repetition; neither occurs in the metadata.
	 */
	function parseQuant(atom)
	{
		let quantified = false;

		for (;;)
		{
			const c = src[pos];

			if (quantified && (c === '?' || c === '{' || c === '*' || c === '+'))
				fail('quantifier after a quantifier');
			if (c === '?')
			{
				pos++;
				atom = {t: 'rep', item: atom, min: 0, max: 1};
			}
			else if (c === '{')
			{
				const m = /^\{(\d+)(?:,(\d+))?\}/.exec(src.substr(pos));

				if (!m)
					fail('quantifier ' + src.substr(pos, 6));
				const min = parseInt(m[1], 10);
				const max = m[2] === undefined ? min : parseInt(m[2], 10);

				if (max < min || max > 30)
					fail('quantifier ' + m[0]);
				pos += m[0].length;
				atom = {t: 'rep', item: atom, min, max};
			}
			else if (c === '*' || c === '+')
				fail('unbounded quantifier "' + c + '"');
			else
				return atom;
			quantified = true;
		}
	}

	if (typeof src !== 'string' || src.length === 0)
		throw new Error('empty pattern');
	const tree = parseAlt();

	if (pos !== src.length)
		fail('unbalanced ")"');
	return tree;
}

/* ---- Thompson NFA ---- */

class Nfa
{
	constructor()
	{
		this.eps = [];			/* eps[s] = [targets] */
		this.edges = [];		/* edges[s] = [[digitset, target], ...] */
		this.tag = [];			/* tag[s] = accept bits */
	}

	state()
	{
		this.eps.push([]);
		this.edges.push([]);
		this.tag.push(0);
		return this.eps.length - 1;
	}

	/* add tree between fresh states; returns [in, out] */
	build(node)
	{
		const a = this.state();

		switch (node.t)
		{
			case 'set':
				{
					const b = this.state();

					this.edges[a].push([node.set, b]);
					return [a, b];
				}
			case 'seq':
				{
					let cur = a;

					for (const it of node.items)
					{
						const [i, o] = this.build(it);

						this.eps[cur].push(i);
						cur = o;
					}
					return [a, cur];
				}
			case 'alt':
				{
					const b = this.state();

					for (const it of node.items)
					{
						const [i, o] = this.build(it);

						this.eps[a].push(i);
						this.eps[o].push(b);
					}
					return [a, b];
				}
			case 'rep':
				{
					const b = this.state();
					let cur = a;

					for (let k = 0; k < node.max; k++)
					{
						if (k >= node.min)
							this.eps[cur].push(b);
						const [i, o] = this.build(node.item);

						this.eps[cur].push(i);
						cur = o;
					}
					this.eps[cur].push(b);
					return [a, b];
				}
		}
		throw new Error('bad node');
	}
}

/*
 * Determinize the union of tagged patterns.  items: [{pattern, bit}];
 * opts is passed to parse() (captures: capturing groups compile as plain
 * groups).  Returns {next: Int32Array(n*10) with -1 = dead, mask: [n],
 * start: 0}.
 */
function buildDfa(items, opts)
{
	const nfa = new Nfa();
	const start = nfa.state();

	for (const it of items)
	{
		const [i, o] = nfa.build(parse(it.pattern, opts));

		nfa.eps[start].push(i);
		nfa.tag[o] |= it.bit;
	}

	const closureCache = new Map();

	function closure(set)
	{
		const seen = new Set();
		const stack = [...set];

		while (stack.length)
		{
			const s = stack.pop();

			if (seen.has(s))
				continue;
			seen.add(s);
			for (const t of nfa.eps[s])
				if (!seen.has(t))
					stack.push(t);
		}
		return [...seen].sort((x, y) => x - y);
	}

	const states = [];			/* each: sorted NFA state list */
	const index = new Map();
	const next = [];
	const mask = [];

	function add(list)
	{
		const key = list.join(',');
		let id = index.get(key);

		if (id === undefined)
		{
			id = states.length;
			index.set(key, id);
			states.push(list);
			let m = 0;

			for (const s of list)
				m |= nfa.tag[s];
			mask.push(m);
		}
		return id;
	}

	add(closure([start]));
	for (let q = 0; q < states.length; q++)
	{
		const list = states[q];

		for (let d = 0; d < DIGITS; d++)
		{
			const tgt = [];

			for (const s of list)
				for (const [set, t] of nfa.edges[s])
					if (set & (1 << d))
						tgt.push(t);
			if (tgt.length === 0)
			{
				next[q * DIGITS + d] = -1;
				continue;
			}
			const key = tgt.sort((x, y) => x - y).join(',');
			let cl = closureCache.get(key);

			if (cl === undefined)
			{
				cl = closure(tgt);
				closureCache.set(key, cl);
			}
			next[q * DIGITS + d] = add(cl);
		}
	}
	return {next, mask, n: states.length, start: 0};
}

/*
 * Minimize a list of DFAs (as returned by buildDfa) together.  Returns
 * {next: [], accept: [], starts: [], n} where state 0 is the dead state,
 * every state can reach an accepting state, and states are numbered in
 * breadth-first order from the starts in the order given.
 */
function minimize(dfas)
{
	/* concatenate, global state 0 = dead */
	const off = [];
	let n = 1;

	for (const d of dfas)
	{
		off.push(n);
		n += d.n;
	}
	const next = new Int32Array(n * DIGITS);
	const mask = new Int32Array(n);

	dfas.forEach((d, k) =>
	{
		for (let q = 0; q < d.n; q++)
		{
			mask[off[k] + q] = d.mask[q];
			for (let c = 0; c < DIGITS; c++)
			{
				const t = d.next[q * DIGITS + c];

				next[(off[k] + q) * DIGITS + c] = t < 0 ? 0 : off[k] + t;
			}
		}
	});

	/* Moore refinement; the dead state's class is the one of mask 0 with all
	 * transitions to itself, and states that cannot accept join it. */
	let cls = new Int32Array(n);
	let ncls;
	{
		const m = new Map();

		m.set('0', 0);			/* dead first so it stays class 0 */
		for (let q = 0; q < n; q++)
		{
			const key = String(mask[q]);
			let c = m.get(key);

			if (c === undefined)
			{
				c = m.size;
				m.set(key, c);
			}
			cls[q] = c;
		}
		ncls = m.size;
	}
	for (;;)
	{
		const m = new Map();
		const ncl = new Int32Array(n);
		const sig = new Array(DIGITS + 1);

		for (let q = 0; q < n; q++)
		{
			sig[0] = cls[q];
			for (let c = 0; c < DIGITS; c++)
				sig[c + 1] = cls[next[q * DIGITS + c]];
			const key = sig.join(',');
			let c = m.get(key);

			if (c === undefined)
			{
				c = m.size;
				m.set(key, c);
			}
			ncl[q] = c;
		}
		const stable = m.size === ncls;

		cls = ncl;
		ncls = m.size;
		if (stable)
			break;
	}

	/* renumber: dead state's class -> 0, others breadth-first */
	const deadCls = cls[0];
	const newId = new Int32Array(ncls).fill(-1);
	const rep = [];

	newId[deadCls] = 0;
	rep.push(0);
	const order = [];
	const starts = [];

	for (let k = 0; k < dfas.length; k++)
	{
		const s = off[k];
		const c = cls[s];

		if (newId[c] < 0)
		{
			newId[c] = rep.length;
			rep.push(s);
			order.push(s);
			for (let i = order.length - 1; i < order.length; i++)
			{
				const q = order[i];

				for (let d = 0; d < DIGITS; d++)
				{
					const t = next[q * DIGITS + d];
					const tc = cls[t];

					if (newId[tc] < 0)
					{
						newId[tc] = rep.length;
						rep.push(t);
						order.push(t);
					}
				}
			}
		}
		starts.push(newId[c]);
	}
	const outN = rep.length;
	const outNext = new Array(outN * DIGITS);
	const outAccept = new Array(outN);

	for (let i = 0; i < outN; i++)
	{
		const q = rep[i];

		outAccept[i] = mask[q];
		for (let d = 0; d < DIGITS; d++)
			outNext[i * DIGITS + d] = newId[cls[next[q * DIGITS + d]]];
	}
	/* sanity: dead state */
	for (let d = 0; d < DIGITS; d++)
		if (outNext[d] !== 0)
			throw new Error('dead state is not absorbing');
	if (outAccept[0] !== 0)
		throw new Error('dead state accepts');
	return {next: outNext, accept: outAccept, starts, n: outN};
}

/* Walk a minimized automaton: OR of masks seen along the way and final mask */
function walk(aut, start, digits)
{
	let s = start;
	let seen = aut.accept[s];

	for (const ch of digits)
	{
		s = aut.next[s * DIGITS + (ch.charCodeAt(0) - 48)];
		if (s === 0)
			return {final: 0, seen};
		seen |= aut.accept[s];
	}
	return {final: aut.accept[s], seen};
}

/*
 * Split a pattern at its top-level "|" (not inside a group or a class).
 * Returns the alternatives as source text.
 */
function splitAlternatives(src)
{
	const alts = [];
	let depth = 0;
	let start = 0;

	for (let i = 0; i < src.length; i++)
	{
		const c = src[i];

		if (c === '\\')
			i++;
		else if (c === '[')
		{
			while (i < src.length && src[i] !== ']')
				i++;
		}
		else if (c === '(')
			depth++;
		else if (c === ')')
			depth--;
		else if (c === '|' && depth === 0)
		{
			alts.push(src.slice(start, i));
			start = i + 1;
		}
	}
	alts.push(src.slice(start));
	return alts;
}

module.exports = {parse, buildDfa, minimize, walk, splitAlternatives, DIGITS};
