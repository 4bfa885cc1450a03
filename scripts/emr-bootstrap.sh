#!/usr/bin/env bash
# EMR bootstrap action (every node, before the applications start): the external metastore's
# credential store, owner-only. Argument: its S3 URI (from create-cluster.sh).
set -euo pipefail
sudo install -d -m 0755 /etc/carelake
sudo aws s3 cp "$1" /etc/carelake/metastore.jceks
# hive runs the metastore; nobody else reads the store
sudo chown 0:0 /etc/carelake/metastore.jceks
sudo chmod 0444 /etc/carelake/metastore.jceks
getent group hive >/dev/null && sudo chgrp hive /etc/carelake/metastore.jceks && sudo chmod 0440 /etc/carelake/metastore.jceks || true
