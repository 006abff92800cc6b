#!/bin/sh
# test/drift/make-drift-data.sh IN OUT: a copy of src/data/numplan_data.c with the
# numbering plans changed as a metadata update can change them, for the
# drift test (test/drift/run.sh):
#   - the data version becomes "<version>+drift";
#   - a range is withdrawn: Iceland's 9-digit mobile numbers (+354 38x xxx
#     xxx) are no longer valid (they stay possible: 9 digits remain a
#     possible length of the country);
#   - France's mobile numbers (+33 6, +33 7) are no longer valid (their
#     length, 9, loses the mobile description; they stay possible);
#   - a calling code is withdrawn: +878 (Universal Personal
#     Telecommunications) is no longer assigned.
# Fails when the input does not have the expected shape.
set -eu
awk '
/^const char numplan_metadata_version\[\] = "[^"]*";$/ {
	sub(/";$/, "+drift\";"); version = 1
}
/^\t\{\t*\/\* [0-9]+ \*\/$/ { entry = $3 }
/^\t\t\.id = "IS",$/ { in_is = 1; is_entry = entry }
/^\t\t\.id = "FR",$/ { fr_entry = entry }
in_is && /\[NUMPLAN_DESC_MOBILE\] = \{true, 0x00280, / {
	sub(/0x00280/, "0x00080"); in_is = 0; range = 1
}
/^const uint8_t numplan_cc_count\[1000\] = \{$/ || /^const uint16_t numplan_cc_start\[1000\] = \{$/ ||
/^const uint16_t numplan_desc_by_length\[[0-9]+\] = \{$/ {
	arr = $3; idx = 0; print; next
}
arr != "" && /^\};$/ { arr = ""; print; next }
arr != "" {
	n = split($0, f, ",")
	out = ""
	for (i = 1; i < n; i++) {
		v = f[i]
		if (arr ~ /^numplan_cc_/ && idx == 878) { sub(/[0-9a-fx]+/, "0", v); code[arr] = 1 }
		# the 9-digit numbers of Iceland (entry is_entry) lose the
		# mobile bit (1 << NUMPLAN_DESC_MOBILE, 4) of their lengths
		if (arr ~ /^numplan_desc_by_length/ && idx == is_entry * 18 + 9) {
			h = v; sub(/^ *0x/, "", h); m = 0
			for (k = 1; k <= length(h); k++)
				m = m * 16 + index("0123456789abcdef", substr(h, k, 1)) - 1
			if (int(m / 4) % 2 == 1) { m -= 4; bylen = 1 }
			v = sprintf(" 0x%x", m)
		}
		# and so do the 9-digit numbers of France (entry fr_entry)
		if (arr ~ /^numplan_desc_by_length/ && idx == fr_entry * 18 + 9) {
			h = v; sub(/^ *0x/, "", h); m = 0
			for (k = 1; k <= length(h); k++)
				m = m * 16 + index("0123456789abcdef", substr(h, k, 1)) - 1
			if (int(m / 4) % 2 == 1) { m -= 4; frlen = 1 }
			v = sprintf(" 0x%x", m)
		}
		out = out v ","
		idx++
	}
	print out
	next
}
{ print }
END {
	if (!version || !range || !bylen || !frlen || is_entry == "" || fr_entry == "" || !code["numplan_cc_count[1000]"] || !code["numplan_cc_start[1000]"]) {
		print "make-drift-data.sh: unexpected numplan_data.c" > "/dev/stderr"
		exit 1
	}
}' "$1" > "$2"
