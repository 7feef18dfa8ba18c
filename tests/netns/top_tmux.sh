#!/bin/sh
# netledger top driven in tmux (send-keys, capture-pane), in a namespace
# with a busy, an idle and a UDP sender (top_lib.sh):
#   the busy sender is on the first row of the apps view; sorting by name
#   and reversing reorder the rows (keys and mouse clicks on the column
#   header); a click selects a row; a filter leaves only what matches and
#   Esc brings the rest back; Enter expands an app to its process and its
#   connection; the other views show hosts and interfaces; a resize to
#   80x24 keeps the header whole; q, SIGINT, SIGTERM and a crash each leave the
#   terminal as it was (no alternate screen, echo and canonical mode back,
#   the shell prompt usable). Every wait is bounded.
. "$NLG_LIB"
. "$(dirname "$NLG_LIB")/top_lib.sh"
require_root
need tmux
top_traffic

SOCK=$NLG_TMP/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; cleanup' EXIT INT TERM
screen() { tm capture-pane -p -t top; }
# rows: the lines after the column header, up to the status line
rows() { screen | awk 'h && /^1-5 view/ { exit } h && NF { print } /^(APP|PROCESS|CONNECTION|HOST|INTERFACE)[v^]? / { h = 1 }'; }
first_row() { rows | head -n 1; }
# until CMD's output matches PATTERN (grep -E), at most SECONDS
wait_out() {
	n=0
	while ! "$1" | grep -Eq "$2"; do
		n=$((n + 1))
		[ "$n" -gt $(($3 * 10)) ] && return 1
		sleep 0.1
	done
}
keys() { tm send-keys -t top "$@"; }
TOP="nsenter --net=/run/netns/$TOP_A $NETLEDGER top --netns current -n -d 0.5 --ebpf off"
# the shell in the pane: its prompt and its terminal settings
shell_ok() {
	keys "stty -a | tr ' ;' '\\n\\n' | grep -Ex -e -?icanon -e -?echo | tr '\\n' ' '; echo :MA\"\"RK$1" Enter
	wait_out screen ":MARK$1" 5 || fail "$2: the shell does not answer: $(screen)"
	[ "$(tm display -p -t top '#{alternate_on}')" = 0 ] || fail "$2: alternate screen left on"
	screen | grep -q "^icanon echo :MARK$1" || fail "$2: terminal not restored: $(screen)"
	ok "$2: terminal restored (main screen, icanon echo), shell prompt usable"
}

tm -f /dev/null new-session -d -s top -c "$NLG_TMP" -x 132 -y 40 "env -u TMUX TERM=screen-256color LANG=C.UTF-8 PS1='$ ' sh"
tm set -g status off
# (the pane works in NLG_TMP: a core file of the crash test goes with it)
keys "$TOP; echo TOP-EXIT=\$?" Enter
wait_out screen '^netledger top - ' 10 || fail "top did not start: $(screen)"

wait_out first_row "nlg-busy .*MiB/s" 15 ||
	fail "busy sender $BUSY not on the first row: $(screen)"
echo "  first row: $(first_row)"
ok "apps view: the busy sender is on the first row"
rows | grep -q "nlg-idle" || fail "idle sender missing: $(screen)"
rows | grep "nlg-udps" | grep -q unknown || fail "UDP sender not 'unknown': $(screen)"

# sort by name: rows in name order and the header marks the column
keys s
wait_out screen '^APPv ' 5 || fail "no sort mark on APP: $(screen)"
rows | sed 's/^[-+ ] //' | awk '{ print $1 }' > "$NLG_TMP/names"
[ "$(wc -l < "$NLG_TMP/names")" -ge 3 ] || fail "fewer than 3 rows: $(screen)"
LC_ALL=C sort -c "$NLG_TMP/names" || fail "rows not in name order: $(screen)"
keys r
wait_out screen '^APP\^ ' 5 || fail "no reversed mark: $(screen)"
rows | sed 's/^[-+ ] //' | awk '{ print $1 }' > "$NLG_TMP/names"
LC_ALL=C sort -c -r "$NLG_TMP/names" || fail "rows not in reverse name order: $(screen)"
ok "sort by name and reverse reorder the rows"
# back to rate out (5 more steps from NAME), unreversed
keys r s s
wait_out screen '^APP  .*RATE OUTv' 5 || fail "not sorted by RATE OUT: $(screen)"
wait_out first_row "nlg-busy" 5 || fail "busy not first by rate out: $(screen)"
ok "sort by rate out: the busy sender first"

# filter by the idle sender's name
keys / "idle" Enter
wait_out screen "filter: idle" 5 || fail "filter not shown: $(screen)"
wait_out first_row "nlg-idle" 5 || fail "filter: idle not shown: $(screen)"
[ "$(rows | wc -l)" = 1 ] || fail "filter left other rows: $(screen)"
keys Escape
wait_out first_row "nlg-busy" 5 || fail "Esc did not clear the filter: $(screen)"
ok "filter leaves only the matching app; Esc clears it"

# expand the busy app, then its process
keys Home Enter
wait_out screen "^  [-+ ] $BUSY nlg-busy" 5 || fail "app did not expand: $(screen)"
keys Down Enter
wait_out screen "^    tcp 10\\.205\\.0\\.2:7201 established " 5 ||
	fail "process did not expand to its connection: $(screen)"
ok "Enter expands an app to its process and the process to its connection"

keys 4
wait_out first_row '^10\.205\.0\.2 +10\.205\.0\.2 ' 5 || fail "hosts view: $(screen)"
keys 5
wait_out screen '^ta +[0-9.]+ [KM]iB/s' 5 || fail "interfaces view: $(screen)"
keys 1
wait_out screen '^APP ' 5 || fail "back to apps: $(screen)"
ok "remote hosts and interfaces views"

# the mouse (X10 reports, as the terminal sends them): a click on a column
# header sorts by it, a second one reverses; a click selects a row
click() { # X Y (0-based): press and release of button 1
	x=$(printf '%02x' $(($1 + 33)))
	y=$(printf '%02x' $(($2 + 33)))
	tm send-keys -t top -H 1b 5b 4d 20 "$x" "$y" 1b 5b 4d 23 "$x" "$y"
}
# column of TEXT in the column header line, and that line's number
hdr_x() { screen | awk -v t="$1" '/^APP/ { print index($0, t) - 1; exit }'; }
hdr_y=$(screen | awk '/^APP/ { print NR - 1; exit }')
click "$(hdr_x 'TOTAL OUT')" "$hdr_y"
wait_out screen '^netledger top - .* sort TOTAL OUT' 5 || fail "click did not sort: $(screen)"
screen | grep -q '^APP .* TOTAL OUTv' || fail "no sort mark after the click: $(screen)"
click "$(hdr_x 'TOTAL OUT')" "$hdr_y"
wait_out screen '^APP .* TOTAL OUT\^' 5 || fail "second click did not reverse: $(screen)"
click "$(hdr_x 'RATE OUT')" "$hdr_y"
wait_out screen '^APP .* RATE OUTv' 5 || fail "click on RATE OUT: $(screen)"
idle_y=$(screen | awk -v p="nlg-idle" 'index($0, p) { print NR - 1; exit }')
[ -n "$idle_y" ] || fail "idle row not on screen: $(screen)"
click 5 "$idle_y"
keys Enter
wait_out screen "^- nlg-idle" 5 || fail "click did not select the idle row: $(screen)"
ok "mouse: a header click sorts and reverses, a row click selects"

# 80x24: the header keeps every line, cut to the width
tm resize-window -t top -x 80 -y 24
wait_out screen '^APP +RATE IN +RATE OUTv +TOTAL IN +TOTAL OUT +CONNS$' 5 ||
	fail "column header broken at 80x24: $(screen)"
screen > "$NLG_TMP/small.txt"
[ "$(wc -l < "$NLG_TMP/small.txt")" -le 24 ] || fail "more than 24 lines"
awk 'length > 80 { exit 1 }' "$NLG_TMP/small.txt" || fail "a line wider than 80"
sed -n 1p "$NLG_TMP/small.txt" | grep -q '^netledger top - every 0.5s - apps' || fail "title: $(cat "$NLG_TMP/small.txt")"
for l in '^ta +in .* out .* total in ' '^last 1m ' '^attributed to sockets: in ' '^unattributed: in '; do
	grep -Eq "$l" "$NLG_TMP/small.txt" || fail "header line '$l' lost at 80x24: $(cat "$NLG_TMP/small.txt")"
done
grep -q '^1-5 view.* q quit$' "$NLG_TMP/small.txt" || fail "status line lost at 80x24"
wait_out first_row "nlg-busy" 5 || fail "rows lost at 80x24"
ok "resize to 80x24: title, interfaces, sparkline, attribution, columns and rows intact"
cp "$NLG_TMP/small.txt" "${TOP_CAPTURE:-/dev/null}" 2>/dev/null

keys q
wait_out screen '^TOP-EXIT=0' 5 || fail "q did not end top: $(screen)"
shell_ok 1 "q"

# signal NAME EXIT: starts top again, sends it NAME, expects EXIT
signal_ends() {
	keys clear Enter "$TOP; echo TOP-EXIT=\$?" Enter
	wait_out screen '^netledger top - ' 10 || fail "top did not start again: $(screen)"
	shell=$(tm display -p -t top '#{pane_pid}')
	pid=$(ps -o pid= --ppid "$shell" | head -n 1 | tr -d ' ')
	[ -n "$pid" ] || fail "top's pid not found"
	kill -s "$1" "$pid"
	wait_out screen "^TOP-EXIT=$2\$" 10 || fail "SIG$1 did not end top with $2: $(screen)"
}
# SIGINT, SIGTERM and a crash end it the same way, the terminal given back
keys clear Enter "$TOP; echo TOP-EXIT=\$?" Enter
wait_out screen '^netledger top - ' 10 || fail "top did not start again"
keys C-c
wait_out screen '^TOP-EXIT=0' 5 || fail "Ctrl-C did not end top: $(screen)"
shell_ok 2 "SIGINT (Ctrl-C)"
signal_ends TERM 0
shell_ok 3 "SIGTERM"
signal_ends SEGV 139
shell_ok 4 "a crash (SIGSEGV)"
