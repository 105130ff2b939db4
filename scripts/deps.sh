#!/bin/bash
# Install what the harness needs from Debian's archive, if it is missing.
# Usage: scripts/deps.sh BASE_PACKAGE=BASE_VERSION
set -euo pipefail

pkgs=(make gcc libc6-dev perl git ccache flex bison bc cpio xz-utils rsync
      gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-system-arm
      libelf-dev                # objtool, for the x86_64 KVM build
      python3-ply python3-git   # checkpatch.pl's SPDX check (spdxcheck.py)
      sparse coccinelle         # scripts/static.sh
      "$1")

installed() {
	local name=${1%%=*} want=${1#*=} have
	have=$(dpkg-query -W -f='${Status} ${Version}' "$name" 2>/dev/null) || return 1
	case $have in
	"install ok installed "*) [ "$name" = "$1" ] || [ "${have##* }" = "$want" ] ;;
	*) return 1 ;;
	esac
}

missing=()
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "deps: installing ${missing[*]}"
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	--no-install-recommends --allow-downgrades "${missing[@]}" >/dev/null
