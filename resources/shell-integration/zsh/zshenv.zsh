# Stepwise shell integration for zsh, part 1: copied as .zshenv into the
# ZDOTDIR the terminal starts zsh with (src/core/terminals/zshDotDir.ts).
# zsh reads each startup file from $ZDOTDIR as it comes to it, so these files
# source the user's own from their ZDOTDIR ($STEPWISE_USER_ZDOTDIR, else
# $HOME) with ZDOTDIR set to it while they run, then point zsh back here.
# zshrc.zsh hands ZDOTDIR back to the user for .zlogin and any zsh after.
__stepwise_zdotdir=$ZDOTDIR
__stepwise_unset_zdotdir=0
if [[ -z ${STEPWISE_USER_ZDOTDIR-} ]]; then
	STEPWISE_USER_ZDOTDIR=$HOME
	__stepwise_unset_zdotdir=1
fi
ZDOTDIR=$STEPWISE_USER_ZDOTDIR
if [[ -f $ZDOTDIR/.zshenv && $ZDOTDIR != "$__stepwise_zdotdir" ]]; then
	builtin . "$ZDOTDIR/.zshenv"
fi
# Their .zshenv may move ZDOTDIR (`ZDOTDIR=~/.config/zsh`): the rest comes from there.
if [[ $ZDOTDIR != "$STEPWISE_USER_ZDOTDIR" ]]; then
	STEPWISE_USER_ZDOTDIR=$ZDOTDIR
	__stepwise_unset_zdotdir=0
fi
ZDOTDIR=$__stepwise_zdotdir
