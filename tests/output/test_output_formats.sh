#!/bin/bash
# tests/output/test_output_formats.sh PORTSTAT TREES - on every saved tree, the
# JSON, JSON Lines, CSV and TSV outputs parse with real parsers and list the
# same sockets as the table (tests/output/formats_agree.py).
bin=$1 trees=$2 fails=0
command -v python3 >/dev/null || { echo "SKIP: python3 missing"; exit 77; }
for tree in "$trees"/*/; do
	[ -d "$tree/net" ] || continue
	python3 "$(dirname "$0")/formats_agree.py" "$bin" -a --proc-root "$tree" || fails=1
	python3 "$(dirname "$0")/formats_agree.py" "$bin" -l --proc-root "$tree" || fails=1
done
exit $fails
