#!/bin/sh
# deliver.t — bundles delivered to partners' servers (issue 29), against
# real servers started here on 127.0.0.1 and stopped at the end: an
# HTTPS inbox (tests/tools/http_receiver.py, a self-signed certificate
# given as ca:) that checks the HMAC signature, and OpenSSH's sshd for
# SFTP with a generated host key and client key.  Faults: a server down
# for a run (queued, then `galley deliver`), a server failing twice
# (retried), a wrong secret (401, not retried), a wrong host key (refused,
# nothing uploaded); bytes on the server equal to the outbox copy with its
# .sha256, no temporary name left, nothing delivered twice, no secret in
# any output.
set -u
KEEP=${KEEP:-}
galley=$(pwd)/${GALLEY:-build/galley}
root=$(pwd)
tmp=$(mktemp -d)
pids=""
ftp_user=galleyftp$$
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	id "$ftp_user" >/dev/null 2>&1 && userdel "$ftp_user"
	[ -n "$KEEP" ] || rm -rf "$tmp"
}
trap cleanup EXIT
echo "# scratch: $tmp"
export SOURCE_DATE_EPOCH=1767225600
echo "1..28"
. tests/tools/tap.sh

wait_file() { # FILE: up to 10 s for it to appear with content
	i=0
	while [ ! -s "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	[ -s "$1" ]
}
free_port() {
	/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# a certificate for 127.0.0.1, which the partners' config trusts as ca:
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/tls.key" -out "$tmp/tls.pem" -days 2 \
	-subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1

start_http() { # NAME FAILURES: an inbox at $tmp/NAME/inbox; its port in $tmp/NAME/port
	mkdir -p "$tmp/$1/inbox"
	CMS_SECRET=right-secret-value /usr/bin/python3 "$root/tests/tools/http_receiver.py" \
		--dir "$tmp/$1/inbox" --port-file "$tmp/$1/port" --secret-env CMS_SECRET --fail "$2" \
		--cert "$tmp/tls.pem" --key "$tmp/tls.key" &
	pids="$pids $!"
	wait_file "$tmp/$1/port"
}

setup() { # DIR DELIVER-LINES: the samples, one partner delivering as told
	mkdir -p "$1/in"
	cp "$root"/pipelines/samples/fjord-ferry.txt "$root"/pipelines/samples/library-hours.txt "$1/in/"
	cat >"$1/pipeline.yaml" <<YAML
name: d
stages:
  - use: import/text
    with: {path: "in/*.txt", language: en}
  - name: json
    use: export/json
partners:
  - name: cms
    formats: [json]
    outbox: outbox/cms
    deliver:
$2
state: state/galley.sqlite
YAML
}
https_lines() {
	printf '      url: https://127.0.0.1:${PORT}/inbox/\n      secret_env: CMS_SECRET\n'
	printf '      ca: %s\n      retries: 2\n      timeout: 5s\n' "$tmp/tls.pem"
}
run() { # DIR [ARGS]: galley run, the secret in its environment
	d=$1
	shift
	(cd "$d" && CMS_SECRET=${SECRET:-right-secret-value} "$galley" run pipeline.yaml "$@" >>stdout 2>>stderr)
}
same_bytes() { # OUTBOX-FOLDER INBOX-FOLDER: each bundle and .sha256 there, equal
	for one in "$1"/*; do cmp -s "$one" "$2/$(basename "$one")" || return 1; done
	(cd "$2" && sha256sum -c --quiet ./*.sha256)
}

# 1-3: HTTPS, delivered whole, signed, recorded
start_http h 0
a=$tmp/https
setup "$a" "$(https_lines)"
run "$a" --set PORT="$(cat "$tmp/h/port")"
status=$?
check "HTTPS: the bundle and its .sha256 reach the partner, the same bytes as the outbox copy" \
	'[ $status -eq 0 ] && [ "$(ls "$tmp/h/inbox" | wc -l)" -eq 2 ] &&
	 same_bytes "$a/outbox/cms" "$tmp/h/inbox"'
check "the run says where it delivered; report.json counts it" \
	'grep -q "partner cms: delivered cms-2026-01-01-1.tar.gz to https://127.0.0.1:.*/inbox/cms-2026-01-01-1.tar.gz" "$a/stderr" &&
	 [ "$(jq ".partners[0].delivery.delivered" "$a/out/report.json")" = 1 ] &&
	 [ "$(jq -r ".partners[0].delivery.scheme" "$a/out/report.json")" = https ]'
run "$a" --set PORT="$(cat "$tmp/h/port")"
check "the next night has nothing new: nothing delivered twice" \
	'[ "$(grep -c " 201 " "$tmp/h/requests.log")" -eq 2 ] && grep -q "nothing new to send" "$a/stderr"'

# 4: a wrong secret: 401, not retried, the bundle stays queued, exit 1
start_http w 0
b=$tmp/secret
setup "$b" "$(https_lines)"
SECRET=wrong-secret-value run "$b" --set PORT="$(cat "$tmp/w/port")"
status=$?
check "a wrong signing secret: HTTP 401, not retried, exit 1 naming the partner, the bundle queued" \
	'[ $status -eq 1 ] && [ "$(grep -c "PUT" "$tmp/w/requests.log")" -eq 1 ] &&
	 grep -q "partner cms: cannot deliver cms-2026-01-01-1.tar.gz .*HTTP 401.*stays queued" "$b/stderr" &&
	 (cd "$b" && "$galley" status pipeline.yaml --set PORT=1 2>&1) | grep -q "^failed: cms-2026-01-01-1.tar.gz for cms (1 attempt): .*401"'

# 5: a server failing twice, then taking it
start_http f 2
c=$tmp/retry
setup "$c" "$(https_lines)"
run "$c" --set PORT="$(cat "$tmp/f/port")"
status=$?
check "a server answering 500 twice: retried with growing waits, delivered on the third try" \
	'[ $status -eq 0 ] && [ "$(grep -c " 500 " "$tmp/f/requests.log")" -eq 2 ] &&
	 [ "$(grep -c "trying again in" "$c/stderr")" -eq 2 ] && same_bytes "$c/outbox/cms" "$tmp/f/inbox"'

# 6-7: the server down for a run: queued; galley deliver sends it, once
e=$tmp/down
setup "$e" "$(https_lines)"
down=$(free_port)
run "$e" --set PORT="$down"
status=$?
check "a server that is down: exit 1, the bundle queued, the reason said" \
	'[ $status -eq 1 ] && grep -q "partner cms: cannot deliver .*(3 attempts); it stays queued" "$e/stderr" &&
	 [ "$(jq ".partners[0].delivery.queued" "$e/out/report.json")" = 1 ]'
start_http late 0
(cd "$e" && CMS_SECRET=right-secret-value "$galley" deliver pipeline.yaml --set PORT="$(cat "$tmp/late/port")" \
	>deliver.out 2>deliver.err)
status=$?
run "$e" --set PORT="$(cat "$tmp/late/port")"
check "galley deliver sends what was queued, and the next run sends it no more" \
	'[ $status -eq 0 ] && grep -q "1 bundle delivered, 0 left queued" "$e/deliver.err" &&
	 same_bytes "$e/outbox/cms" "$tmp/late/inbox" && [ "$(grep -c " 201 " "$tmp/late/requests.log")" -eq 2 ]'

# 8: secrets never written anywhere
check "the secrets appear in no log, report, state or status" \
	'! grep -rqa -e right-secret-value -e wrong-secret-value "$a" "$b" "$c" "$e" &&
	 ! (cd "$b" && "$galley" status pipeline.yaml --set PORT=1 2>&1) | grep -q secret-value'

# 9-10: galley check: credentials in a URL, an unset variable
g=$tmp/check
setup "$g" "      url: sftp://galley:hunter2@127.0.0.1/in/\n"
sed -i 's/\\n$//' "$g/pipeline.yaml"
(cd "$g" && "$galley" check pipeline.yaml >check.out 2>&1)
status=$?
check "galley check refuses a URL holding credentials, at its line and column, without echoing it" \
	'[ $status -eq 2 ] && grep -q "pipeline.yaml:12:12: the url holds credentials; .*password_env" "$g/check.out" &&
	 ! grep -q hunter2 "$g/check.out"'
setup "$g" "$(https_lines)"
(cd "$g" && env -u CMS_SECRET "$galley" check pipeline.yaml --set PORT=1 >check.out 2>&1)
status=$?
check "galley check names a secret's environment variable that is not set" \
	'[ $status -eq 2 ] && grep -q "pipeline.yaml:13:19: .secret_env. names the environment variable CMS_SECRET, which is not set" "$g/check.out"'

# 11-14: SFTP through OpenSSH's sshd, with its host key checked
s=$tmp/ssh
mkdir -p "$s/remote/incoming"
ssh-keygen -q -t ed25519 -N '' -f "$s/host_key" && ssh-keygen -q -t ed25519 -N '' -f "$s/client_key"
cp "$s/client_key.pub" "$s/authorized_keys"
sport=$(free_port)
cat >"$s/sshd_config" <<CONF
Port $sport
ListenAddress 127.0.0.1
HostKey $s/host_key
PidFile $s/sshd.pid
AuthorizedKeysFile $s/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
Subsystem sftp internal-sftp
LogLevel ERROR
CONF
[ "$(id -u)" = 0 ] && mkdir -p /run/sshd
/usr/sbin/sshd -D -e -f "$s/sshd_config" 2>"$s/sshd.log" &
pids="$pids $!"
i=0
while ! (echo >/dev/tcp/127.0.0.1/"$sport") 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done 2>/dev/null
printf '[127.0.0.1]:%s %s\n' "$sport" "$(cut -d' ' -f1,2 "$s/host_key.pub")" >"$s/known_hosts"
sftp_lines() { # KNOWN_HOSTS
	printf '      url: sftp://127.0.0.1:%s%s/remote/incoming/\n      user: %s\n' "$sport" "$s" "$(id -un)"
	printf '      key: %s\n      known_hosts: %s\n      timeout: 5s\n' "$s/client_key" "$1"
}
h=$tmp/sftp
setup "$h" "$(sftp_lines "$s/known_hosts")"
run "$h"
status=$?
check "SFTP: the bundle and its .sha256 arrive whole, the same bytes as the outbox copy" \
	'[ $status -eq 0 ] && [ "$(ls "$s/remote/incoming" | wc -l)" -eq 2 ] &&
	 same_bytes "$h/outbox/cms" "$s/remote/incoming"'
check "SFTP: no temporary name is left on the server" \
	'! ls -a "$s/remote/incoming" | grep -q "\.part$"'
ssh-keygen -q -t ed25519 -N '' -f "$s/other_key"
printf '[127.0.0.1]:%s %s\n' "$sport" "$(cut -d' ' -f1,2 "$s/other_key.pub")" >"$s/wrong_known_hosts"
mkdir -p "$s/remote/second"
k=$tmp/hostkey
setup "$k" "$(sftp_lines "$s/wrong_known_hosts" | sed 's|/remote/incoming/|/remote/second/|')"
run "$k"
status=$?
check "SFTP: a host key that does not match known_hosts is refused, not retried, nothing uploaded" \
	'[ $status -eq 1 ] && grep -q "host key does not match the one in .*wrong_known_hosts: refused, nothing sent" "$k/stderr" &&
	 [ -z "$(ls -A "$s/remote/second")" ] && ! grep -q "trying again" "$k/stderr"'
sed -i "s|$s/wrong_known_hosts|$s/known_hosts|" "$k/pipeline.yaml"
(cd "$k" && "$galley" deliver pipeline.yaml >deliver.out 2>deliver.err)
status=$?
check "SFTP: once known_hosts is right, galley deliver sends the queued bundle" \
	'[ $status -eq 0 ] && same_bytes "$k/outbox/cms" "$s/remote/second" &&
	 (cd "$k" && "$galley" status pipeline.yaml 2>&1) | grep -q "^delivered: cms-2026-01-01-1.tar.gz to cms at .* (sftp://127.0.0.1:"'

# 15-16: --metrics, read back by the Prometheus client's own parser
metrics() { # FILE: "name{labels} value" per sample, as prometheus_client parses it
	/usr/bin/python3 - "$1" <<'PY'
import sys
from prometheus_client.parser import text_string_to_metric_families
for family in text_string_to_metric_families(open(sys.argv[1]).read()):
    for s in family.samples:
        labels = ",".join(f"{k}={v}" for k, v in sorted(s.labels.items()))
        print(f"{s.name}{{{labels}}} {s.value:.0f}")
PY
}
m=$tmp/metrics
setup "$m" "$(https_lines)"
run "$m" --set PORT="$(cat "$tmp/h/port")" --metrics "$m/galley.prom"
metrics "$m/galley.prom" >"$m/samples" 2>&1
sed 's/^/# /' "$m/samples"
check "--metrics: the run's figures in Prometheus text, as its parser reads them" \
	'grep -qx "galley_articles_read{pipeline=d} 2" "$m/samples" &&
	 grep -qx "galley_run_success{pipeline=d} 1" "$m/samples" &&
	 grep -qx "galley_bundles_delivered{partner=cms,pipeline=d} 1" "$m/samples" &&
	 grep -q "^galley_bytes_delivered{partner=cms,pipeline=d} [1-9]" "$m/samples" &&
	 grep -q "^galley_last_success_timestamp_seconds{pipeline=d} 1[0-9.e+]*$" "$m/samples"'
last=$(grep "^galley_last_success" "$m/samples")
touch "$m/in/new.txt" && printf 'Late news\n\nA line of text that makes an article.\n' >"$m/in/new.txt"
run "$m" --set PORT="$down" --metrics "$m/galley.prom"
metrics "$m/galley.prom" >"$m/samples2" 2>&1
check "--metrics after a failed delivery: the bundle counted failed and queued" \
	'grep -qx "galley_bundles_failed{partner=cms,pipeline=d} 1" "$m/samples2" &&
	 grep -qx "galley_bundles_queued{partner=cms,pipeline=d} 1" "$m/samples2"'
last=$(grep "^galley_last_success" "$m/samples2")
sed -i 's|^    outbox: outbox/cms|    outbox: outbox/cms\n    when: broken.lua|' "$m/pipeline.yaml"
echo 'function wants(article, partner) error("broken on purpose") end' >"$m/broken.lua"
sleep 1
run "$m" --set PORT="$down" --metrics "$m/galley.prom"
status=$?
metrics "$m/galley.prom" >"$m/samples3" 2>&1
check "--metrics after a run that stopped: success 0, the last success's time kept" \
	'[ $status -eq 3 ] && grep -qx "galley_run_success{pipeline=d} 0" "$m/samples3" &&
	 grep -qx "$last" "$m/samples3"'

# 18-19: killed in the middle of an SFTP upload: nothing under the final
# name until a complete upload; the next run completes it, once
mkdir -p "$s/remote/third"
x=$tmp/killed
setup "$x" "$(sftp_lines "$s/known_hosts" | sed 's|/remote/incoming/|/remote/third/|')"
for i in 1 2 3 4 5 6 7 8; do cp "$root/pipelines/samples/russia-nagorno-karabakh.txt" "$x/in/seed-$i.txt"; done
{ (cd "$x" && GALLEY_FAULT=mid-upload "$galley" run pipeline.yaml >/dev/null 2>&1); status=$?; } 2>/dev/null
check "killed mid-upload: only NAME.part on the server, shorter than the bundle, nothing under its name" \
	'[ $status -eq 137 ] && [ ! -e "$s/remote/third/cms-2026-01-01-1.tar.gz" ] &&
	 [ -f "$s/remote/third/cms-2026-01-01-1.tar.gz.part" ] &&
	 [ "$(stat -c %s "$s/remote/third/cms-2026-01-01-1.tar.gz.part")" -lt "$(stat -c %s "$x/outbox/cms/cms-2026-01-01-1.tar.gz")" ]'
run "$x"
status=$?
check "the next run completes it: the same bytes, no .part, delivered once and recorded" \
	'[ $status -eq 0 ] && same_bytes "$x/outbox/cms" "$s/remote/third" &&
	 [ "$(ls -A "$s/remote/third" | wc -l)" -eq 2 ] &&
	 [ "$(grep -c "partner cms: delivered" "$x/stderr")" -eq 1 ] &&
	 (cd "$x" && "$galley" status pipeline.yaml 2>&1) | grep -q "^delivered: cms-2026-01-01-1.tar.gz to cms"'

# 20: --again sends a delivered bundle once more, on purpose
rm "$s/remote/third/cms-2026-01-01-1.tar.gz"
(cd "$x" && "$galley" deliver pipeline.yaml --again cms-2026-01-01-1.tar.gz >again.out 2>again.err)
status=$?
(cd "$x" && "$galley" deliver pipeline.yaml --again no-such-bundle.tar.gz >/dev/null 2>again2.err)
status2=$?
check "galley deliver --again re-sends a delivered bundle; an unknown one is refused" \
	'[ $status -eq 0 ] && same_bytes "$x/outbox/cms" "$s/remote/third" &&
	 [ $status2 -eq 2 ] && grep -q "no bundle named .no-such-bundle.tar.gz. was queued" "$x/again2.err"'

# 21-23: FTPS (explicit TLS) through vsftpd, as a local user with a
# password given through the environment (a user made for the test, and
# removed at its end: vsftpd logs users in through PAM)
f=$tmp/ftps
mkdir -p "$f/root/in"
chmod 711 "$tmp" # the FTP user, logged in, must reach its folder
useradd -M -d "$f/root" -s /bin/sh "$ftp_user" && echo "$ftp_user:ftp-pass-value" | chpasswd
chown -R "$ftp_user" "$f/root"
fport=$(free_port)
pasv=$(free_port)
cat >"$f/vsftpd.conf" <<CONF
listen=YES
listen_address=127.0.0.1
listen_port=$fport
background=NO
anonymous_enable=NO
local_enable=YES
write_enable=YES
local_umask=022
pam_service_name=vsftpd
local_root=$f/root
ssl_enable=YES
rsa_cert_file=$tmp/tls.pem
rsa_private_key_file=$tmp/tls.key
force_local_logins_ssl=YES
force_local_data_ssl=YES
require_ssl_reuse=NO
ssl_ciphers=HIGH
pasv_enable=YES
pasv_min_port=$pasv
pasv_max_port=$((pasv + 40))
pasv_address=127.0.0.1
seccomp_sandbox=NO
xferlog_enable=YES
vsftpd_log_file=$f/vsftpd.log
CONF
/usr/sbin/vsftpd "$f/vsftpd.conf" >"$f/vsftpd.out" 2>&1 &
pids="$pids $!"
i=0
while ! (echo >/dev/tcp/127.0.0.1/"$fport") 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done 2>/dev/null
ftps_lines() {
	printf '      url: ftps://127.0.0.1:%s/in/\n      user: %s\n      password_env: FTP_PASS\n' "$fport" "$ftp_user"
	printf '      ca: %s\n      timeout: 5s\n' "$tmp/tls.pem"
}
y=$tmp/ftps-run
setup "$y" "$(ftps_lines)"
(cd "$y" && FTP_PASS=ftp-pass-value "$galley" run pipeline.yaml >stdout 2>stderr)
status=$?
check "FTPS: the bundle and its .sha256 arrive whole over explicit TLS, no .part left" \
	'[ $status -eq 0 ] && [ "$(ls -A "$f/root/in" | wc -l)" -eq 2 ] && same_bytes "$y/outbox/cms" "$f/root/in" &&
	 grep -q "partner cms: delivered cms-2026-01-01-1.tar.gz to ftps://127.0.0.1:$fport/in/" "$y/stderr"'
check "FTPS: the upload went under a temporary name, renamed when complete" \
	'grep -q "OK RENAME: .*in/cms-2026-01-01-1.tar.gz.part .*in/cms-2026-01-01-1.tar.gz\"" "$f/vsftpd.log"'
z=$tmp/ftps-wrong
setup "$z" "$(ftps_lines | sed 's|/in/|/in2/|')"
(cd "$z" && FTP_PASS=not-the-password "$galley" run pipeline.yaml >stdout 2>stderr)
status=$?
check "FTPS: a wrong password is refused once, not retried; the bundle stays queued; no password in any output" \
	'[ $status -eq 1 ] && grep -q "partner cms: cannot deliver .*refused the login.*(1 attempt)" "$z/stderr" &&
	 ! grep -rqa -e not-the-password -e ftp-pass-value "$y" "$z"'

# 24-25: S3 through s3rver (npm, installed by make deps) over TLS, signed
# with SigV4; s3rver checks the access key id (its own is S3RVER), not
# the secret, so the wrong-key case is a wrong key id
b3=$tmp/s3
mkdir -p "$b3/data"
s3port=$(free_port)
"$root/build/npm/node_modules/.bin/s3rver" -d "$b3/data" -a 127.0.0.1 -p "$s3port" \
	--key "$tmp/tls.key" --cert "$tmp/tls.pem" --configure-bucket newsroom >"$b3/s3rver.log" 2>&1 &
pids="$pids $!"
i=0
while ! grep -q "listening" "$b3/s3rver.log" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
s3_lines() {
	printf '      url: s3://newsroom/nightly/\n      endpoint: https://127.0.0.1:%s\n' "$s3port"
	printf '      region: eu-north-1\n      access_key_env: S3_KEY_ID\n      secret_key_env: S3_SECRET\n'
	printf '      ca: %s\n      timeout: 5s\n' "$tmp/tls.pem"
}
u=$tmp/s3-run
setup "$u" "$(s3_lines)"
(cd "$u" && S3_KEY_ID=S3RVER S3_SECRET=s3-secret-value "$galley" run pipeline.yaml >stdout 2>stderr)
status=$?
obj=$b3/data/newsroom/nightly/cms-2026-01-01-1.tar.gz
check "S3: the bundle and its .sha256 are stored as objects, the same bytes as the outbox copy" \
	'[ $status -eq 0 ] && cmp -s "$obj._S3rver_object" "$u/outbox/cms/cms-2026-01-01-1.tar.gz" &&
	 cmp -s "$obj.sha256._S3rver_object" "$u/outbox/cms/cms-2026-01-01-1.tar.gz.sha256" &&
	 grep -q "partner cms: delivered cms-2026-01-01-1.tar.gz to s3://newsroom/nightly/cms-2026-01-01-1.tar.gz" "$u/stderr"'
v=$tmp/s3-wrong
setup "$v" "$(s3_lines | sed 's|/nightly/|/other/|')"
(cd "$v" && S3_KEY_ID=NOT-A-KEY S3_SECRET=s3-secret-value "$galley" run pipeline.yaml >stdout 2>stderr)
status=$?
check "S3: an access key the server does not know: HTTP 403, not retried, queued; no secret in any output" \
	'[ $status -eq 1 ] && grep -q "HTTP 403): check the access keys and the region (1 attempt)" "$v/stderr" &&
	 [ ! -e "$b3/data/newsroom/other" ] && ! grep -rqa s3-secret-value "$u" "$v"'

# 26: report.html tells a person what deliver: did
check "report.html shows the failed delivery with its reason and what is left queued" \
	'grep -q "0 delivered to <code>s3://newsroom/other/</code><br><strong>1 left queued</strong>" "$v/out/report.html" &&
	 grep -q "class=\"failed\">cms-2026-01-01-1.tar.gz: the server refused the upload (HTTP 403)" "$v/out/report.html" &&
	 /usr/bin/python3 -c "import html5lib, sys; html5lib.HTMLParser(strict=True).parse(open(sys.argv[1], \"rb\").read())" "$v/out/report.html"'

# 27: one partner's server down does not hold up another's
t2=$tmp/two
setup "$t2" "$(https_lines | sed "s|\${PORT}|$down|")"
sed -i '/^state:/d' "$t2/pipeline.yaml"
cat >>"$t2/pipeline.yaml" <<YAML
  - name: wire
    formats: [json]
    outbox: outbox/wire
    deliver:
$(https_lines | sed "s|\${PORT}|$(cat "$tmp/late/port")|")
state: state/galley.sqlite
YAML
run "$t2"
status=$?
check "one partner's server down: the other partner is delivered all the same; exit 1 naming the one" \
	'[ $status -eq 1 ] && grep -q "partner cms: cannot deliver" "$t2/stderr" &&
	 grep -q "partner wire: delivered wire-2026-01-01-1.tar.gz" "$t2/stderr" &&
	 cmp -s "$t2/outbox/wire/wire-2026-01-01-1.tar.gz" "$tmp/late/inbox/wire-2026-01-01-1.tar.gz"'

# 28: a dry run says what it would deliver, with no secret and nothing sent
(cd "$t2" && CMS_SECRET=right-secret-value "$galley" run pipeline.yaml --dry-run >dry.out 2>dry.err)
status=$?
check "--dry-run says which queued bundles would be delivered where, sends nothing, shows no secret" \
	'[ $status -eq 0 ] && grep -q "partner cms: 1 bundle would be delivered to https://127.0.0.1:$down/inbox/" "$t2/dry.err" &&
	 ! grep -q right-secret-value "$t2/dry.out" "$t2/dry.err" &&
	 [ "$(grep -c "wire-2026-01-01-1.tar.gz 201" "$tmp/late/requests.log")" -le 1 ]'
