#!/bin/bash
# bench/run.sh: the benchmark (see bench/README.md).
#
#   bench/run.sh            1,000,000 numbers, medians of 5 runs, a consent
#                           ledger of 100,000 contacts; writes
#                           bench/results.md and bench/results.svg
#   QUICK=1 bench/run.sh    100,000 numbers, medians of 3 runs, 10,000
#                           contacts; writes bench/results-quick.md and .svg
#                           (smoke test)
#
# Needs the extension installed into the PostgreSQL that PG_CONFIG names
# (make install), a C compiler, and optionally libphonenumber-dev (the
# baseline of the core microbenchmark) and gnuplot (the chart).  Starts its
# own throwaway server from that installation (initdb + pg_ctl in a
# temporary directory, as the postgres user when run as root) and removes
# it afterwards.  Environment: PG_CONFIG, CC, CXX, CORE_SRCS, and
# BENCH_NUMBERS / BENCH_RUNS / BENCH_CONSENT_CONTACTS to override the sizes.
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=${QUICK:-0}
PG_CONFIG=${PG_CONFIG:-pg_config}
CC=${CC:-cc}
CXX=${CXX:-c++}
if [ -z "${CORE_SRCS:-}" ]; then
	# the core: the C files of src/core/ and src/data/ (the glue is src/pg/)
	CORE_SRCS=$(echo src/core/*.c src/data/*.c)
fi
if [ "$QUICK" = 1 ]; then
	N=${BENCH_NUMBERS:-100000}
	RUNS=${BENCH_RUNS:-3}
	MICRO_N=${BENCH_MICRO_NUMBERS:-30000}
	CONSENT_CONTACTS=${BENCH_CONSENT_CONTACTS:-10000}
	OUT=bench/results-quick.md
	SVG=bench/results-quick.svg
else
	N=${BENCH_NUMBERS:-1000000}
	RUNS=${BENCH_RUNS:-5}
	MICRO_N=${BENCH_MICRO_NUMBERS:-$N}
	CONSENT_CONTACTS=${BENCH_CONSENT_CONTACTS:-100000}
	OUT=bench/results.md
	SVG=bench/results.svg
fi
BUILD=bench/build
mkdir -p "$BUILD"
started=$(date +%s)
say() { echo "== bench: $* ($(($(date +%s) - started)) s)"; }

# ---------------------------------------------------------------------
# Build the generator and the microbenchmarks
# ---------------------------------------------------------------------
say "building"
CFLAGS_BENCH="-std=c99 -O2 -Wall -Wextra -Werror -Isrc/core -Isrc/data"
# shellcheck disable=SC2086
$CC $CFLAGS_BENCH -o "$BUILD/gen_numbers" bench/gen_numbers.c $CORE_SRCS
# shellcheck disable=SC2086
$CC $CFLAGS_BENCH -o "$BUILD/core_bench" bench/core_bench.c $CORE_SRCS
LPN=""
if echo '#include <phonenumbers/phonenumberutil.h>' |
	$CXX -x c++ -fsyntax-only - 2>/dev/null; then
	$CXX -O2 -Wall -Wextra -Werror -o "$BUILD/libphonenumber_bench" \
		bench/libphonenumber_bench.cc -lphonenumber
	LPN="$BUILD/libphonenumber_bench"
	LPN_VERSION=$(dpkg-query -W -f '${Version}' libphonenumber-dev 2>/dev/null || echo unknown)
else
	echo "bench: libphonenumber-dev not found, the core runs without its baseline" >&2
fi

# ---------------------------------------------------------------------
# Data, in a temporary directory the server can read
# ---------------------------------------------------------------------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/phone-bench.XXXXXX")
chmod 755 "$TMP"
BINDIR=$("$PG_CONFIG" --bindir)
if [ "$(id -u)" = 0 ]; then
	chown postgres "$TMP"
	as_server() { runuser -u postgres -- "$@"; }
else
	as_server() { "$@"; }
fi
cleanup() {
	if [ -f "$TMP/data/postmaster.pid" ]; then
		as_server "$BINDIR/pg_ctl" -D "$TMP/data" -m immediate stop >/dev/null 2>&1 || true
	fi
	rm -rf "$TMP"
}
trap cleanup EXIT

say "generating $N numbers"
"$BUILD/gen_numbers" "$N" > "$TMP/numbers.tsv"
cut -f1 "$TMP/numbers.tsv" > "$TMP/e164.txt"
sed 's/^+//' "$TMP/e164.txt" > "$TMP/digits.txt"
cut -f4 "$TMP/numbers.tsv" > "$TMP/intl.txt"
step=$(( N >= 10000 ? N / 10000 : 1 ))
awk -v step="$step" 'NR % step == 0' "$TMP/e164.txt" | head -n 10000 > "$TMP/probes_e164.txt"
sed 's/^+//' "$TMP/probes_e164.txt" > "$TMP/probes_digits.txt"
# 1,000 prefixes: the first 5 digits of every 10th probe; for bigint the
# range of numbers of the probe's length that start with them
awk 'NR % 10 == 0 {
		p = substr($0, 1, 5); lo = p; hi = p
		for (i = 6; i <= length($0); i++) { lo = lo "0"; hi = hi "9" }
		print p "\t" lo "\t" hi
	}' "$TMP/probes_digits.txt" > "$TMP/prefixes.tsv"
chmod 644 "$TMP"/*.txt "$TMP"/*.tsv

# ---------------------------------------------------------------------
# Core microbenchmark (no server running)
# ---------------------------------------------------------------------
# The core and libphonenumber alternate, one run each per round, so that a
# change in the machine's load falls on both; medians per workload.  The
# quick run times the first 30,000 numbers only (libphonenumber is slow).
head -n "$MICRO_N" "$TMP/numbers.tsv" > "$TMP/micro.tsv"
: > "$TMP/core_runs.txt"
for r in $(seq 1 "$RUNS"); do
	say "core microbenchmark, round $r of $RUNS"
	"$BUILD/core_bench" "$TMP/micro.tsv" 1 >> "$TMP/core_runs.txt"
	if [ -n "$LPN" ]; then
		"$LPN" "$TMP/micro.tsv" 1 >> "$TMP/core_runs.txt"
	fi
done
# RESULT <impl> <workload> <numbers> <valid> <median ns/number> <numbers/s>
sort -k2,2 -k3,3 -k6,6g "$TMP/core_runs.txt" | awk '
	$1 == "RUN" { k = $2 " " $3; c[k]++; v[k, c[k]] = $6; n[k] = $4; ok[k] = $5 }
	END {
		for (k in c) {
			m = c[k]
			med = (m % 2) ? v[k, (m + 1) / 2] : (v[k, m / 2] + v[k, m / 2 + 1]) / 2
			printf "RESULT %s %s %s %.1f %.0f\n", k, n[k], ok[k], med, 1e9 / med
		}
	}' | sort > "$TMP/core.txt"
cat "$TMP/core.txt"

# ---------------------------------------------------------------------
# Throwaway server
# ---------------------------------------------------------------------
say "starting a throwaway server ($BINDIR)"
as_server "$BINDIR/initdb" -D "$TMP/data" -A trust -U postgres -E UTF8 \
	--locale=C --no-sync > "$TMP/initdb.log" 2>&1 || { cat "$TMP/initdb.log"; exit 1; }
as_server "$BINDIR/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -w -o \
	"-c port=5432 -c listen_addresses= -c unix_socket_directories=$TMP \
	 -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
	 -c autovacuum=off -c shared_buffers=1GB -c max_wal_size=8GB \
	 -c checkpoint_timeout=30min" start > /dev/null || { cat "$TMP/server.log"; exit 1; }
export PGHOST="$TMP" PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
unset PGSERVICE PGPASSWORD

say "SQL benchmark"
psql -X -q -v dir="$TMP" -v runs="$RUNS" -v out="$TMP/sql.tsv" \
	-f bench/bench.sql > "$TMP/sql.log" 2>&1 || { cat "$TMP/sql.log"; exit 1; }
PGVERSION=$(psql -X -At -c 'SELECT version()')

# The consent benchmark, when bench/consent_bench.sql is there: through its
# own runner (a scratch database) when that exists too
CONSENT=""
CONSENT_NOTE=""
if [ -f bench/consent_bench.sql ] &&
	! grep -qs phone_consent "$("$PG_CONFIG" --sharedir)"/extension/phone--*.sql "$("$PG_CONFIG" --sharedir)"/extension/phone_consent--*.sql; then
	CONSENT_NOTE="bench/consent_bench.sql was not run: the installed extension has no consent ledger."
	echo "bench: $CONSENT_NOTE" >&2
elif [ -f bench/consent_bench.sql ]; then
	say "consent benchmark (bench/consent_bench.sql)"
	if [ -f bench/consent_bench.sh ]; then
		consent_cmd=(env PG_BINDIR="$BINDIR" CONSENT_BENCH_CONTACTS="$CONSENT_CONTACTS" sh bench/consent_bench.sh)
	else
		psql -X -q -c 'CREATE DATABASE consent_bench'
		psql -X -q -d consent_bench -c 'CREATE EXTENSION phone_consent CASCADE'
		consent_cmd=(psql -X -v ON_ERROR_STOP=1 -v contacts="$CONSENT_CONTACTS" -d consent_bench -f bench/consent_bench.sql)
	fi
	if "${consent_cmd[@]}" > "$TMP/consent.out" 2>&1; then
		CONSENT="$TMP/consent.out"
	else
		echo "bench: the consent benchmark failed:" >&2
		cat "$TMP/consent.out" >&2
		exit 1
	fi
fi

# The reports benchmark (bench/reports_bench.sh: phone_audit,
# phone_duplicates and phone_without_consent on a 1,000,000-row table), in
# the full run only: the quick run stays a short smoke test
REPORTS=""
if [ "$QUICK" != 1 ] && [ -f bench/reports_bench.sh ] &&
	grep -qs phone_audit "$("$PG_CONFIG" --sharedir)"/extension/phone--*.sql; then
	say "reports benchmark (bench/reports_bench.sh)"
	if env PG_BINDIR="$BINDIR" bash bench/reports_bench.sh > "$TMP/reports.out" 2>&1; then
		REPORTS="$TMP/reports.out"
	else
		echo "bench: the reports benchmark failed:" >&2
		cat "$TMP/reports.out" >&2
		exit 1
	fi
fi

# ---------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------
say "writing $OUT"
CPU=$(grep -m1 '^model name' /proc/cpuinfo | sed 's/^[^:]*: *//')
MEM=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
{
	echo "# Benchmark results"
	echo
	if [ "$QUICK" = 1 ]; then
		echo "Quick run (\`make bench-quick\`): a smoke test, not the published figures."
		echo
	fi
	echo "Written by \`bench/run.sh\` (\`make bench\`; method in [README.md](README.md))."
	echo
	echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
	echo "- Machine: $(nproc) CPUs ($CPU), $MEM of memory, $(uname -sm)"
	echo "- Server: $PGVERSION"
	echo "- Compilers: $($CC --version | head -1); $($CXX --version | head -1)"
	echo "- Numbers: $N, generated by bench/gen_numbers.c (the core microbenchmark: the first $MICRO_N of them); every figure is the median of $RUNS runs"
	if [ -n "$LPN" ]; then
		echo "- Baseline of the core: Debian's libphonenumber-dev $LPN_VERSION (C++), same numbers, same run"
	fi
	echo
} > "$OUT"

awk -F'\t' -v out="$TMP/ratios.dat" '
	function fmt(v) {
		if (v == "") return "-"
		if (v >= 100) return sprintf("%.0f", v)
		if (v >= 10) return sprintf("%.1f", v)
		return sprintf("%.2f", v)
	}
	function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "" : a / b }
	function mark(r, lim, eq) {
		if (r == "" || lim == "") return ""
		if (eq) return (r <= lim + 0.005 && r >= lim - 0.005) ? " (met)" : " (missed)"
		return (r <= lim) ? " (met)" : " (missed)"
	}
	$1 == "plan" { plan[$2 "|" $3] = $5; next }
	$1 == "rows" { rows[$2 "|" $3] = $4; next }
	{ v[$2 "|" $3] = $4; unit[$2] = $5 }
	END {
		n = split("COPY|table size|index size|CREATE INDEX|ORDER BY|GROUP BY|hash join|equality lookup|prefix query", items, "|")
		target["COPY"] = 1.3; target["ORDER BY"] = 1.1; target["GROUP BY"] = 1.1
		target["hash join"] = 1.1; target["table size"] = 1; target["index size"] = 1
		equal["table size"] = 1; equal["index size"] = 1
		print "## SQL: phone against bigint and text"
		print ""
		print "Absolute figures, and in parentheses the ratio to bigint (lower is better)."
		print ""
		print "| Measure | unit | bigint | phone | text | text + CHECK | target for phone |"
		print "|---|---|---:|---:|---:|---:|---|"
		for (i = 1; i <= n; i++) {
			it = items[i]; b = v[it "|bigint"]
			line = "| " it " | " unit[it] " | " fmt(b)
			split("phone|text|text_check", ks, "|")
			for (k = 1; k <= 3; k++) {
				a = v[it "|" ks[k]]
				r = ratio(a, b)
				line = line " | " (a == "" ? "-" : fmt(a) " (" fmt(r) "x)")
			}
			t = (it in target) ? ((it in equal) ? "= bigint" : "<= " target[it] "x") : "-"
			rp = ratio(v[it "|phone"], b)
			line = line " | " t mark(rp, target[it], it in equal) " |"
			print line
			if (it in target || it == "CREATE INDEX")
				printf "%s\t%s\t%s\t%s\n", it, fmt(rp), fmt(ratio(v[it "|text"], b)),
					(v[it "|text_check"] == "" ? "-" : fmt(ratio(v[it "|text_check"], b))) > out
		}
		b = v["COPY|bigint"]
		print ""
		print "COPY into phone by written form and by `phone.validation` (what the numbering-plan checks cost):"
		print ""
		print "| COPY into phone | ms | ratio to bigint |"
		print "|---|---:|---:|"
		split("phone|phone_written|phone_possible|phone_any", cs, "|")
		cn["phone"] = "E.164, `valid` (the default)"
		cn["phone_written"] = "international written forms (\"+44 20 7946 0958\", tel: URIs, E.164), `valid`"
		cn["phone_possible"] = "E.164, `possible` (length only)"
		cn["phone_any"] = "E.164, `any` (structure only)"
		for (i = 1; i <= 4; i++)
			if (v["COPY|" cs[i]] != "")
				printf "| %s | %s | %sx |\n", cn[cs[i]], fmt(v["COPY|" cs[i]]), fmt(ratio(v["COPY|" cs[i]], b))
		print ""
		print "Plans (top node first):"
		print ""
		split("ORDER BY|GROUP BY|hash join|equality lookup|prefix query", ps, "|")
		for (i = 1; i <= 5; i++)
			printf "- %s: bigint `%s`; phone `%s`; text `%s`\n", ps[i],
				plan[ps[i] "|bigint"], plan[ps[i] "|phone"], plan[ps[i] "|text"]
		print ""
		printf "The 1,000 prefix queries counted %d rows on phone (`^@ '"'"'+PPPPP'"'"'`, every length), %d on text (`LIKE '"'"'+PPPPP%%'"'"'`) and %d on bigint (a range over the numbers of the probe'"'"'s length only).\n", rows["prefix query|phone"], rows["prefix query|text"], rows["prefix query|bigint"]
	}' "$TMP/sql.tsv" >> "$OUT"

awk -v out="$TMP/core.dat" '
	$1 == "RESULT" { ns[$2 "|" $3] = $6; rate[$2 "|" $3] = $7; valid[$2 "|" $3] = $5; total[$3] = $4 }
	END {
		print ""
		print "## Core: parse + validate + format E.164, one thread"
		print ""
		print "CPU time of the benchmark thread; the core and libphonenumber alternate, one run each per round."
		print ""
		print "`phone_parse(..., PHONE_VALIDATE_VALID)` then `phone_format(E164)`, against libphonenumber'"'"'s `Parse` + `IsValidNumber` + `Format(E164)`. \"valid\" counts inputs found valid and formatted back to the generated E.164 form."
		print ""
		print "| Input | phone core | libphonenumber | ratio | valid (core / libphonenumber) |"
		print "|---|---:|---:|---:|---|"
		split("intl|e164|mixed", ws, "|")
		name["intl"] = "international written forms (headline)"
		name["e164"] = "E.164 only"
		name["mixed"] = "all forms, national ones with their region"
		short["intl"] = "international forms"; short["e164"] = "E.164"; short["mixed"] = "all forms"
		for (i = 1; i <= 3; i++) {
			w = ws[i]; c = rate["core|" w]; l = rate["libphonenumber|" w]
			r = (l > 0) ? c / l : 0
			printf "| %s | %.2f M/s (%.0f ns) | %s | %s | %s / %s of %s |\n", name[w], c / 1e6, ns["core|" w],
				(l > 0 ? sprintf("%.3f M/s (%.0f ns)", l / 1e6, ns["libphonenumber|" w]) : "-"),
				(l > 0 ? sprintf("%.0fx", r) : "-"), valid["core|" w],
				(l > 0 ? valid["libphonenumber|" w] : "-"), total[w]
			printf "\"%s\"\t%.0f\t%.0f\n", short[w], c, (l > 0 ? l : 1) > out
			if (w == "intl") { hc = c; hr = r }
		}
		print ""
		printf "Targets (international written forms): at least 5 M numbers/s: %.2f M/s (%s); at least 85x libphonenumber: %s.\n",
			hc / 1e6, (hc >= 5e6 ? "met" : "missed"),
			(hr > 0 ? sprintf("%.0fx (%s)", hr, (hr >= 85 ? "met" : "missed")) : "no baseline")
	}' "$TMP/core.txt" >> "$OUT"

if [ -n "$CONSENT_NOTE" ]; then
	printf '\n## Consent decisions and reports\n\n%s\n' "$CONSENT_NOTE" >> "$OUT"
fi
if [ -n "$CONSENT" ]; then
	{
		echo
		echo "## Consent decisions and reports (bench/consent_bench.sql)"
		echo
		echo '```'
		cat "$CONSENT"
		echo '```'
	} >> "$OUT"
fi

if [ -n "$REPORTS" ]; then
	{
		echo
		echo "## Data-quality and consent reports (bench/reports_bench.sql)"
		echo
		echo '```'
		sed "s/^psql:[^ ]*reports_bench.sql:[0-9]*: //" "$REPORTS"
		echo '```'
	} >> "$OUT"
fi

if [ -f bench/findings.md ]; then
	{ echo; cat bench/findings.md; } >> "$OUT"
fi

# ---------------------------------------------------------------------
# Chart
# ---------------------------------------------------------------------
if command -v gnuplot > /dev/null; then
	say "writing $SVG"
	# x labels on two lines ("ORDER\nBY"): no rotated text, which some SVG
	# renderers place wrongly
	XTICS=$(awk -F'\t' '{ l = $1; gsub(/ /, "\\n", l); printf "%s\"%s\" %d", (NR > 1 ? ", " : ""), l, NR - 1 }' "$TMP/ratios.dat")
	gnuplot <<EOF
set terminal svg size 1000,460 dynamic noenhanced font "sans,11" background "white"
set output "$SVG"
set multiplot layout 1,2 title "phone benchmark: $N numbers, median of $RUNS runs, $(nproc) CPUs ($CPU)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key top right
set bmargin 4
set xtics nomirror font ",10" ($XTICS)
set datafile missing "-"
set datafile separator "\t"
set title "SQL: time or size relative to bigint (lower is better)"
set ylabel "ratio to bigint (dashed: bigint = 1)"
set yrange [0:*]
set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead dt 2 lw 1.5 lc rgb "black" front
plot "$TMP/ratios.dat" using 2 title "phone" lc rgb "#1f77b4", \
     "" using 3 title "text" lc rgb "#ff7f0e", \
     "" using 4 title "text + CHECK" lc rgb "#2ca02c"
unset arrow 1
set title "Core: parse + validate + format E.164, one thread"
set ylabel "numbers per second (log scale)"
set logscale y
set yrange [10000:*]
set format y "%.0s%c"
set key top right
unset xtics
set xtics nomirror font ",11"
plot "$TMP/core.dat" using 2:xtic(1) title "phone core" lc rgb "#1f77b4", \
     "" using 3 title "libphonenumber C++" lc rgb "#7f7f7f"
unset multiplot
EOF
else
	echo "bench: gnuplot not found, no chart" >&2
fi

say "done"
cat "$OUT"
