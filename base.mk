# The pinned base: Debian 12's linux-source-6.1 package and its tarball.
# scripts/tree.sh refuses any other tarball unless BASE_SHA256 is overridden.
BASE_PACKAGE ?= linux-source-6.1
BASE_VERSION ?= 6.1.192-2
BASE_SHA256  ?= 4d415b3d364834fd818270e88813e90323bbfce4f519a0e6bd4940ddcd7df693
BASE_TARBALL ?= /usr/src/linux-source-6.1.tar.xz

# The mainline peer of make bench: Debian's current linux-source-6.12, whatever
# version the archive has (the table records it).
PEER_PACKAGE ?= linux-source-6.12
