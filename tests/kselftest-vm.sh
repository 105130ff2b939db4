#!/bin/sh
# The kselftest boot of make check: run tests through the kselftest
# install's own run_kselftest.sh (unpacked from make kselftest's tarball
# into /kselftest), as on a real host.  Arguments: COLLECTION:TEST...
# Busybox provides the shell and the tools the runner calls, except
# timeout: busybox's has no --foreground, which the runner passes, so
# the runner goes without one (it checks for /usr/bin/timeout) and /init's
# timeout for this whole run applies.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
rm -f /usr/bin/timeout
cd /kselftest || exit 1
args=
for t in "$@"; do
	args="$args -t $t"
done
# shellcheck disable=SC2086 # a list of options
exec ./run_kselftest.sh $args
