# Stepwise shell integration for zsh, part 2 (login shells): copied as
# .zprofile into Stepwise's ZDOTDIR; sources the user's own (see zshenv.zsh).
ZDOTDIR=$STEPWISE_USER_ZDOTDIR
if [[ -f $ZDOTDIR/.zprofile ]]; then
	builtin . "$ZDOTDIR/.zprofile"
fi
STEPWISE_USER_ZDOTDIR=$ZDOTDIR
ZDOTDIR=$__stepwise_zdotdir
