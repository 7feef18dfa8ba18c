#!/bin/sh
# Names other users choose never reach a terminal, a spreadsheet or a
# scraper as code. Senders in a namespace name themselves (their comm)
# with ESC and BEL (clear the screen, retitle the window), CR, LF, DEL, a
# C1 control (CSI as U+009B), bytes that are not UTF-8, a 15-byte Cyrillic
# name the kernel cut in the middle of a character, and honest CJK; one
# runs as an executable whose file name holds HTML and a leading '='.
# Interfaces are named with ESC and BEL, in CJK and with bytes that are not
# UTF-8. For conns, apps (by app and by process; tables and JSON), watch,
# ifaces (table and JSON), top --batch, top in tmux (UTF-8 and C
# locales), and history (table and CSV) after netledgerd recorded them:
# no raw control byte, valid UTF-8, one row per process, the escaped form
# shown; the CSV field of the '=' app starts with '; /metrics keeps one
# sample a line; netledgerd's own messages are escaped too. Bounded.
. "$NLG_LIB"
. "$NLG_DAEMON_LIB"
require_root
need nsenter tmux curl iconv python3
A=nlg-hn$$a
B=nlg-hn$$b
ns_pair "$A" ha 10.207.0.1/24 "$B" hb 10.207.0.2/24
in_a() { nsenter --net="/run/netns/$A" "$@"; }

# ---- what every output must be ----

# clean FILE WHAT: valid UTF-8, no C0 control but the line feed, no DEL,
# no C1 control, no bidirectional override.
clean() {
	iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1 || fail "$2: not valid UTF-8: $(od -c "$1" | head -20)"
	if LC_ALL=C grep -Pn '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]' \
		"$1" > "$NLG_TMP/raw.txt"; then
		fail "$2: a raw control byte: $(od -c "$NLG_TMP/raw.txt" | head -10)"
	fi
}

# json_ok FILE WHAT: valid UTF-8, each line one JSON document (controls
# are JSON escapes; a C1 character or a bidirectional one may stay raw in
# a JSON string, where it is text, not a command)
json_ok() {
	iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1 || fail "$2: not valid UTF-8: $(od -c "$1" | head -20)"
	python3 -c 'import json, sys
for line in open(sys.argv[1], "rb"):
    json.loads(line.decode("utf-8"))' "$1" 2> "$NLG_TMP/json.err" ||
		fail "$2: not JSON: $(tail -1 "$NLG_TMP/json.err")"
}

# ---- the senders ----

# name HEX ESCAPED: a sender's name as bytes, and as the renderer shows it
# (the kernel keeps the first 15 bytes)
NAMES="
1b5b324a1b5d303b50574e0778|\\x1b[2J\\x1b]0;PWN\\x07x
63720d46414b45|cr\\x0dFAKE
6c660a66616b6520726f77|lf\\x0afake row
64656c7f78|del\\x7fx
6331c29b324a|c1\\xc2\\x9b2J
626164fffe757466|bad\\xff\\xfeutf
d09fd180d0b8d0b2d0b5d182d0bcd0b8d180|Приветм\\xd0
e4b8ade69687e5908de5ad97|中文名字
"
# sink PORT: a sink of its own for each sender (a sink reads one
# connection at a time)
sink() {
	sink_start "$B" 10.207.0.2 "$1" "$NLG_TMP/sink$1.txt" --timeout 150
}

# sender VAR PROG ARGS...: PROG sends slowly from A as an orphan; VAR gets
# its pid. Each sender runs from a copy of its own, so that each is an app
# of its own (apps are keyed by their executable), shown by its name.
sender() {
	var=$1
	shift
	(sh -c 'echo $$ > "$0.new"; mv "$0.new" "$0"; ns=$1; shift
		exec nsenter --net="/run/netns/$ns" "$@"' \
		"$NLG_TMP/$var.pid" "$A" "$@" > /dev/null 2>&1 &)
	wait_lines "$NLG_TMP/$var.pid" 1 10 2>/dev/null || fail "sender $var did not start"
	eval "$var=$(cat "$NLG_TMP/$var.pid")"
	NLG_PIDS="$NLG_PIDS $(cat "$NLG_TMP/$var.pid")"
}
SEND="100000000 --rate 262144 --timeout 120"   # a 64 KiB write every 0.25 s
# (names hold blanks: one a line)
names() { printf '%s\n' "$NAMES" | grep .; }
i=0
while IFS= read -r entry; do
	i=$((i + 1))
	sink $((7300 + i))
	cp "$NLG_TRAFFIC" "$NLG_TMP/prog$i"
	sender "S$i" "$NLG_TMP/prog$i" send 10.207.0.2 $((7300 + i)) $SEND --name "${entry%%|*}"
done <<EOF
$(names)
EOF
NSEND=$i
EXE="$NLG_TMP/=<img src=x onerror=alert(1)>"
cp "$NLG_TRAFFIC" "$EXE"
sink 7320
sender HTML "$EXE" send 10.207.0.2 7320 $SEND
# the kernel names it after the first 15 bytes of its file name; its app
# after the whole file name
HTML_COMM='=<img src=x one'
HTML_APP='=<img src=x onerror=alert(1)>'
# each of them as it must be shown: "PID ESCAPED", one a line
i=0
: > "$NLG_TMP/expect"
names | while IFS= read -r entry; do
	i=$((i + 1))
	eval "pid=\$S$i"
	printf '%s %s\n' "$pid" "${entry#*|}" >> "$NLG_TMP/expect"
done
printf '%s %s\n' "$HTML" "$HTML_COMM" >> "$NLG_TMP/expect"
n=0
while [ "$(ip netns exec "$B" ss -Htn state established | wc -l)" -lt $((NSEND + 1)) ]; do
	n=$((n + 1))
	[ "$n" -gt 100 ] && fail "the senders did not connect: $(ip netns exec "$B" ss -tn)"
	sleep 0.1
done
# the kernel holds the names as planned (a C1 control, a cut character)
[ "$(od -An -tx1 "/proc/$S5/comm" | tr -d ' \n')" = 6331c29b324a0a ] || fail "C1 name not set"
[ "$(head -c 15 "/proc/$S7/comm" | od -An -tx1 | tr -d ' \n')" = d09fd180d0b8d0b2d0b5d182d0bcd0 ] ||
	fail "the Cyrillic name is not cut mid-character: $(od -An -tx1 "/proc/$S7/comm")"

# each_named FILE WHAT FORM [EXPECT]: every sender on exactly one line, with
# its escaped name in FORM ("%p" pid, "%n" name), found as a fixed string
each_named() {
	while IFS= read -r line; do
		pid=${line%% *}
		name=${line#* }
		form=$(printf '%s' "$3" | sed "s/%p/$pid/")
		form=$(printf '%s' "$form" | N=$name awk '{ i = index($0, "%n"); print substr($0, 1, i - 1) ENVIRON["N"] substr($0, i + 2) }')
		c=$(grep -cF -- "$form" "$1")
		[ "$c" = 1 ] || fail "$2: '$form' on $c lines, not 1: $(cat "$1")"
	done < "${4:-$NLG_TMP/expect}"
}

# ---- conns, apps, watch ----

out=$NLG_TMP/conns.txt
in_a "$NETLEDGER" conns --netns current --ebpf off > "$out" 2> "$NLG_TMP/conns.err" || fail "conns: $(cat "$NLG_TMP/conns.err")"
clean "$out" conns
clean "$NLG_TMP/conns.err" "conns (stderr)"
awk 'NR > 2 && !/^(tcp|udp)6? / { exit 1 }' "$out" || fail "conns: a line that is not a row: $(cat "$out")"
each_named "$out" conns '  %p %n'
ok "conns: no raw control byte, one row per sender, each name escaped"

out=$NLG_TMP/procs.txt
in_a "$NETLEDGER" apps --netns current --group-by process --ebpf off > "$out" 2>&1 || fail "apps -g process: $(cat "$out")"
clean "$out" "apps --group-by process"
each_named "$out" "apps --group-by process" '%n[%p]'
ok "apps --group-by process: no raw control byte, one row per process, each name escaped"

out=$NLG_TMP/apps.txt
in_a "$NETLEDGER" apps --netns current --ebpf off > "$out" 2>&1 || fail "apps: $(cat "$out")"
clean "$out" apps
grep -qF -- '=<img src=x on' "$out" || fail "apps: the HTML-named program is not shown as it is: $(cat "$out")"
grep -qF -- '\x1b[2J\x1b]0;PWN\x07x' "$out" || fail "apps: the ESC name is not escaped: $(cat "$out")"
ok "apps: no raw control byte, the names escaped"

# JSON: the name that is not UTF-8 as the text \xHH (netledger(1))
out=$NLG_TMP/conns.json
in_a "$NETLEDGER" conns --netns current --ebpf off --json > "$out" 2>&1 || fail "conns --json: $(cat "$out")"
json_ok "$out" "conns --json"
grep -qF -- '"name":"bad\\xff\\xfeutf"' "$out" || fail "conns --json: the name that is not UTF-8: $(cat "$out")"
out=$NLG_TMP/procs.json
in_a "$NETLEDGER" apps --netns current --group-by process --ebpf off --json > "$out" 2>&1 ||
	fail "apps -g process --json: $(cat "$out")"
json_ok "$out" "apps --group-by process --json"
ok "conns and apps --json: valid UTF-8 JSON, bytes that are not UTF-8 as \\xHH"

# watch: connections that open while it runs, one line each event
out=$NLG_TMP/watch.txt
in_a timeout 20 "$NETLEDGER" watch --netns current -q -i 0.3 -n 12 --ebpf off > "$out" 2> "$NLG_TMP/watch.err" &
WPID=$!
sleep 1
i=0
names | while IFS= read -r entry; do
	i=$((i + 1))
	ip netns exec "$A" "$NLG_TMP/prog$i" send 10.207.0.2 7320 1000 --timeout 10 --linger 2 \
		--name "${entry%%|*}" > /dev/null 2>&1 &
done
wait "$WPID" || fail "watch exit status: $(cat "$out" "$NLG_TMP/watch.err")"
clean "$out" watch
clean "$NLG_TMP/watch.err" "watch (stderr)"
! grep -Evq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z (added|removed|lost) ' "$out" ||
	fail "watch: a line that is not an event: $(cat "$out")"
# (the senders that were already there are not events)
names | while IFS= read -r entry; do
	[ "$(grep -F -- " added " "$out" | grep -cF -- " ${entry#*|}")" = 1 ] ||
		fail "watch: not one 'added' line for the connection named '${entry#*|}': $(cat "$out")"
done || exit 1
ok "watch: no raw control byte, one line per event, the names escaped"

# ---- ifaces ----

ip -n "$A" link add "$(printf 'e\033[7m\007')" type "$(dummy_kind)" || fail "ESC interface"
ip -n "$A" link add '中文网' type "$(dummy_kind)" || fail "CJK interface"
ip -n "$A" link add "$(printf 'n\377\376')" type "$(dummy_kind)" || fail "interface not UTF-8"
out=$NLG_TMP/ifaces.txt
in_a "$NETLEDGER" ifaces > "$out" 2>&1 || fail "ifaces: $(cat "$out")"
clean "$out" ifaces
[ "$(grep -cF -- 'e\x1b[7m\x07' "$out")" = 1 ] || fail "ifaces: the ESC name: $(cat "$out")"
# 6 columns of name, padded to 15, then the type
grep -q '^中文网 \{10\}[a-z]' "$out" || fail "ifaces: the CJK name not padded by width: $(cat "$out")"
out=$NLG_TMP/ifaces.json
in_a "$NETLEDGER" ifaces --json > "$out" 2>&1 || fail "ifaces --json: $(cat "$out")"
json_ok "$out" "ifaces --json"
grep -qF -- '"name":"n\\xff\\xfe"' "$out" || fail "ifaces --json: the name that is not UTF-8: $(cat "$out")"
grep -qF -- '"name":"e\u001b[7m\u0007"' "$out" || fail "ifaces --json: the ESC name: $(cat "$out")"
ok "ifaces: interface names escaped, a CJK name padded by its display width; valid JSON"

# ---- top --batch ----

out=$NLG_TMP/top.txt
in_a timeout 30 "$NETLEDGER" top --netns current --batch -i 2 -d 0.5 -n --ebpf off > "$out" 2>&1 || fail "top --batch: $(cat "$out")"
clean "$out" "top --batch"
awk '/^netledger top/ { n++ } n == 2' "$out" > "$NLG_TMP/last.txt"
each_named "$NLG_TMP/last.txt" "top --batch" '%n'
in_a timeout 30 "$NETLEDGER" top --netns current --batch -i 2 -d 0.5 -n --ebpf off -v processes > "$out" 2>&1 ||
	fail "top --batch -v processes: $(cat "$out")"
clean "$out" "top --batch -v processes"
awk '/^netledger top/ { n++ } n == 2' "$out" > "$NLG_TMP/last.txt"
each_named "$NLG_TMP/last.txt" "top --batch -v processes" '%p %n'
ok "top --batch (apps and processes): no raw control byte, one row per process, names escaped"

# ---- top in tmux ----

SOCK=$NLG_TMP/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; cleanup' EXIT INT TERM
wait_screen() { # PANE FIXED-STRING SECONDS
	n=0
	while ! tm capture-pane -p -t "$1" | grep -qF -- "$2"; do
		n=$((n + 1))
		[ "$n" -gt $(($3 * 10)) ] && return 1
		sleep 0.1
	done
}
TOP="nsenter --net=/run/netns/$A $NETLEDGER top -n -d 0.5 --ebpf off -v processes"
tm -f /dev/null new-session -d -s u8 -x 160 -y 40 "env -u TMUX TERM=screen-256color LANG=C.UTF-8 $TOP"
tm set -g status off
wait_screen u8 "$HTML =<img" 15 || fail "top in tmux did not show the senders: $(tm capture-pane -p -t u8)"
sleep 1
tm capture-pane -p -t u8 > "$out"
clean "$out" "top in tmux"
each_named "$out" "top in tmux" '%p %n'
title=$(tm display -p -t u8 '#{pane_title}')
[ "$title" != PWN ] || fail "top in tmux: a name retitled the window"
grep -q '^netledger top - ' "$out" || fail "top in tmux: the title line is gone (screen cleared?): $(cat "$out")"
ok "top in tmux (UTF-8): the names escaped, one row each, the window title '$title' untouched"

# in the C locale curses cannot show UTF-8: the names are escaped to ASCII
tm new-session -d -s c -x 160 -y 40 "env -u TMUX TERM=screen-256color LANG=C LC_ALL=C $TOP"
wait_screen c "$HTML =<img" 15 || fail "top in tmux (C locale) did not show the senders: $(tm capture-pane -p -t c)"
sleep 1
tm capture-pane -p -t c > "$out"
clean "$out" "top in tmux (C locale)"
grep -qF -- "$S7 \\xd0\\x9f\\xd1\\x80\\xd0\\xb8\\xd0\\xb2\\xd0\\xb5\\xd1\\x82\\xd0\\xbc\\xd0 " "$out" ||
	fail "top in tmux (C locale): the Cyrillic name not escaped to ASCII: $(cat "$out")"
grep -qF -- "$S1 \\x1b[2J\\x1b]0;PWN\\x07x" "$out" || fail "top in tmux (C locale): the ESC name: $(cat "$out")"
ok "top in tmux (C locale): UTF-8 names escaped to ASCII"
tm kill-server 2>/dev/null

# ---- netledgerd: history (table and CSV), /metrics, its messages ----

PORT=9761
DB=$NLG_TMP/h.db
conf "$NLG_TMP/d.conf" interval=200ms apps_interval=200ms flush_interval=1s apps=yes port=$PORT
daemon_start "$A" "$DB" "$NLG_TMP/d.conf"
n=0
until ip netns exec "$A" curl -sf "http://127.0.0.1:$PORT/metrics" > "$NLG_TMP/metrics.txt" 2>/dev/null &&
	grep -qF "app=\"$HTML_APP\"" "$NLG_TMP/metrics.txt"; do
	n=$((n + 1))
	[ "$n" -lt 100 ] || fail "no app series on /metrics: $(cat "$NLG_TMP/daemon.log")"
	sleep 0.1
done
# every line a comment or one sample; the LF inside a label escaped as \n
! grep -Evq '^# (HELP|TYPE) |^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? [-+0-9.eE]+$' \
	"$NLG_TMP/metrics.txt" || fail "/metrics: a line that is not a sample"
grep -qF 'app="lf\nfake row"' "$NLG_TMP/metrics.txt" || fail "/metrics: the LF name: $(grep -F 'fake row' "$NLG_TMP/metrics.txt")"
grep -qF "app=\"Приветм$(printf '\357\277\275')\"" "$NLG_TMP/metrics.txt" ||
	fail "/metrics: the cut name without U+FFFD: $(grep -F 'Приветм' "$NLG_TMP/metrics.txt")"
iconv -f UTF-8 -t UTF-8 "$NLG_TMP/metrics.txt" > /dev/null || fail "/metrics: not valid UTF-8"
ok "/metrics: one sample a line, valid UTF-8, LF escaped, a cut character replaced"
sleep 2
daemon_stop

out=$NLG_TMP/hist.csv
"$NETLEDGER" history --db "$DB" --apps --minutes --csv > "$out" 2>&1 || fail "history --csv: $(cat "$out")"
clean "$out" "history --csv"
! sed 1d "$out" | grep -Evq '^"([^"]|"")*",(app|other),[0-9]+,[0-9]+,"([^"]|"")*"$' ||
	fail "history --csv: a line that is not a record: $(cat "$out")"
grep -qF -- "\"'$HTML_APP\"," "$out" || fail "history --csv: the '=' name not guarded with ': $(cat "$out")"
grep -v " $HTML_COMM\$" "$NLG_TMP/expect" > "$NLG_TMP/expect.names"
each_named "$out" "history --csv" '"%n",' "$NLG_TMP/expect.names"
ok "history --csv: one quoted record per app, no raw control byte, '=' guarded by '"

out=$NLG_TMP/hist.txt
"$NETLEDGER" history --db "$DB" --apps --minutes > "$out" 2>&1 || fail "history --apps: $(cat "$out")"
clean "$out" "history --apps"
grep -qF -- '\x1b[2J\x1b]0;PWN\x07x' "$out" || fail "history --apps: the ESC name: $(cat "$out")"
ok "history --apps table: no raw control byte, names escaped"
out=$NLG_TMP/hist.json
"$NETLEDGER" history --db "$DB" --apps --minutes --json > "$out" 2>&1 || fail "history --apps --json: $(cat "$out")"
json_ok "$out" "history --apps --json"
grep -qF -- '"name":"bad\\xff\\xfeutf"' "$out" || fail "history --apps --json: the name that is not UTF-8: $(cat "$out")"
ok "history --apps --json: valid UTF-8 JSON, bytes that are not UTF-8 as \\xHH"

# netledgerd's messages quote what they were given: escaped as well
printf 'apps = yes\n\033]0;PWN\007 = 1\n' > "$NLG_TMP/bad.conf"
"$NETLEDGERD" --foreground --db "$NLG_TMP/x.db" --config "$NLG_TMP/bad.conf" > "$NLG_TMP/bad.out" 2>&1 &&
	fail "netledgerd took a bad configuration"
clean "$NLG_TMP/bad.out" "netledgerd's message"
grep -qF '\x1b]0;PWN\x07' "$NLG_TMP/bad.out" || fail "netledgerd's message: $(cat "$NLG_TMP/bad.out")"
ok "netledgerd: its message quotes the bad key escaped"
