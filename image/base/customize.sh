#!/bin/sh
# mmdebstrap customize hook: runs once on the finished root file system ($1) before it is packed.
set -eu
root="$1"

# A UTF-8 locale for terminals and notebooks.
sed -i 's/^# *en_US.UTF-8 UTF-8/en_US.UTF-8 UTF-8/' "$root/etc/locale.gen"
chroot "$root" locale-gen >/dev/null

# No apt lists or caches in the image: they are big and stale the moment the image is built.
rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb

# Only the Node.js modules configurable-http-proxy needs (see prune-node.py).
cp "$(dirname "$0")/prune-node.py" "$root/tmp/prune-node.py"
chroot "$root" python3 /tmp/prune-node.py
rm -f "$root/tmp/prune-node.py"

# A container has its own machine id at run time.
: > "$root/etc/machine-id"

# A pristine copy of the image's /etc: at every start the hub's /etc volume is brought up to date
# from it, keeping only the accounts (see image/bin/quickhub-etc-sync).
mkdir -p "$root/usr/share/quickhub"
cp -a "$root/etc" "$root/usr/share/quickhub/etc"

# /usr/local is the srv volume's, in the hub container and in each user's own container alike, so
# what admins install there ('sudo pip install', kernels for everyone) reaches every user. The
# image's own /usr/local is kept beside; the entrypoint copies it onto srv (never overwriting).
mv "$root/usr/local" "$root/usr/share/quickhub/local"
ln -s /srv/quickhub/local "$root/usr/local"
# pip's site configuration for the system Python (the hub's start links it again; users' own
# containers start without that step).
ln -s /opt/quickhub/python/pip.conf "$root/usr/pip.conf"
