#!/bin/sh
# test_versions.sh SOURCE_DIR VERSION - the one version: project(VERSION) in
# CMakeLists.txt (VERSION, as CMake read it), the man page's footer (.Os)
# and the upstream part of debian/changelog's latest entry agree.
src=$1 version=$2
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

man=$(sed -n 's/^\.Os portstat \([^ ]*\)$/\1/p' "$src/man/portstat.8")
[ "$man" = "$version" ] ||
	fail "man/portstat.8 says '.Os portstat $man', CMakeLists.txt project(VERSION $version)"
# "portstat (0.1.0-1) unstable; urgency=medium": the upstream version is
# what comes before the last "-" (the Debian revision); no epoch is used.
deb=$(sed -n '1s/^portstat (\([^)]*\)) .*/\1/p' "$src/debian/changelog")
[ "${deb%-*}" = "$version" ] ||
	fail "debian/changelog's first entry is '$deb', CMakeLists.txt project(VERSION $version)"
[ "$fails" = 0 ] && echo "ok: version $version in CMakeLists.txt, man/portstat.8, debian/changelog"
exit $((fails > 0))
