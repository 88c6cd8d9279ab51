# Stepwise shell integration for zsh, part 3: copied as .zshrc into the
# ZDOTDIR the terminal starts zsh with (see zshenv.zsh). Sources the user's
# .zshrc, then marks prompts and commands with the same VS Code-style OSC 633
# sequences as bash.sh:
#   A prompt start, B prompt end, E;<cmdline> command line, C command executed,
#   D;<exit> command finished (plain D: the prompt came back with no command),
#   P;Cwd=<path> current directory. Values are escaped: \ -> \\, ; -> \x3b, < 0x20 -> \xNN.

# Lets the user's rc files know they run inside Stepwise.
builtin export STEPWISE_SHELL_INTEGRATION=1

# Functions are defined before the user's .zshrc runs, so aliases it defines
# are not expanded inside them (nor in their names).

typeset -ga __stepwise_ctl __stepwise_hex
() {
	builtin emulate -L zsh
	local i x
	for ((i = 1; i < 32; i++)); do
		builtin printf -v x 'x%02x' $i
		__stepwise_hex[i]=$x
		__stepwise_ctl[i]=${(#)i}
	done
}

# Escape a 633 value into REPLY.
function __stepwise_escape {
	builtin emulate -L zsh
	local s=$1 bs='\' i
	s=${s//$bs/$bs$bs}
	s=${s//;/${bs}x3b}
	if [[ $s == *[[:cntrl:]]* ]]; then
		for ((i = 1; i < 32; i++)); do
			s=${s//$__stepwise_ctl[i]/$bs$__stepwise_hex[i]}
		done
	fi
	REPLY=$s
}

# Plan steps that run cargo: see bash.sh's `cargo`. A `cargo` function of the
# user's replaces this one; an alias of theirs runs through it.
function cargo {
	builtin emulate -L zsh
	local request=${STEPWISE_CAPTURE_REQUEST-} file='' at=1
	if [[ -z $request || -z ${STEPWISE_CARGO_FILTER-} || ! -f $request ]]; then
		command cargo "$@"
		builtin return
	fi
	IFS= builtin read -r file <$request
	command rm -f -- $request
	[[ ${1-} == +* ]] && at=2
	# The engine asked for `[+toolchain] SUBCOMMAND ...` only: anything else runs as typed.
	if [[ -z $file || $# -lt $at || ${@[at]} == -* ]]; then
		command cargo "$@"
		builtin return
	fi
	local -a filter
	filter=("${(@f)STEPWISE_CARGO_FILTER}")
	# cargo's own lines (Compiling, `could not compile`) go to stderr: through the
	# pipe they stay in order with the diagnostics, coloured though not a terminal.
	CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-always} command cargo "${(@)@[1,at]}" --message-format=json-diagnostic-rendered-ansi "${(@)@[at+1,-1]}" 2>&1 |
		"${filter[@]}" $file
	builtin return $pipestatus[1]
}

function __stepwise_precmd {
	local st=$?
	builtin emulate -L zsh
	if ((__stepwise_prompted)); then
		if ((__stepwise_ran)); then
			builtin printf '\e]633;D;%s\a' $st
		else
			builtin printf '\e]633;D\a'
		fi
	fi
	__stepwise_prompt_sp
	__stepwise_escape "$PWD"
	builtin printf '\e]633;P;Cwd=%s\a' "$REPLY"
	if [[ $PS1 != "$__stepwise_ps1" ]]; then
		# First prompt, or the user (or a precmd of theirs) set a new PS1.
		__stepwise_ps1=$'%{\e]633;A\a%}'$PS1$'%{\e]633;B\a%}'
		PS1=$__stepwise_ps1
	fi
	__stepwise_ran=0 __stepwise_prompted=1
	builtin return $st
}

# zsh prints PROMPT_SP's end-of-line mark and PROMPT_CR's return before any
# precmd, so before the D mark: into every command's output. The integration
# turns them off and does the same right after D.
function __stepwise_prompt_sp {
	builtin emulate -L zsh -o extended_glob
	((__stepwise_sp)) || {
		((__stepwise_cr)) && builtin print -n '\r'
		builtin return
	}
	local mark=${(%)${PROMPT_EOL_MARK-'%B%S%#%s%b'}}
	local shown=${mark//$'\e'\[[0-9;]#[[:alpha:]]/}
	# At column 0 the mark and the spaces fill the line, and the return goes back over them;
	# after a line with no newline they wrap, and the mark stays where that line ends.
	builtin printf '%s%*s\r%*s\r' "$mark" $((COLUMNS - ${#shown} - 1)) '' $((${#shown} + 1)) ''
}

# $1 is the line as typed (as history records it).
function __stepwise_preexec {
	builtin emulate -L zsh
	__stepwise_ran=1
	__stepwise_escape "$1"
	builtin printf '\e]633;E;%s\a\e]633;C\a' "$REPLY"
}

# A global rc (macOS's /etc/zshrc) ran with ZDOTDIR pointing here and may have put
# the history file here too: it belongs where the user's own shells keep it.
if [[ ${HISTFILE-} == "$__stepwise_zdotdir/.zsh_history" ]]; then
	HISTFILE=$STEPWISE_USER_ZDOTDIR/.zsh_history
fi
ZDOTDIR=$STEPWISE_USER_ZDOTDIR
if [[ -f $ZDOTDIR/.zshrc ]]; then
	builtin . "$ZDOTDIR/.zshrc"
fi

__stepwise_prompted=0 __stepwise_ran=0 __stepwise_ps1=''
__stepwise_sp=0 __stepwise_cr=0
if [[ -o prompt_sp && -o prompt_cr ]]; then
	__stepwise_sp=1 __stepwise_cr=1
	builtin unsetopt prompt_sp prompt_cr
elif [[ -o prompt_cr ]]; then
	__stepwise_cr=1
	builtin unsetopt prompt_cr
fi
# Last: every precmd sees the command's status, and ours sees the PS1 the user's leave.
builtin autoload -Uz add-zsh-hook
add-zsh-hook precmd __stepwise_precmd
add-zsh-hook preexec __stepwise_preexec

# ZDOTDIR back to the user's: zsh reads .zlogin from it next, and a zsh started
# from this one reads their files, not these.
if ((__stepwise_unset_zdotdir)); then
	builtin unset ZDOTDIR
else
	builtin export ZDOTDIR=$STEPWISE_USER_ZDOTDIR
fi
builtin unset STEPWISE_USER_ZDOTDIR __stepwise_zdotdir __stepwise_unset_zdotdir
