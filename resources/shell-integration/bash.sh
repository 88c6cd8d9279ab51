# Stepwise shell integration for bash, started as `bash --init-file <this file> -i`.
# Marks prompts and commands with VS Code-style OSC 633 sequences:
#   A prompt start, B prompt end, E;<cmdline> command line, C command executed,
#   D;<exit> command finished (plain D: the prompt came back with no command),
#   P;Cwd=<path> current directory. Values are escaped: \ -> \\, ; -> \x3b, < 0x20 -> \xNN.

# Sourced a second time (maybe by the user's own rc while we load it): nothing to do.
if [[ -n "${__stepwise_loaded-}" ]]; then
	builtin return 0 2>/dev/null
fi
__stepwise_loaded=1
# Lets the user's rc files know they run inside Stepwise.
builtin export STEPWISE_SHELL_INTEGRATION=1

# Functions are defined before the user's rc files run, so aliases those define
# are not expanded inside them.

__stepwise_ret() { builtin return "${1:-0}"; }

# Escape a 633 value into __stepwise_escaped (no subshell).
__stepwise_escape() {
	local LC_ALL=C s="$1" bs='\' i
	s=${s//"$bs"/"$bs$bs"}
	s=${s//;/"${bs}x3b"}
	if [[ $s == *[[:cntrl:]]* ]]; then
		for ((i = 1; i < 32; i++)); do
			s=${s//"${__stepwise_ctl[i]}"/"$bs${__stepwise_hex[i]}"}
		done
	fi
	__stepwise_escaped=$s
}
for ((__stepwise_i = 1; __stepwise_i < 32; __stepwise_i++)); do
	builtin printf -v __stepwise_x 'x%02x' "$__stepwise_i"
	__stepwise_hex[__stepwise_i]=$__stepwise_x
	builtin printf -v __stepwise_x "\\$__stepwise_x"
	__stepwise_ctl[__stepwise_i]=$__stepwise_x
done
builtin unset __stepwise_i __stepwise_x

# Newest history entry: raw into __stepwise_history_raw, command line into __stepwise_line.
# `history 1` prints "%5d%c %s" (number, '*' or ' ', space, line); no timestamps.
__stepwise_history_line() {
	local h
	h=$(HISTTIMEFORMAT='' builtin history 1)
	__stepwise_history_raw=$h
	h=${h#"${h%%[! ]*}"}
	h=${h#"${h%%[!0-9]*}"}
	__stepwise_line=${h:2}
}

__stepwise_command_start() {
	__stepwise_started=1
	__stepwise_escape "$1"
	builtin printf '\e]633;E;%s\a\e]633;C\a' "$__stepwise_escaped"
}

# Runs from PS0 in a command substitution, right after a line is accepted and
# before it runs: the only hook that sees a line starting with a subshell.
# PS0 has already set __stepwise_started when history recorded this line.
__stepwise_ps0() {
	((__stepwise_started)) || builtin return 0
	__stepwise_history_line
	__stepwise_command_start "$__stepwise_line"
}

# DEBUG trap: marks the start of a line PS0 could not (history skipped it, e.g.
# HISTCONTROL=ignorespace) from $BASH_COMMAND; on bash < 4.4 (no PS0) it is the
# only hook. Then runs the user's own DEBUG trap, with $? and $_ as they were.
__stepwise_debug() {
	local __stepwise_st=$?
	if ((__stepwise_prompted && !__stepwise_started)) && [[ $BASH_COMMAND != __stepwise_prompt_cmd ]]; then
		if ((__stepwise_has_ps0)); then
			((__stepwise_accepted)) && __stepwise_command_start "$BASH_COMMAND"
		elif [[ -z "${COMP_LINE-}" && -z "${READLINE_LINE+set}" ]]; then
			# Not completion or a `bind -x` widget: a typed line starts here.
			__stepwise_accepted=1
			__stepwise_history_line
			if [[ $__stepwise_history_raw != "$__stepwise_history_seen" ]]; then
				__stepwise_command_start "$__stepwise_line"
			else
				__stepwise_command_start "$BASH_COMMAND"
			fi
		fi
	fi
	if [[ -n $__stepwise_user_debug ]]; then
		__stepwise_ret "$__stepwise_st" "$1"
		builtin eval "$__stepwise_user_debug"
	fi
}

# PROMPT_COMMAND: finish the last command, run the user's PROMPT_COMMAND,
# report the directory, and (re)wrap PS1 in the A/B marks.
__stepwise_prompt_cmd() {
	local __stepwise_st=$? __stepwise_pc
	if ((__stepwise_prompted)); then
		# A line starting with a subshell runs without a DEBUG trap in this shell.
		# Without PS0 (bash < 4.4), history still shows it ran: mark it late.
		if ((!__stepwise_accepted && !__stepwise_has_ps0)); then
			__stepwise_history_line
			if [[ $__stepwise_history_raw != "$__stepwise_history_seen" ]]; then
				__stepwise_accepted=1
				__stepwise_command_start "$__stepwise_line"
			fi
		fi
		if ((__stepwise_accepted)); then
			# With PS0 the line was seen; only history skipping it leaves it unmarked.
			((__stepwise_started)) || __stepwise_command_start ''
			builtin printf '\e]633;D;%s\a' "$__stepwise_st"
		else
			builtin printf '\e]633;D\a'
		fi
	fi
	for __stepwise_pc in ${__stepwise_user_prompt_command[@]+"${__stepwise_user_prompt_command[@]}"}; do
		__stepwise_ret "$__stepwise_st"
		builtin eval "$__stepwise_pc"
	done
	__stepwise_escape "$PWD"
	builtin printf '\e]633;P;Cwd=%s\a' "$__stepwise_escaped"
	if [[ $PS1 != "$__stepwise_ps1" ]]; then
		# First prompt, or the user (or their PROMPT_COMMAND) set a new PS1.
		__stepwise_ps1='\[\e]633;A\a\]'$PS1'\[\e]633;B\a\]'
		PS1=$__stepwise_ps1
	fi
	if ((__stepwise_has_ps0)); then
		[[ ${PS0-} == "$__stepwise_ps0_hook"* ]] || PS0=$__stepwise_ps0_hook${PS0-}
		__stepwise_hc=$HISTCMD
	else
		__stepwise_history_line
		__stepwise_history_seen=$__stepwise_history_raw
	fi
	__stepwise_accepted=0 __stepwise_started=0 __stepwise_prompted=1
	__stepwise_ret "$__stepwise_st"
}

# Plan steps that run cargo get its JSON messages without a word of plumbing
# typed: the engine types the step's command as written, having first written
# a one-shot request (the messages file's path) to $STEPWISE_CAPTURE_REQUEST.
# With one, this adds --message-format=json-diagnostic-rendered-ansi after the
# subcommand and pipes cargo through the filter ($STEPWISE_CARGO_FILTER, one
# word a line), which prints what cargo would have and keeps the JSON aside;
# the status is cargo's. Without one it is plain cargo. Defined before the
# user's rc files: a `cargo` function of theirs replaces it (steps then fall
# back to reading the terminal), an alias of theirs runs through it.
cargo() {
	local __stepwise_request=${STEPWISE_CAPTURE_REQUEST-} __stepwise_file='' __stepwise_at=1
	if [[ -z $__stepwise_request || -z ${STEPWISE_CARGO_FILTER-} || ! -f $__stepwise_request ]]; then
		command cargo "$@"
		builtin return
	fi
	IFS= builtin read -r __stepwise_file <"$__stepwise_request"
	command rm -f -- "$__stepwise_request"
	[[ ${1-} == +* ]] && __stepwise_at=2
	# The engine asked for `[+toolchain] SUBCOMMAND ...` only: anything else runs as typed.
	if [[ -z $__stepwise_file || ${!__stepwise_at-} == -* || $# -lt $__stepwise_at ]]; then
		command cargo "$@"
		builtin return
	fi
	local -a __stepwise_filter
	IFS=$'\n' builtin read -r -d '' -a __stepwise_filter <<<"$STEPWISE_CARGO_FILTER"
	# cargo's own lines (Compiling, `could not compile`) go to stderr: through the
	# pipe they stay in order with the diagnostics, coloured though not a terminal.
	CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-always} command cargo "${@:1:__stepwise_at}" --message-format=json-diagnostic-rendered-ansi "${@:__stepwise_at+1}" 2>&1 |
		"${__stepwise_filter[@]}" "$__stepwise_file"
	builtin return "${PIPESTATUS[0]}"
}

# Load the user's configuration as a login shell would (--init-file replaces it).
if [[ -r /etc/profile ]]; then
	. /etc/profile
fi
if [[ -r ~/.bash_profile ]]; then
	. ~/.bash_profile
elif [[ -r ~/.bash_login ]]; then
	. ~/.bash_login
elif [[ -r ~/.profile ]]; then
	. ~/.profile
elif [[ -r ~/.bashrc ]]; then
	. ~/.bashrc
fi

__stepwise_prompted=0 __stepwise_accepted=0 __stepwise_started=0 __stepwise_hc=0
__stepwise_ps1='' __stepwise_empty='' __stepwise_history_seen='' __stepwise_escaped=''
__stepwise_has_ps0=$((BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 4)))
# Expanded by bash in this shell when a line is accepted: flags it (the arithmetic
# yields an empty substring) and, when history grew, marks E/C from a subshell.
__stepwise_ps0_hook='${__stepwise_empty:0:$((__stepwise_accepted = 1, __stepwise_started = HISTCMD != __stepwise_hc, 0))}$(__stepwise_ps0)'

# Keep the user's PROMPT_COMMAND (string or array) and run it from ours.
__stepwise_user_prompt_command=(${PROMPT_COMMAND[@]+"${PROMPT_COMMAND[@]}"})
builtin unset PROMPT_COMMAND
PROMPT_COMMAND=__stepwise_prompt_cmd

# Keep the user's DEBUG trap: `trap -p` prints `trap -- '<code>' DEBUG`.
builtin eval "__stepwise_t=( $(builtin trap -p DEBUG) )"
__stepwise_user_debug=${__stepwise_t[2]-}
builtin unset __stepwise_t
builtin trap '__stepwise_debug "$_"' DEBUG
