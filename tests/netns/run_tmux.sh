#!/bin/sh
# netledger run in a terminal (tmux): the command keeps the terminal.
#   Ctrl-C stops the command (exit 130, signal 2 in the JSON), while
#   netledger lives on to write its summary; typed input reaches the
#   command; full-screen programs (less, top) draw, take keys and quit,
#   and the shell's terminal is as it was after each.
. "$NLG_LIB"
require_root
command -v tmux >/dev/null || skip "needs tmux"
command -v nsenter >/dev/null || skip "needs nsenter"
NS=nlg-m$$
ns_new "$NS"
SOCK=$NLG_TMP/tmux.sock
tm() { tmux -S "$SOCK" "$@"; }
trap 'tm kill-server 2>/dev/null; cleanup' EXIT INT TERM
screen() { tm capture-pane -p -t run; }
wait_out() { # PATTERN SECONDS: until the pane shows a line matching PATTERN
	n=0
	while ! screen | grep -Eq "$1"; do
		n=$((n + 1))
		[ "$n" -gt $(($2 * 10)) ] && return 1
		sleep 0.1
	done
}
keys() { tm send-keys -t run "$@"; }
RUN="nsenter --net=/run/netns/$NS $NETLEDGER run"
tm -f /dev/null new-session -d -s run -c "$NLG_TMP" -x 120 -y 40 "env -u TMUX TERM=screen-256color LANG=C.UTF-8 PS1='$ ' sh"
tm set -g status off

# Ctrl-C: the command stops, netledger writes its summary and exits 130
keys "$RUN --json $NLG_TMP/int.json -- sleep 300; echo RUN-EXIT=\$?" Enter
n=0
until pgrep -x sleep -P "$(pgrep -f "run --json $NLG_TMP/int.json" | head -n 1)" > /dev/null 2>&1; do
	n=$((n + 1))
	[ "$n" -gt 100 ] && fail "sleep did not start: $(screen)"
	sleep 0.1
done
keys C-c
wait_out '^RUN-EXIT=130$' 10 || fail "Ctrl-C did not end the command with 130: $(screen)"
screen | grep -q 'killed by signal 2 (exit status 130)' || fail "no summary after Ctrl-C: $(screen)"
[ "$(jq .signal "$NLG_TMP/int.json")" = 2 ] || fail "JSON after Ctrl-C: $(cat "$NLG_TMP/int.json")"
ok "Ctrl-C stops the command (130); netledger writes its summary and JSON"

# typed input reaches the command
keys clear Enter "$RUN -q -- sh -c 'read x; echo got:\$x'; echo RUN-EXIT=\$?" Enter
sleep 0.5
keys "hello" Enter
wait_out '^got:hello$' 10 || fail "input did not reach the command: $(screen)"
wait_out '^RUN-EXIT=0$' 5 || fail "read: $(screen)"
ok "typed input reaches the command"

shell_ok() { # MARK WHAT: the prompt answers and the terminal is as it was
	keys "stty -a | tr ' ;' '\\n\\n' | grep -Ex -e -?icanon -e -?echo | tr '\\n' ' '; echo :MA\"\"RK$1" Enter
	wait_out ":MARK$1" 5 || fail "$2: the shell does not answer: $(screen)"
	[ "$(tm display -p -t run '#{alternate_on}')" = 0 ] || fail "$2: alternate screen left on"
	screen | grep -q "^icanon echo :MARK$1" || fail "$2: terminal not restored: $(screen)"
}

# less: draws on the alternate screen, pages on a key, quits on q
seq 1 500 | sed 's/^/line /' > "$NLG_TMP/text"
keys clear Enter "$RUN -q -- less $NLG_TMP/text; echo RUN-EXIT=\$?" Enter
wait_out '^line 1$' 10 || fail "less did not draw: $(screen)"
[ "$(tm display -p -t run '#{alternate_on}')" = 1 ] || fail "less is not full-screen"
keys Space
wait_out '^line 7[0-9]$' 5 || fail "less did not page: $(screen)"
keys q
wait_out 'RUN-EXIT=0$' 5 || fail "less did not quit: $(screen)"
shell_ok 1 less
ok "less under netledger run: full screen, pages, quits, terminal restored"

# top: refreshes its full screen, quits on q
keys clear Enter "$RUN -q -- top -d 0.5; echo RUN-EXIT=\$?" Enter
wait_out '^top - ' 10 || fail "top did not draw: $(screen)"
wait_out '^ *PID +USER ' 5 || fail "top has no task list: $(screen)"
keys q
wait_out 'RUN-EXIT=0$' 5 || fail "top did not quit: $(screen)"
shell_ok 2 top
ok "top under netledger run: draws, quits on q, terminal restored"
