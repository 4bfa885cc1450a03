#!/usr/bin/env bash
# EMR bootstrap action (every node, before the applications are installed).
#   --metastore-credentials S3_URI  the external metastore's credential store (password alias
#       javax.jdo.option.ConnectionPassword): installed on the master only, where the Hive metastore runs, as
#       /etc/carelake/metastore.jceks, owner root, group hive, mode 0440. The hive group is made here when it
#       does not exist yet (EMR's Hive packages reuse an existing group), so the store is readable by root and
#       the metastore only, from the first moment: never by everyone until Hive is installed.
#   --etl-user NAME  (etl cluster) the OS account the coordinators run as: with Kerberos, YARN runs containers
#       as the submitting user, who must exist on every node (a regular uid: YARN refuses system uids).
#   --metastore-group NAME  another group than hive (tests).
# Environment (tests only): CARELAKE_ETC (/etc/carelake), CARELAKE_INSTANCE_INFO (EMR's instance.json).
set -euo pipefail
usage() {
  echo "Usage: emr-bootstrap.sh --metastore-credentials S3_URI [--etl-user NAME] [--metastore-group NAME]" >&2
  exit 64
}
CREDENTIALS="" ETL_USER="" GROUP=hive
while [ $# -gt 0 ]; do
  case "$1" in
    --metastore-credentials) [ $# -ge 2 ] || usage; CREDENTIALS="$2"; shift 2 ;;
    --etl-user) [ $# -ge 2 ] || usage; ETL_USER="$2"; shift 2 ;;
    --metastore-group) [ $# -ge 2 ] || usage; GROUP="$2"; shift 2 ;;
    *) echo "emr-bootstrap: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -n "$CREDENTIALS" ] || usage
ETC="${CARELAKE_ETC:-/etc/carelake}"
INSTANCE_INFO="${CARELAKE_INSTANCE_INFO:-/mnt/var/lib/info/instance.json}"

if [ -n "$ETL_USER" ] && ! id -u "$ETL_USER" >/dev/null 2>&1; then
  sudo useradd --no-create-home --shell /sbin/nologin "$ETL_USER"
fi

if grep -Eq '"isMaster"[[:space:]]*:[[:space:]]*true' "$INSTANCE_INFO"; then
  getent group "$GROUP" >/dev/null || sudo groupadd "$GROUP"
  sudo install -d -m 0755 -o root -g root "$ETC"
  # downloaded into a root-only file, then installed with its final owner and mode in one step
  download="$(sudo mktemp)"
  trap 'sudo rm -f "$download"' EXIT
  sudo aws s3 cp "$CREDENTIALS" "$download"
  sudo install -m 0440 -o root -g "$GROUP" "$download" "$ETC/metastore.jceks"
  mode="$(sudo stat -c '%a %U %G' "$ETC/metastore.jceks")"
  if [ "$mode" != "440 root $GROUP" ]; then
    echo "emr-bootstrap: $ETC/metastore.jceks is '$mode', not '440 root $GROUP'; fix the permissions and rerun" >&2
    exit 1
  fi
fi
