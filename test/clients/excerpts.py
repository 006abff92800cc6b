#
# test/clients/excerpts.py: every Python, JavaScript and Java block of
# doc/clients.md is a verbatim part of the code that make test-clients
# runs, so the guide shows tested code.  Prints "ok - ..." / "FAILED - ..."
# per block and "N passed, M failed".
#
# (The block may be indented less than in the file.)
#
# Usage: excerpts.py doc/clients.md test/clients/FILE...
#
import os
import re
import sys

doc, sources = sys.argv[1], sys.argv[2:]
text = {s: open(s, encoding='utf-8').read() for s in sources}
passed = failed = 0
for m in re.finditer(r'^```(python|js|java)\n(.*?)^```', open(doc, encoding='utf-8').read(), re.M | re.S):
    block = m.group(2)
    line = open(doc, encoding='utf-8').read()[:m.start()].count('\n') + 1
    # the same lines, at any depth of indentation in the file
    shifted = ['\n'.join((' ' * k + l) if l else l for l in block.split('\n')) for k in range(0, 17, 2)]
    where = [os.path.relpath(s) for s, t in text.items() if any(b in t for b in shifted)]
    if where:
        passed += 1
        print('ok - %s: the %s block at line %d is part of %s' % (os.path.relpath(doc), m.group(1), line, where[0]))
    else:
        failed += 1
        print('FAILED - %s: the %s block at line %d is in no tested file; it starts: %s'
              % (os.path.relpath(doc), m.group(1), line, block.split('\n')[0]))
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
