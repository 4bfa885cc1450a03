#!/usr/bin/env bash
# Creates one of the two EMR clusters of a CareLake environment (docs/DESIGN.md, "Two clusters on EMR"):
#   etl    Hadoop, Hive, Sqoop, Oozie, Tez. Kerberos, encryption, EMRFS role mappings, no Ranger (EMR refuses a
#          Ranger-enabled cluster with Sqoop or Oozie). Runs the Oozie coordinators as etl; only the operators'
#          network (ETL_ACCESS_SG) reaches it, analysts never.
#   query  Hadoop, Hive, Tez (and Hue with QUERY_HUE=true): the same security configuration plus EMR's Ranger
#          plugin for Hive. Analysts and stewards connect to its HiveServer2 (QUERY_ACCESS_SG).
# Both use the same external metastore and S3 zones. For the cluster: the security configuration rendered for
# the environment and role from emr-security-configuration.json, (etl) the bundle on S3, and the cluster itself
# (private subnet, EMR-managed security groups, logs on S3, bootstrap action, etl: the install step).
#   scripts/create-cluster.sh --env ENV --cluster etl|query [--dry-run | --print-security-configuration]
# --dry-run prints the exact AWS CLI calls and runs none; --print-security-configuration prints the rendered
# security configuration only.
set -euo pipefail

usage() {
  echo "Usage: scripts/create-cluster.sh --env ENV --cluster etl|query [--dry-run | --print-security-configuration]   (ENV: a folder of oozie-workflows/env/)" >&2
  exit 64
}

HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ENV_NAME="" ROLE="" DRY_RUN=0 PRINT_SECURITY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --env) [ $# -ge 2 ] || usage; ENV_NAME="$2"; shift 2 ;;
    --cluster) [ $# -ge 2 ] || usage; ROLE="$2"; shift 2 ;;
    --dry-run) DRY_RUN=1; shift ;;
    --print-security-configuration) PRINT_SECURITY=1; shift ;;
    -h|--help) usage ;;
    *) echo "create-cluster: unknown argument '$1'" >&2; usage ;;
  esac
done
[ -n "$ENV_NAME" ] && [ -n "$ROLE" ] || usage
case "$ROLE" in
  etl|query) ;;
  *) echo "create-cluster: --cluster '$ROLE' is not a cluster role; use etl (Oozie, Sqoop) or query (Ranger, analysts)" >&2; exit 64 ;;
esac
ENV_DIR="$HOME_DIR/oozie-workflows/env/$ENV_NAME"
if [ ! -f "$ENV_DIR/cluster.env" ] || [ ! -f "$ENV_DIR/job.properties" ]; then
  echo "create-cluster: no environment '$ENV_NAME' ($ENV_DIR/cluster.env and job.properties); known: $(ls "$HOME_DIR/oozie-workflows/env" | tr '\n' ' ')" >&2
  exit 64
fi
# shellcheck source=/dev/null
source "$ENV_DIR/cluster.env"
PREFIX="$(echo "$ROLE" | tr '[:lower:]' '[:upper:]')"
required=(ACCOUNT_ID REGION RELEASE_LABEL CLUSTER_NAME SUBNET_ID MASTER_SG SLAVE_SG SERVICE_ACCESS_SG INSTANCE_PROFILE
          SERVICE_ROLE MASTER_TYPE CORE_TYPE LOG_URI CONFIG_BUCKET APP_ROOT METASTORE_JDBC_URL METASTORE_USER
          METASTORE_CREDENTIALS "${PREFIX}_KERBEROS_REALM" "${PREFIX}_KERBEROS_SECRET_ID" "${PREFIX}_CORE_COUNT"
          "${PREFIX}_ACCESS_SG")
[ "$ROLE" = etl ] && required+=(ETL_PRINCIPAL ETL_KEYTAB HDFS_PRINCIPAL HDFS_KEYTAB)
for v in "${required[@]}"; do
  [ -n "${!v:-}" ] || { echo "create-cluster: $ENV_DIR/cluster.env does not set $v" >&2; exit 64; }
done
[[ "$ACCOUNT_ID" =~ ^[0-9]{12}$ ]] || { echo "create-cluster: ACCOUNT_ID=$ACCOUNT_ID in $ENV_DIR/cluster.env is not a 12-digit AWS account id" >&2; exit 64; }
case "$LOG_URI" in s3://*) ;; *) echo "create-cluster: LOG_URI=$LOG_URI must be an s3:// URI (CLI-created clusters archive no logs otherwise)" >&2; exit 64 ;; esac
role_var() { local v="${PREFIX}_$1"; printf '%s' "${!v}"; }
REALM="$(role_var KERBEROS_REALM)"
NAME="$CLUSTER_NAME-$ROLE"

WORK="$(mktemp -d)"
chmod 700 "$WORK"
trap 'rm -rf "$WORK"' EXIT

# emr-security-configuration.json is a template: ${ENV}, ${ACCOUNT_ID} and ${REGION} come from the environment;
# the etl cluster's configuration is the same without RangerConfiguration.
SEC_JSON="$WORK/security-configuration-$ROLE.json"
ENV_NAME="$ENV_NAME" ACCOUNT_ID="$ACCOUNT_ID" REGION="$REGION" python3 - "$HOME_DIR/emr-security-configuration.json" "$ROLE" \
    "$ENV_DIR/cluster.env" > "$SEC_JSON" <<'PY'
import json, os, re, string, sys
template, role, env_file = sys.argv[1:4]
values = {"ENV": os.environ["ENV_NAME"], "ACCOUNT_ID": os.environ["ACCOUNT_ID"], "REGION": os.environ["REGION"]}
text = open(template).read()
unknown = sorted(set(re.findall(r"\$\{([^}]*)\}", text)) - values.keys())
if unknown:
    print(f"create-cluster: {template} uses ${{{unknown[0]}}}, which nothing provides; use one of "
          f"{', '.join('${' + k + '}' for k in values)} or add the setting to {env_file} and to this script",
          file=sys.stderr)
    sys.exit(64)
config = json.loads(string.Template(text).substitute(values))
if role == "etl":
    config["AuthorizationConfiguration"].pop("RangerConfiguration", None)
json.dump(config, sys.stdout, indent=2)
print()
PY
if [ "$PRINT_SECURITY" = 1 ]; then
  cat "$SEC_JSON"
  exit 0
fi
# content-addressed name: a changed configuration is a new security configuration, never an edit of one in use
SEC_NAME="$NAME-$(sha256sum "$SEC_JSON" | cut -c1-12)"

# Printed as one shell-quoted line, then run unless --dry-run.
aws_call() {
  printf 'aws'; printf ' %q' "$@"; printf '\n'
  if [ "$DRY_RUN" = 0 ]; then aws "$@"; fi
}

if [ "$ROLE" = etl ]; then
  APPLICATIONS=(Name=Hadoop Name=Hive Name=Sqoop Name=Oozie Name=Tez)
else
  APPLICATIONS=(Name=Hadoop Name=Hive Name=Tez)
  [ "${QUERY_HUE:-false}" = true ] && APPLICATIONS+=(Name=Hue)
fi

# Hive's external metastore (shared by both clusters); its password is read from the credential store by Hive.
# HiveServer2 authorization: Ranger on the query cluster (configured by EMR); the etl cluster's serves etl only.
OOZIE_SITE=""
if [ "$ROLE" = etl ]; then
  OOZIE_SITE=',
  {"Classification": "oozie-site", "Properties": {
    "oozie.service.ActionService.executor.ext.classes": "org.apache.oozie.action.email.EmailActionExecutor,org.apache.oozie.action.hadoop.Hive2ActionExecutor,org.apache.oozie.action.hadoop.SqoopActionExecutor",
    "oozie.service.SchemaService.wf.ext.schemas": "email-action-0.2.xsd,hive2-action-1.0.xsd,sqoop-action-1.0.xsd,oozie-sla-0.2.xsd",
    "oozie.credentials.credentialclasses": "hive2=org.apache.oozie.action.hadoop.Hive2Credentials"}}'
fi
cat > "$WORK/configurations.json" <<JSON
[
  {"Classification": "hive-site", "Properties": {
    "javax.jdo.option.ConnectionURL": "$METASTORE_JDBC_URL",
    "javax.jdo.option.ConnectionDriverName": "org.postgresql.Driver",
    "javax.jdo.option.ConnectionUserName": "$METASTORE_USER",
    "hadoop.security.credential.provider.path": "jceks://file/etc/carelake/metastore.jceks",
    "hive.server2.enable.doAs": "false"}},
  {"Classification": "core-site", "Properties": {
    "fs.permissions.umask-mode": "077"}}$OOZIE_SITE
]
JSON

if [ "$ROLE" = etl ]; then
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
fi
aws_call s3 cp --region "$REGION" "$HOME_DIR/scripts/emr-bootstrap.sh" "$APP_ROOT/scripts/emr-bootstrap.sh"

echo "# 2. the security configuration ($ROLE: $([ "$ROLE" = query ] && echo "with" || echo "without") RangerConfiguration)"
sed 's/^/#      /' "$SEC_JSON"
aws_call emr create-security-configuration --region "$REGION" --name "$SEC_NAME" \
  --security-configuration "file://$SEC_JSON"

echo "# 3. Kerberos passwords from Secrets Manager into a private file (never on a command line)"
SECRET_ID="$(role_var KERBEROS_SECRET_ID)"
KERBEROS_FILE="$WORK/kerberos-attributes.json"
if [ "$DRY_RUN" = 1 ]; then
  printf 'aws secretsmanager get-secret-value --region %q --secret-id %q --query SecretString --output text  # -> %s\n' \
    "$REGION" "$SECRET_ID" "$KERBEROS_FILE (Realm=$REALM plus the secret's two passwords, mode 0600)"
else
  umask 077
  aws secretsmanager get-secret-value --region "$REGION" --secret-id "$SECRET_ID" --query SecretString --output text \
    | python3 -c 'import json,sys; s=json.load(sys.stdin); print(json.dumps({"Realm": sys.argv[1], "KdcAdminPassword": s["KdcAdminPassword"], "CrossRealmTrustPrincipalPassword": s["CrossRealmTrustPrincipalPassword"]}))' \
      "$REALM" > "$KERBEROS_FILE"
fi

echo "# 4. the cluster $NAME"
echo "#    configurations ($WORK/configurations.json):"
sed 's/^/#      /' "$WORK/configurations.json"
BOOTSTRAP_ARGS="--metastore-credentials,$METASTORE_CREDENTIALS"
STEPS=()
if [ "$ROLE" = etl ]; then
  BOOTSTRAP_ARGS="$BOOTSTRAP_ARGS,--etl-user,${ETL_PRINCIPAL%%/*}"
  STEPS=(--steps "Type=CUSTOM_JAR,Name=carelake-install,ActionOnFailure=CANCEL_AND_WAIT,Jar=command-runner.jar,Args=[bash,-c,aws s3 cp $APP_ROOT/scripts/emr-install-step.sh /tmp/ && bash /tmp/emr-install-step.sh $APP_ROOT $REALM $ETL_PRINCIPAL $ETL_KEYTAB $HDFS_PRINCIPAL $HDFS_KEYTAB]")
fi
aws_call emr create-cluster --region "$REGION" --name "$NAME" --release-label "$RELEASE_LABEL" \
  --applications "${APPLICATIONS[@]}" \
  --security-configuration "$SEC_NAME" \
  --kerberos-attributes "file://$KERBEROS_FILE" \
  --ec2-attributes "SubnetId=$SUBNET_ID,EmrManagedMasterSecurityGroup=$MASTER_SG,EmrManagedSlaveSecurityGroup=$SLAVE_SG,ServiceAccessSecurityGroup=$SERVICE_ACCESS_SG,AdditionalMasterSecurityGroups=[$(role_var ACCESS_SG)],InstanceProfile=$INSTANCE_PROFILE" \
  --service-role "$SERVICE_ROLE" \
  --log-uri "$LOG_URI" \
  --instance-groups "InstanceGroupType=MASTER,InstanceCount=1,InstanceType=$MASTER_TYPE" \
                    "InstanceGroupType=CORE,InstanceCount=$(role_var CORE_COUNT),InstanceType=$CORE_TYPE" \
  --configurations "file://$WORK/configurations.json" \
  --bootstrap-actions "Path=$APP_ROOT/scripts/emr-bootstrap.sh,Name=carelake-bootstrap,Args=[$BOOTSTRAP_ARGS]" \
  ${STEPS[@]+"${STEPS[@]}"} \
  --tags "project=carelake" "environment=$ENV_NAME" "cluster-role=$ROLE" "data-classification=phi"
