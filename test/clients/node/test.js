//
// test/clients/node/test.js: node-postgres (npm pg) against the phone
// type, as doc/clients.md shows it.  Connects with the libpq environment
// (PGHOST, PGPORT, PGUSER, PGDATABASE) to a database with the extension.
// Prints "ok - ..." / "FAILED - ..." and "N passed, M failed".
//
'use strict';
const pg = require('pg');

let passed = 0;
let failed = 0;
function check(what, cond, got) {
  if (cond) {
    passed++;
    console.log('ok - node-pg: ' + what);
  } else {
    failed++;
    console.log('FAILED - node-pg: ' + what + ' (got ' + JSON.stringify(got) + ')');
  }
}

async function main() {
  const client = new pg.Client();   // PGHOST, PGPORT, PGUSER, PGDATABASE
  await client.connect();
  try {
    await client.query('CREATE TEMP TABLE contacts (id int PRIMARY KEY, phone phone NOT NULL)');
    await client.query("SET phone.default_region = 'US'");

    // text: parameters go as text of unknown type, results come back as strings
    await client.query('INSERT INTO contacts VALUES ($1, $2), ($3, $4)',
      [1, '(415) 555-2671', 2, '+44 20 7031 3000']);
    let r = await client.query('SELECT id, phone FROM contacts ORDER BY id');
    check('text results are E.164 strings',
      JSON.stringify(r.rows) === JSON.stringify([{ id: 1, phone: '+14155552671' },
        { id: 2, phone: '+442070313000' }]), r.rows);
    r = await client.query('SELECT id FROM contacts WHERE phone = $1', ['415.555.2671']);
    check('a string parameter is read as any phone text', r.rows.length === 1 && r.rows[0].id === 1, r.rows);
    r = await client.query("SELECT phone_format(phone, 'international') AS intl FROM contacts WHERE id = 2");
    check('functions of the extension', r.rows[0].intl === '+44 20 7031 3000', r.rows);

    // binary mode (binary: true, with parameters: the extended protocol):
    // every column of the result comes in binary, and node-pg (pg-protocol)
    // reads every field of a row as a UTF-8 string before any type parser
    // sees it.  The 8 bytes of a phone are not UTF-8: bytes are replaced by
    // U+FFFD and the number is lost.  Hence: use text mode (the default).
    r = await client.query({ text: 'SELECT id, phone FROM contacts WHERE id = $1', values: [1], binary: true });
    const v = r.rows[0].phone;
    check('binary mode mangles a phone (the 8 bytes read as UTF-8): not recommended',
      typeof v === 'string' && v !== '+14155552671' && v.includes('\ufffd') &&
      !Buffer.from(v, 'utf8').equals(Buffer.from('15d3d8e7f679f0b1', 'hex')), v);

    // errors: SQLSTATE and DETAIL
    try {
      await client.query("SELECT '+354 555 123'::phone");
      check('a refused input raises an error', false);
    } catch (e) {
      check('a refused input: code 22P02 and a detail',
        e.code === '22P02' && /^Numbers under \+354 \(Iceland\)/.test(e.detail), [e.code, e.detail]);
      console.log('    ' + e.message + ' / detail: ' + e.detail);
    }
    try {
      await client.query('INSERT INTO contacts VALUES ($1, $2)', [3, '(415) 555-2671 ext. 12']);
      check('an extension is refused', false);
    } catch (e) {
      check('an extension: code 22P02, a detail and a hint',
        e.code === '22P02' && /extension/.test(e.detail) && !!e.hint, [e.code, e.detail, e.hint]);
      console.log('    ' + e.message + ' / detail: ' + e.detail + ' / hint: ' + e.hint);
    }
  } finally {
    await client.end();
  }
}

main().then(() => {
  console.log(passed + ' passed, ' + failed + ' failed');
  process.exit(failed ? 1 : 0);
}, (e) => {
  console.log('FAILED - node-pg: ' + e.stack);
  console.log(passed + ' passed, ' + (failed + 1) + ' failed');
  process.exit(1);
});
