#!/bin/sh
# The first user comes from the environment (never guest/guest over the network); then the broker in the foreground.
set -eu
if [ -n "${RABBITMQ_DEFAULT_PASS_FILE:-}" ]; then RABBITMQ_DEFAULT_PASS=$(cat "$RABBITMQ_DEFAULT_PASS_FILE"); fi
[ -n "${RABBITMQ_DEFAULT_PASS:-}" ] || { echo "rabbitmq: set RABBITMQ_DEFAULT_PASS or RABBITMQ_DEFAULT_PASS_FILE" >&2; exit 1; }
cat >/etc/rabbitmq/rabbitmq.conf <<CONF
listeners.tcp.default = 5672
management.tcp.port = 15672
default_user = ${RABBITMQ_DEFAULT_USER:-alliance}
default_pass = $RABBITMQ_DEFAULT_PASS
loopback_users = none
log.console = true
log.console.level = info
log.file = false
CONF
chmod 600 /etc/rabbitmq/rabbitmq.conf
echo '[rabbitmq_management].' >/etc/rabbitmq/enabled_plugins
# The server itself, not Debian's /usr/sbin wrapper: its log goes to standard output (Testcontainers waits for
# "Server startup complete" there).
exec /usr/lib/rabbitmq/bin/rabbitmq-server "$@"
