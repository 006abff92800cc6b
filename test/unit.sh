#!/bin/sh
# test/unit.sh PROGRAM...
#	Runs each C test program (test/test_*.c, built by the Makefile) from
#	the top of the tree, shows its output, and adds up the last lines
#	"N passed, M failed" (test/harness.h).  Prints the sum; exits non-zero
#	when a program failed or printed no such line.
status=0
p=0
f=0
for t in "$@"; do
	echo "== $t"
	out=$("./$t" 2>&1) || status=1
	echo "$out"
	v=$(echo "$out" | sed -n 's/^\(.*: \)\{0,1\}\([0-9]*\) passed, \([0-9]*\) failed$/\2 \3/p' | tail -1)
	if [ -z "$v" ]; then
		echo "== $t: no \"N passed, M failed\" line"
		v="0 1"
		status=1
	fi
	p=$((p + ${v% *}))
	f=$((f + ${v#* }))
done
echo "$p passed, $f failed"
exit $status
