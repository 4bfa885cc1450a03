#!/usr/bin/env bash
# EMR step on the etl cluster's master node (EMR runs it as hadoop, with sudo), after the applications are up:
#   1. the etl principal in the cluster-dedicated KDC (on this node) and its keytab (owner etl, mode 0400);
#   2. as HDFS's service principal (superuser): etl's HDFS home, and the CareLake sharelibs in Oozie's sharelib;
#   3. as etl: Oozie's sharelib refresh and the daily coordinator, with the environment's job.properties (the
#      master's host name filled in).
# The cluster is Kerberized: every hdfs and oozie command runs under a ticket from a kinit with that identity's
# keytab, each identity in a credential cache of its own (never the step user's default cache).
# Arguments (from cluster.env, via scripts/create-cluster.sh): APP_ROOT REALM ETL_PRINCIPAL ETL_KEYTAB HDFS_PRINCIPAL
# HDFS_KEYTAB; HDFS_PRINCIPAL may say _HOST for this node's name.
set -euo pipefail
if [ $# -ne 6 ]; then
  echo "Usage: emr-install-step.sh APP_ROOT REALM ETL_PRINCIPAL ETL_KEYTAB HDFS_PRINCIPAL HDFS_KEYTAB" >&2
  exit 64
fi
APP_ROOT="$1" REALM="$2" ETL_PRINCIPAL="$3" ETL_KEYTAB="$4" HDFS_PRINCIPAL="$5" HDFS_KEYTAB="$6"
ETL_USER="${ETL_PRINCIPAL%%/*}"
MASTER="$(hostname -f)"
HDFS_PRINCIPAL="${HDFS_PRINCIPAL//_HOST/$MASTER}"
case "$HDFS_PRINCIPAL" in *@*) ;; *) HDFS_PRINCIPAL="$HDFS_PRINCIPAL@$REALM" ;; esac
OOZIE_URL=http://localhost:11000/oozie

# one private directory per identity (its credential cache and downloads), removed at the end
ETL_WORK="$(sudo -u "$ETL_USER" mktemp -d)"
HDFS_WORK="$(sudo -u hdfs mktemp -d)"
trap 'sudo -u "$ETL_USER" rm -rf "$ETL_WORK"; sudo -u hdfs rm -rf "$HDFS_WORK"' EXIT
as_etl() { sudo -u "$ETL_USER" env KRB5CCNAME="FILE:$ETL_WORK/krb5cc" "$@"; }
as_hdfs() { sudo -u hdfs env KRB5CCNAME="FILE:$HDFS_WORK/krb5cc" "$@"; }

echo "1. principal $ETL_PRINCIPAL@$REALM and keytab $ETL_KEYTAB"
if ! sudo kadmin.local -q "getprinc $ETL_PRINCIPAL@$REALM" | grep -q '^Principal:'; then
  sudo kadmin.local -q "addprinc -randkey $ETL_PRINCIPAL@$REALM"
fi
if ! sudo test -s "$ETL_KEYTAB"; then
  sudo install -d -m 0755 "$(dirname "$ETL_KEYTAB")"
  # umask first: the keytab is the etl identity and must never exist readable by others, not even for a moment
  sudo sh -c 'umask 077 && kadmin.local -q "ktadd -k $1 $2"' ktadd "$ETL_KEYTAB" "$ETL_PRINCIPAL@$REALM"
fi
sudo chown "$ETL_USER:$ETL_USER" "$ETL_KEYTAB"
sudo chmod 0400 "$ETL_KEYTAB"

echo "2. as $HDFS_PRINCIPAL: /user/$ETL_USER and the CareLake sharelibs"
as_hdfs kinit -kt "$HDFS_KEYTAB" "$HDFS_PRINCIPAL"
as_hdfs hdfs dfs -mkdir -p "/user/$ETL_USER"
as_hdfs hdfs dfs -chown "$ETL_USER:$ETL_USER" "/user/$ETL_USER"
as_hdfs hdfs dfs -chmod 0700 "/user/$ETL_USER"
as_etl kinit -kt "$ETL_KEYTAB" "$ETL_PRINCIPAL@$REALM"
as_etl oozie admin -oozie "$OOZIE_URL" -sharelibupdate >/dev/null
SHARELIB="$(as_hdfs hdfs dfs -ls -d '/user/oozie/share/lib/lib_*' | awk '{print $NF}' | sort | tail -1)"
[ -n "$SHARELIB" ] || { echo "emr-install-step: Oozie has no sharelib under /user/oozie/share/lib; is Oozie up?" >&2; exit 1; }
for lib in carelake-sqoop carelake-pipeline; do
  as_hdfs aws s3 sync "$APP_ROOT/sharelib/$lib" "$HDFS_WORK/$lib"
  as_hdfs hdfs dfs -rm -r -f "$SHARELIB/$lib"
  # jars, no secrets: readable by oozie and the launchers (the cluster's umask 077 would hide them)
  as_hdfs hdfs dfs -D fs.permissions.umask-mode=022 -put "$HDFS_WORK/$lib" "$SHARELIB/$lib"
  as_hdfs hdfs dfs -chown -R oozie:oozie "$SHARELIB/$lib"
done

echo "3. as $ETL_PRINCIPAL@$REALM: the daily coordinator"
as_etl oozie admin -oozie "$OOZIE_URL" -sharelibupdate
as_etl aws s3 cp "$APP_ROOT/env/job.properties" "$ETL_WORK/job.properties"
# the committed file names a sample master; this cluster's own name goes into every address and principal
as_etl sed -i -E "s#(hdfs://|hdfs@|^resourceManager=|jdbc:hive2://|hive/)ip-[0-9-]+\.ec2\.internal#\1$MASTER#g" "$ETL_WORK/job.properties"
as_etl oozie job -oozie "$OOZIE_URL" -config "$ETL_WORK/job.properties" -run
