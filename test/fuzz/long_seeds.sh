#!/bin/sh
#
# test/fuzz/long_seeds.sh DIR
#	  Write the seeds of fuzz_long (test/fuzz/fuzz_long.c) into DIR: the
#	  pathological shapes of input, 8 KB and 64 KB long, that once took
#	  the parser quadratic time or worse (a digit then commas, repeated
#	  trunk prefixes, separators, extension markers, tel: parameters,
#	  invisible and non-ASCII characters).  The first byte of each seed
#	  picks the region (see fuzz_long.c): 0 none, 1 US, 5 BY, 6 AU.
#	  Generated rather than kept in the tree, for their size.
#
set -eu
dir=$1
mkdir -p "$dir"

# rep STRING BYTES: STRING repeated to BYTES bytes
rep() { yes "$1" | tr -d '\n' | head -c "$2"; }

for size in 8192 65536; do
	# seed NAME REGION-BYTE PREFIX REPEATED SUFFIX
	seed()
	{
		{ printf "$2%s" "$3"; rep "$4" "$size"; printf '%s' "$5"; } >"$dir/$1-$size"
	}
	seed commas '\000' 1 , ''
	seed commas-us '\001' 1 , ''
	seed semicolons '\001' 1 ';' ''
	seed tildes '\001' '+1 650 253 0000 ' '~' ''
	seed digits '\001' '' 1 ''
	seed spaced-digits '\000' + '1 ' ''
	seed zeros-au '\006' '' '0 ' '3 1234 5678'
	seed eights-by '\005' '' '8 ' '029 123 45 67'
	seed leading-spaces '\001' '' ' ' '+1 650 253 0000'
	seed parentheses '\001' '' '(' '+1 650 253 0000'
	seed plus-signs '\000' '' + ''
	seed extensions '\001' '+1 650 253 0000' ' ext 1' ''
	seed tel-parameters '\000' 'tel:+1-650-253-0000' ';a=b' ''
	seed letters '\001' '' a1 ''
	seed zero-width '\001' '' "$(printf '\342\200\213')" '+16502530000'
	seed full-width '\001' '' "$(printf '\357\274\221')" ''
	seed bidi '\001' '' "$(printf '\342\200\2171')" ''
done
