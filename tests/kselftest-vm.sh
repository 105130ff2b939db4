#!/bin/sh
# The kselftest boot of make check: run tests through the kselftest
# install's own run_kselftest.sh (unpacked from make kselftest's tarball
# into /kselftest), as on a real host.  Arguments: COLLECTION:TEST...
# Busybox provides the shell and the tools the runner calls.  Its timeout
# has no --foreground, which the runner passes: /usr/bin/timeout is a
# shim that drops it, so each test still has the kvm directory's timeout.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
rm -f /usr/bin/timeout
printf '#!/bin/sh\n[ "$1" != --foreground ] || shift\nexec /bin/busybox timeout "$@"\n' \
	>/usr/bin/timeout
chmod +x /usr/bin/timeout
cd /kselftest || exit 1
args=
for t in "$@"; do
	args="$args -t $t"
done
# shellcheck disable=SC2086 # a list of options
exec ./run_kselftest.sh $args
