#!/bin/sh
# peers-deps.sh - installs, with apt-get, the Debian packages that
# bench/peers.sh needs: the peers grille is measured against (R with
# tidytext and tm, Python 3, ripgrep), GNU time for peak memory, groff and
# man-db to turn manual pages into text, and the French documentation
# packages the corpus is made from.  Optional: scripts/install-deps.sh
# (building and testing grille) does not need any of this.
# Usage: sh bench/peers-deps.sh   (as root, or as a user who can sudo)
set -eu
tools="r-base-core r-cran-tidytext r-cran-tm ripgrep python3 time groff-base man-db bsdextrautils util-linux"
docs="manpages-fr manpages-fr-dev debian-reference-fr developers-reference-fr maint-guide-fr debian-faq-fr aptitude-doc-fr"
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo
$sudo apt-get update
# shellcheck disable=SC2086 # the lists are meant to be split
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends $tools $docs
