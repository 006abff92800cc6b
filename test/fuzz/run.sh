#!/bin/sh
# test/fuzz/run.sh NAME...  (make fuzz)
#	For each fuzz target test/build/fuzz/fuzz_NAME (FUZZ_DIR): replay the
#	inputs of test/fuzz/regressions/NAME/ (each must run clean), then fuzz
#	for FUZZ_SECONDS from a scratch copy of the seeds in
#	test/fuzz/corpus/NAME/, so that no new corpus file lands in the source
#	tree.  fuzz_long gets FUZZ_LONG_FLAGS and the seeds of long_seeds.sh.
#	The libFuzzer log goes to FUZZ_DIR/NAME.log; its end is shown, all of
#	it when the target failed.  Exits non-zero on any failure.
: "${FUZZ_DIR:=test/build/fuzz}" "${FUZZ_SECONDS:=60}"
status=0
for n in "$@"; do
	bin=$FUZZ_DIR/fuzz_$n
	log=$FUZZ_DIR/$n.log
	regs=$(find "test/fuzz/regressions/$n" -type f 2>/dev/null | sort)
	if [ -n "$regs" ]; then
		echo "== fuzz_$n: replaying $(echo "$regs" | wc -l) regression inputs"
		failed=0
		for r in $regs; do
			if ! "$bin" "$r" >"$FUZZ_DIR/$n-regression.log" 2>&1; then
				echo "   FAILED: $r"
				grep -E 'fuzz check failed|^SUMMARY|^[[:space:]]+#[0-3] ' "$FUZZ_DIR/$n-regression.log" | sed 's/^/      /'
				failed=1
			fi
		done
		if [ $failed = 1 ]; then
			echo "== fuzz_$n: FAILED on a regression input; not fuzzed"
			status=1
			continue
		fi
	fi
	rm -rf "$FUZZ_DIR/corpus/$n"
	mkdir -p "$FUZZ_DIR/corpus/$n" "$FUZZ_DIR/crashes"
	if [ -d "test/fuzz/corpus/$n" ]; then cp "test/fuzz/corpus/$n"/* "$FUZZ_DIR/corpus/$n/"; fi
	flags=$FUZZ_FLAGS
	dict=
	if [ -f "test/fuzz/$n.dict" ]; then dict=-dict=test/fuzz/$n.dict; fi
	if [ "$n" = long ]; then
		sh test/fuzz/long_seeds.sh "$FUZZ_DIR/corpus/$n"
		flags=$FUZZ_LONG_FLAGS
		dict=-dict=test/fuzz/parse.dict
	fi
	echo "== fuzz_$n: fuzzing for ${FUZZ_SECONDS}s"
	# shellcheck disable=SC2086 # flags and dict are lists of options
	if "$bin" $flags $dict -max_total_time="$FUZZ_SECONDS" \
		-artifact_prefix="$FUZZ_DIR/crashes/$n-" "$FUZZ_DIR/corpus/$n" >"$log" 2>&1; then
		grep -E '^(#[0-9]+[[:space:]]+DONE|stat::number_of_executed_units|Done )' "$log"
	else
		cat "$log"
		echo "== fuzz_$n: FAILED (crash input in $FUZZ_DIR/crashes/)"
		status=1
	fi
done
exit $status
