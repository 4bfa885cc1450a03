#!/usr/bin/env bash
# EMR step on the master node: installs the CareLake sharelibs into Oozie's sharelib and submits the
# daily coordinator with the environment's job.properties (the master host filled in).
# Argument: the bundle's S3 root (APP_ROOT of create-cluster.sh).
set -euo pipefail
APP_ROOT="$1"
WORK="$(mktemp -d)"; chmod 700 "$WORK"; trap 'rm -rf "$WORK"' EXIT
SHARELIB="$(oozie admin -oozie http://localhost:11000/oozie -sharelibupdate >/dev/null; \
  hdfs dfs -ls -d /user/oozie/share/lib/lib_* | awk '{print $NF}' | sort | tail -1)"
for lib in carelake-sqoop carelake-pipeline; do
  aws s3 sync "$APP_ROOT/sharelib/$lib" "$WORK/$lib"
  hdfs dfs -rm -r -f "$SHARELIB/$lib"
  hdfs dfs -put "$WORK/$lib" "$SHARELIB/$lib"
done
oozie admin -oozie http://localhost:11000/oozie -sharelibupdate
aws s3 cp "$APP_ROOT/env/job.properties" "$WORK/job.properties"
MASTER="$(hostname -f)"
sed -i -E "s#(hdfs://|^resourceManager=|jdbc:hive2://)ip-[0-9-]+\.ec2\.internal#\1$MASTER#g" "$WORK/job.properties"
oozie job -oozie http://localhost:11000/oozie -config "$WORK/job.properties" -run
