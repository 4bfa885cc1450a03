#!/usr/bin/env bash
# Creates CareLake's EMR cluster for one environment: the security configuration
# (emr-security-configuration.json), the bundle on S3, and the cluster (private subnet, EMR-managed
# security groups, logs on S3, external Hive metastore, Kerberos, a bootstrap action and a step that
# install the pipeline and the Oozie coordinator). `--dry-run` prints the exact AWS CLI calls, runs none.
#   scripts/create-cluster.sh --env dev|prod [--dry-run]
set -euo pipefail

usage() { echo "Usage: scripts/create-cluster.sh --env ENV [--dry-run]   (ENV: a folder of oozie-workflows/env/)" >&2; exit 64; }

HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_NAME="" DRY_RUN=0
while [ $# -gt 0 ]; do
  case "$1" in
    --env) [ $# -ge 2 ] || usage; ENV_NAME="$2"; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    -h|--help) usage ;;
    *) echo "create-cluster: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -n "$ENV_NAME" ] || usage
ENV_DIR="$HOME_DIR/oozie-workflows/env/$ENV_NAME"
if [ ! -f "$ENV_DIR/cluster.env" ] || [ ! -f "$ENV_DIR/job.properties" ]; then
  echo "create-cluster: no environment '$ENV_NAME' ($ENV_DIR/cluster.env and job.properties); known: $(ls "$HOME_DIR/oozie-workflows/env" | tr '\n' ' ')" >&2
  exit 64
fi
# shellcheck source=/dev/null
source "$ENV_DIR/cluster.env"
for v in REGION RELEASE_LABEL CLUSTER_NAME SUBNET_ID MASTER_SG SLAVE_SG SERVICE_ACCESS_SG INSTANCE_PROFILE SERVICE_ROLE \
         MASTER_TYPE CORE_TYPE CORE_COUNT LOG_URI CONFIG_BUCKET APP_ROOT KERBEROS_REALM KERBEROS_SECRET_ID \
         METASTORE_JDBC_URL METASTORE_USER METASTORE_CREDENTIALS; do
  [ -n "${!v:-}" ] || { echo "create-cluster: $ENV_DIR/cluster.env does not set $v" >&2; exit 64; }
done
case "$LOG_URI" in s3://*) ;; *) echo "create-cluster: LOG_URI=$LOG_URI must be an s3:// URI (CLI-created clusters archive no logs otherwise)" >&2; exit 64 ;; esac

SEC_JSON="$HOME_DIR/emr-security-configuration.json"
# content-addressed name: a changed configuration is a new security configuration, never an edit of one in use
SEC_NAME="$CLUSTER_NAME-$(sha256sum "$SEC_JSON" | cut -c1-12)"
WORK="$(mktemp -d)"
chmod 700 "$WORK"
trap 'rm -rf "$WORK"' EXIT

# Printed as one shell-quoted line, then run unless --dry-run.
aws_call() {
  printf 'aws'; printf ' %q' "$@"; printf '\n'
  if [ "$DRY_RUN" = 0 ]; then aws "$@"; fi
}

# Hive's external metastore; its password is read from the credential store by Hive itself.
cat > "$WORK/configurations.json" <<JSON
[
  {"Classification": "hive-site", "Properties": {
    "javax.jdo.option.ConnectionURL": "$METASTORE_JDBC_URL",
    "javax.jdo.option.ConnectionDriverName": "org.postgresql.Driver",
    "javax.jdo.option.ConnectionUserName": "$METASTORE_USER",
    "hadoop.security.credential.provider.path": "jceks://file/etc/carelake/metastore.jceks",
    "hive.server2.enable.doAs": "false",
    "hive.security.authorization.enabled": "true"}},
  {"Classification": "core-site", "Properties": {
    "fs.permissions.umask-mode": "077"}},
  {"Classification": "oozie-site", "Properties": {
    "oozie.service.ActionService.executor.ext.classes": "org.apache.oozie.action.email.EmailActionExecutor,org.apache.oozie.action.hadoop.Hive2ActionExecutor,org.apache.oozie.action.hadoop.SqoopActionExecutor",
    "oozie.service.SchemaService.wf.ext.schemas": "email-action-0.2.xsd,hive2-action-1.0.xsd,sqoop-action-1.0.xsd,oozie-sla-0.2.xsd"}}
]
JSON

echo "# 1. the bundle: workflows, coordinators, options files, HQL, catalog, install scripts"
sources=()
for d in "$HOME_DIR"/sqoop-jobs/*/; do
  if compgen -G "$d*.options" >/dev/null; then sources+=("sqoop-jobs/$(basename "$d")"); fi
done
for d in oozie-workflows/nightly oozie-workflows/daily oozie-workflows/backfill "${sources[@]}" hive/hql catalog; do
  target="$d"
  case "$d" in oozie-workflows/*) target="${d#oozie-workflows/}" ;; esac
  aws_call s3 sync --region "$REGION" --delete --exclude '*.java' "$HOME_DIR/$d" "$APP_ROOT/$target"
done
aws_call s3 cp --region "$REGION" "$ENV_DIR/job.properties" "$APP_ROOT/env/job.properties"
aws_call s3 cp --region "$REGION" "$HOME_DIR/scripts/emr-bootstrap.sh" "$APP_ROOT/scripts/emr-bootstrap.sh"
aws_call s3 cp --region "$REGION" "$HOME_DIR/scripts/emr-install-step.sh" "$APP_ROOT/scripts/emr-install-step.sh"
# the java actions' jars: one sharelib per module (Sqoop's Avro 1.8.2 and Hive's 1.11.3 must not meet)
for m in sqoop-jobs pipeline; do
  lib="carelake-${m%-jobs}"
  if [ ! -f "$HOME_DIR/$m/target/classpath.txt" ]; then
    echo "create-cluster: $m is not built; run: mvn -B -DskipTests package -pl sqoop-jobs,pipeline -am" >&2
    [ "$DRY_RUN" = 1 ] || exit 1
  else
    jars=$( (ls "$HOME_DIR/$m"/target/*.jar | grep -v -- '-sources.jar\|-tests.jar'; tr ':' '\n' < "$HOME_DIR/$m/target/classpath.txt") )
    echo "#    sharelib $lib: $(echo "$jars" | wc -l) jars ($m/target/*.jar and target/classpath.txt)"
    mkdir -p "$WORK/sharelib/$lib"
    # shellcheck disable=SC2086
    [ "$DRY_RUN" = 1 ] || cp $jars "$WORK/sharelib/$lib/"
  fi
  aws_call s3 sync --region "$REGION" --delete "$WORK/sharelib/$lib" "$APP_ROOT/sharelib/$lib"
done

echo "# 2. the security configuration"
aws_call emr create-security-configuration --region "$REGION" --name "$SEC_NAME" \
  --security-configuration "file://$SEC_JSON"

echo "# 3. Kerberos passwords from Secrets Manager into a private file (never on a command line)"
KERBEROS_FILE="$WORK/kerberos-attributes.json"
if [ "$DRY_RUN" = 1 ]; then
  printf 'aws secretsmanager get-secret-value --region %q --secret-id %q --query SecretString --output text  # -> %s\n' \
    "$REGION" "$KERBEROS_SECRET_ID" "$KERBEROS_FILE (Realm=$KERBEROS_REALM plus the secret's two passwords, mode 0600)"
else
  umask 077
  aws secretsmanager get-secret-value --region "$REGION" --secret-id "$KERBEROS_SECRET_ID" --query SecretString --output text \
    | python3 -c 'import json,sys; s=json.load(sys.stdin); print(json.dumps({"Realm": sys.argv[1], "KdcAdminPassword": s["KdcAdminPassword"], "CrossRealmTrustPrincipalPassword": s["CrossRealmTrustPrincipalPassword"]}))' \
      "$KERBEROS_REALM" > "$KERBEROS_FILE"
fi

echo "# 4. the cluster"
echo "#    configurations ($WORK/configurations.json):"
sed 's/^/#      /' "$WORK/configurations.json"
aws_call emr create-cluster --region "$REGION" --name "$CLUSTER_NAME" --release-label "$RELEASE_LABEL" \
  --applications Name=Hadoop Name=Hive Name=Sqoop Name=Oozie Name=Tez \
  --security-configuration "$SEC_NAME" \
  --kerberos-attributes "file://$KERBEROS_FILE" \
  --ec2-attributes "SubnetId=$SUBNET_ID,EmrManagedMasterSecurityGroup=$MASTER_SG,EmrManagedSlaveSecurityGroup=$SLAVE_SG,ServiceAccessSecurityGroup=$SERVICE_ACCESS_SG,InstanceProfile=$INSTANCE_PROFILE" \
  --service-role "$SERVICE_ROLE" \
  --log-uri "$LOG_URI" \
  --instance-groups "InstanceGroupType=MASTER,InstanceCount=1,InstanceType=$MASTER_TYPE" \
                    "InstanceGroupType=CORE,InstanceCount=$CORE_COUNT,InstanceType=$CORE_TYPE" \
  --configurations "file://$WORK/configurations.json" \
  --bootstrap-actions "Path=$APP_ROOT/scripts/emr-bootstrap.sh,Name=carelake-bootstrap,Args=[$METASTORE_CREDENTIALS]" \
  --steps "Type=CUSTOM_JAR,Name=carelake-install,ActionOnFailure=CANCEL_AND_WAIT,Jar=command-runner.jar,Args=[bash,-c,aws s3 cp $APP_ROOT/scripts/emr-install-step.sh /tmp/ && bash /tmp/emr-install-step.sh $APP_ROOT]" \
  --tags "project=carelake" "environment=$ENV_NAME" "data-classification=phi"
