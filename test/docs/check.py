#!/usr/bin/env python3
#
# test/docs/check.py: every SQL block of the documentation runs as written
# and shows the results it gets (the conventions: test/docs/README.md).
#
# For each Markdown file given, in a new database owned by a role that is
# no superuser, each ```sql block runs in its own psql session, in the
# order of the file, as that owner (or as a superuser when the block is
# preceded by <!-- doc-test: role=superuser -->).  A statement that fails
# fails the check unless the block shows the error; a result shown in a
# comment must be the result psql gets.  Blocks marked
# <!-- doc-test: skip: REASON --> are listed, not run.  A fenced block
# without a language tag that starts like SQL fails: tag it.
#
# Needs a running server that psql reaches through PGHOST/PGPORT as the
# superuser PGUSER, and the extension installed there (test/docs/run.sh
# starts one).  Prints "ok - FILE: block N (line L)" or "FAILED - ..." with
# the differences, then "N passed, M failed"; exits non-zero on a failure.
#
# Usage: test/docs/check.py [--owner ROLE] [--expect-failures N] FILE.md...
#
import argparse
import os
import re
import subprocess
import sys

FS = '\x1f'             # field separator of psql's output
NULL = '\x1eNULL\x1e'   # how psql shows NULL to us
DIRECTIVE = re.compile(r'^<!--\s*doc-test:\s*(.*?)\s*-->\s*$')
FENCE = re.compile(r'^(\s*)(```+|~~~+)\s*([\w+-]*)')
SQLISH = re.compile(r'^\s*(=>\s|(SELECT|CREATE|INSERT|UPDATE|DELETE|ALTER|DROP|SET|GRANT|'
                    r'REVOKE|WITH|COPY|BEGIN|COMMIT|EXPLAIN|TRUNCATE)\b)', re.I)


class Block:
    def __init__(self, path, line, lang, text, directives):
        self.path, self.line, self.lang, self.text = path, line, lang, text
        self.directives = directives


def blocks_of(path):
    """The fenced blocks of a Markdown file, with the doc-test directives
    (HTML comments) written on the lines just before each."""
    lines = open(path, encoding='utf-8').read().split('\n')
    out = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, lang, start = m.group(2), m.group(3).lower(), i
        body = []
        i += 1
        while i < len(lines) and not lines[i].strip().startswith(fence):
            body.append(lines[i][len(m.group(1)):] if lines[i].startswith(m.group(1)) else lines[i])
            i += 1
        i += 1
        directives = {}
        j = start - 1
        while j >= 0 and lines[j].strip() == '':
            j -= 1
        while j >= 0 and DIRECTIVE.match(lines[j].strip()):
            # one directive a comment: role=NAME, skip: REASON, expect=fail: REASON
            m = re.match(r'^(\w+)\s*[=:]?\s*(.*)$', DIRECTIVE.match(lines[j].strip()).group(1))
            directives[m.group(1)] = m.group(2)
            j -= 1
        out.append(Block(path, start + 1, lang, '\n'.join(body), directives))
    return out


class Statement:
    def __init__(self, text, line):
        self.text, self.line = text, line
        self.expected = []      # the comment lines that show its result


def split_sql(text):
    """Statements of a block, each with the comment at the end of its last
    line and the comment lines right below it (no blank line between)."""
    stmts = []
    lines = text.split('\n')
    buf, buf_line = [], 0
    state = None                # None, "'", 'e', '"', '$tag$', '/*'
    depth = 0
    last = None                 # the statement that ended on the last line
    for n, line in enumerate(lines):
        stripped = line.strip()
        if state is None and not buf:
            if last is not None and stripped.startswith('--') and last_followed:
                last.expected.append(stripped[2:])
                continue
            last_followed = False
            if stripped == '' or stripped.startswith('--'):
                last = None
                continue
            if stripped.startswith('\\'):
                s = Statement(stripped, n + 1)
                stmts.append(s)
                last, last_followed = s, True
                continue
        if not buf:
            buf_line = n + 1
        i = 0
        ended_at = None
        ended_by_meta = False
        while i < len(line):
            c = line[i]
            if state is None:
                if c == '-' and line.startswith('--', i):
                    break
                if c == '/' and line.startswith('/*', i):
                    state, depth = '/*', 1
                    i += 2
                    continue
                if c == "'":
                    state = 'e' if i > 0 and line[i - 1] in 'eE' and (i < 2 or not line[i - 2].isalnum()) else "'"
                elif c == '"':
                    state = '"'
                elif c == '$':
                    m = re.match(r'\$([A-Za-z_]\w*)?\$', line[i:])
                    if m and (i == 0 or not (line[i - 1].isalnum() or line[i - 1] == '_')):
                        state = m.group(0)
                        i += len(state)
                        continue
                elif c == '\\':
                    ended_at, ended_by_meta = i, True   # a meta-command such as \gset ends it
                    i = len(line)
                    break
                elif c == ';':
                    ended_at = i + 1
                    break
            elif state == '/*':
                if line.startswith('*/', i):
                    depth -= 1
                    i += 1
                    if depth == 0:
                        state = None
                elif line.startswith('/*', i):
                    depth += 1
                    i += 1
            elif state in ("'", '"'):
                if c == state:
                    if i + 1 < len(line) and line[i + 1] == state:
                        i += 1
                    else:
                        state = None
            elif state == 'e':
                if c == '\\':
                    i += 1
                elif c == "'":
                    if i + 1 < len(line) and line[i + 1] == "'":
                        i += 1
                    else:
                        state = None
            elif line.startswith(state, i):
                i += len(state) - 1
                state = None
            i += 1
        if ended_at is None:
            buf.append(line)
            continue
        if ended_by_meta:
            stmt_text = '\n'.join(buf + [line.rstrip()])
            rest = ''
        else:
            stmt_text = '\n'.join(buf + [line[:ended_at]])
            rest = line[ended_at:].strip()
        s = Statement(stmt_text, buf_line)
        stmts.append(s)
        buf = []
        if rest.startswith('--'):
            s.expected.append(rest[2:])
        elif rest:
            raise ValueError('line %d: text after the statement: %r' % (n + 1, rest))
        last, last_followed = s, True
    if buf and any(b.strip() and not b.strip().startswith('--') for b in buf):
        raise ValueError('line %d: a statement without its closing semicolon' % buf_line)
    return stmts


def psql(args, script, env=None):
    p = subprocess.run(['psql', '-X', '-q'] + args, input=script, capture_output=True,
                       text=True, env=env)
    return p.returncode, p.stdout, p.stderr


MARK = '@@doc-test %d@@'
SHOW = False


def sections(text, n):
    """Output between the markers, one list of lines per statement."""
    out = [[] for _ in range(n)]
    cur = None
    for line in text.split('\n'):
        m = re.match(r'^@@doc-test (\d+)@@$', line)
        if m:
            cur = int(m.group(1))
            continue
        if cur is not None and line != '':
            out[cur].append(line)
    return out


def norm_fields(line):
    return [f.strip() for f in line.split('|')]


def cell_match(exp, act):
    if act == NULL:
        return exp in ('NULL', '')
    if exp.endswith('...'):
        return act.startswith(exp[:-3].rstrip())
    return exp == act


def rows_match(exp_rows, act_rows):
    if exp_rows and exp_rows[-1] == ['...']:
        exp_rows = exp_rows[:-1]
        act_rows = act_rows[:len(exp_rows)]
    if len(exp_rows) != len(act_rows):
        return False
    for e, a in zip(exp_rows, act_rows):
        if len(e) != len(a):
            if len(e) == 1 and len(a) > 1 and e[0].endswith('...'):
                a = [' | '.join(a)]
            else:
                return False
        if not all(cell_match(x, y) for x, y in zip(e, a)):
            return False
    return True


def check_result(stmt, out, err):
    """None when the statement did what the block shows, else a message."""
    errors = [re.sub(r'^psql:[^:]*:\d+: ', '', l) for l in err]
    errors = [l for l in errors if re.match(r'^(ERROR|DETAIL|HINT|CONTEXT|LINE \d+|\s)', l)
              and not l.startswith('psql:')]
    exp = [l.strip() for l in stmt.expected]
    shows_error = bool(exp) and exp[0].startswith('ERROR:')
    if any(l.startswith('ERROR:') for l in errors):
        if not shows_error:
            return 'fails:\n' + '\n'.join('    ' + l for l in errors)
        norm = lambda l: re.sub(r'\s+', ' ', l).strip()
        for e in exp:
            kind = e.split(':', 1)[0]
            got = [l for l in errors if l.startswith(kind + ':')]
            if not got or norm(got[0]) != norm(e):
                return 'shows %r, gets:\n%s' % (e, '\n'.join('    ' + l for l in errors))
        return None
    if shows_error:
        return 'shows an error (%s), but it succeeds' % exp[0]
    if not out or not exp:
        return None     # no result set, or none shown: a comment is prose
    header = out[0].split(FS)
    rows = [l.split(FS) for l in out[1:]]
    if len(exp) == 1 and exp[0] in ('(0 rows)', '(no rows)'):
        return None if not rows else 'shows no rows, gets %d' % len(rows)
    exp_rows = [norm_fields(l) for l in exp
                if not re.match(r'^-[-+]*$', l) and not re.match(r'^\(\d+ rows?\)$', l)]
    if rows_match(exp_rows, rows) or (
            exp_rows and [f for f in exp_rows[0]] == [h.strip() for h in header]
            and rows_match(exp_rows[1:], rows)):
        return None
    shown = '\n'.join('    ' + ' | '.join(r) for r in [header] + rows[:12])
    more = '\n    ... (%d rows)' % len(rows) if len(rows) > 12 else ''
    return 'shows:\n%s\n  gets:\n%s%s' % ('\n'.join('    ' + l for l in exp),
                                          shown.replace(NULL, 'NULL'), more)


def run_block(block, stmts, db, role):
    script = ['\\set ON_ERROR_STOP 0', '\\set VERBOSITY default', '\\pset format unaligned',
              '\\pset fieldsep \'' + FS + '\'', '\\pset footer off', '\\pset null \'' + NULL + '\'',
              '\\pset pager off']
    for i, s in enumerate(stmts):
        script.append('\\echo ' + MARK % i)
        script.append('\\warn ' + MARK % i)
        script.append(s.text)
    script.append('\\echo ' + MARK % len(stmts))
    script.append('\\warn ' + MARK % len(stmts))
    status, out, err = psql(['-d', db, '-U', role], '\n'.join(script) + '\n')
    outs = sections(out, len(stmts) + 1)
    errs = sections(err, len(stmts) + 1)
    problems = []
    for i, s in enumerate(stmts):
        if SHOW:
            print('  line %d: %s' % (block.line + s.line, s.text.strip().split('\n')[0]))
            for l in outs[i]:
                print('    -- ' + ' | '.join(l.split(FS)).replace(NULL, 'NULL'))
            for l in errs[i]:
                print('    -- ' + re.sub(r'^psql:[^:]*:\d+: ', '', l))
        p = check_result(s, outs[i], errs[i])
        if p:
            first = s.text.strip().split('\n')[0]
            problems.append('  line %d: %s\n  %s' % (block.line + s.line, first, p))
    if outs[len(stmts)] != [] or errs[len(stmts)] != [] or status not in (0,):
        if status != 0 and not problems:
            problems.append('  psql exits with %d:\n%s' % (status, err[-2000:]))
    return problems


def drop_database_and_roles(db, a):
    """Drop the file's database and the roles its blocks created: roles
    belong to the cluster, and the next file starts afresh."""
    psql(['-d', 'postgres', '-U', a.superuser, '-c', 'DROP DATABASE IF EXISTS ' + db], '')
    _, out, _ = psql(['-d', 'postgres', '-U', a.superuser, '-At', '-c',
                      "SELECT quote_ident(rolname) FROM pg_roles WHERE rolname !~ '^pg_' "
                      "AND rolname NOT IN (current_user, %s)" % quote_literal(a.owner)], '')
    for r in out.split():
        psql(['-d', 'postgres', '-U', a.superuser, '-c', 'DROP OWNED BY %s' % r,
              '-c', 'DROP ROLE %s' % r], '')


def quote_literal(s):
    return "'" + s.replace("'", "''") + "'"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--owner', default='doc_owner')
    ap.add_argument('--superuser', default=os.environ.get('PGUSER', 'postgres'))
    ap.add_argument('--expect-failures', type=int, default=None,
                    help='self-test: this many blocks must fail (their failures are expected)')
    ap.add_argument('--keep', action='store_true',
                    help='keep the databases and roles the files made (for checks after)')
    ap.add_argument('--show', action='store_true',
                    help='print what each statement gets, as result comments')
    ap.add_argument('files', nargs='+')
    a = ap.parse_args()
    global SHOW
    SHOW = a.show

    passed = failed = skipped = 0
    expected_failures = 0
    for path in a.files:
        name = os.path.relpath(path)
        db = 'doc_' + re.sub(r'[^a-z0-9]+', '_', os.path.basename(path).lower().replace('.md', ''))
        psql(['-d', 'postgres', '-U', a.superuser, '-c', 'DROP DATABASE IF EXISTS ' + db], '')
        st, _, err = psql(['-d', 'postgres', '-U', a.superuser, '-v', 'ON_ERROR_STOP=1',
                           '-c', 'CREATE DATABASE %s OWNER %s' % (db, a.owner)], '')
        if st != 0:
            print('run: cannot create database %s: %s' % (db, err.strip()), file=sys.stderr)
            return 2
        n = 0
        for b in blocks_of(path):
            if b.lang != 'sql':
                if b.lang == '' and b.text.strip() and SQLISH.match(b.text.strip().split('\n')[0]):
                    if 'skip' in b.directives:
                        skipped += 1
                        print('skip - %s: block at line %d: %s' % (name, b.line, b.directives['skip']))
                        continue
                    failed += 1
                    print('FAILED - %s: block at line %d looks like SQL but is not tagged ```sql, '
                          'so nothing checks it' % (name, b.line))
                continue
            n += 1
            what = '%s: block %d (line %d)' % (name, n, b.line)
            if 'skip' in b.directives:
                skipped += 1
                print('skip - %s: %s' % (what, b.directives['skip'] or 'no reason given'))
                continue
            role = b.directives.get('role', 'owner')
            role = {'owner': a.owner, 'superuser': a.superuser}.get(role, role)
            try:
                stmts = split_sql(b.text)
            except ValueError as e:
                problems = ['  %s' % e]
            else:
                problems = run_block(b, stmts, db, role)
            expect = b.directives.get('expect', '')
            if problems and a.expect_failures is not None and expect.startswith('fail'):
                expected_failures += 1
                passed += 1
                print('ok - %s fails as it should (%s)' % (what, problems[0].strip().split('\n')[0]))
            elif problems:
                failed += 1
                print('FAILED - %s, as %s' % (what, role))
                print('\n'.join(problems))
            elif expect.startswith('fail'):
                failed += 1
                print('FAILED - %s should fail (%s) but passes' % (what, expect))
            else:
                passed += 1
                print('ok - %s, as %s%s' % (what, 'a superuser' if role == a.superuser else role,
                                           ', %d statements' % len(stmts)))
        if not a.keep:
            drop_database_and_roles(db, a)
    if skipped:
        print('%d blocks not run (each says why above)' % skipped)
    print('%d passed, %d failed' % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
