# galley.bash — bash completion for galley: commands, options, plugin
# names (from `galley plugins`) after `use:`-minded options, the
# pipeline's partners after --partner, and .yaml files.
# Installed by make install into share/bash-completion/completions/galley.

_galley_plugins()
{
	galley plugins 2>/dev/null | sed -n 's/^\([a-z0-9_-]*\/[a-z0-9_-]*\).*/\1/p'
}

# The partners the pipeline on the command line names (its first .yaml),
# read from its `partners:` list without running anything.
_galley_partners()
{
	local w file=
	for w in "${COMP_WORDS[@]}"; do
		case $w in *.yaml | *.yml) [ -f "$w" ] && [ -z "$file" ] && file=$w ;; esac
	done
	[ -n "$file" ] || return
	awk '/^partners:/ { on = 1; next }
		/^[^ #]/ { on = 0 }
		on && /^ *- *\{? *name:/ { sub(/^ *- *\{? *name: */, ""); sub(/[ ,}#].*/, "");
			gsub(/["\047]/, ""); print }' "$file"
}

_galley()
{
	local cur prev cmd
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	cmd=${COMP_WORDS[1]}
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "init run merge resend check test graph status deliver plugins fields version help" -- "$cur"))
		return
	fi
	case $prev in
	--progress) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
	--log-format) COMPREPLY=($(compgen -W "text json" -- "$cur")); return ;;
	--format) COMPREPLY=($(compgen -W "dot mermaid" -- "$cur")); return ;;
	--jobs) COMPREPLY=($(compgen -W "1 2 4 8" -- "$cur")); return ;;
	--partner) COMPREPLY=($(compgen -W "$(_galley_partners)" -- "$cur")); return ;;
	--set | --since | --now | --guid | --again | --shards) return ;;
	--shard) COMPREPLY=($(compgen -W "auto/ 0/" -- "$cur")); return ;;
	esac
	case $cmd in
	run)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--set --jobs --dry-run --full --partner --since --now
				--verbose --quiet --progress --log-format --metrics --shard --help" -- "$cur"))
			return
		fi ;;
	merge)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--shards --set --now --metrics --verbose --quiet
				--log-format --help" -- "$cur"))
			return
		fi ;;
	resend)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--partner --guid --now --set --jobs --dry-run
				--verbose --quiet --help" -- "$cur"))
			return
		fi ;;
	check | status)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--set --help" -- "$cur"))
			return
		fi ;;
	deliver)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--partner --again --dry-run --set --help" -- "$cur"))
			return
		fi ;;
	graph)
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "--format --help" -- "$cur"))
			return
		fi ;;
	plugins)
		COMPREPLY=($(compgen -W "--markdown $(_galley_plugins)" -- "$cur"))
		return ;;
	fields)
		COMPREPLY=($(compgen -W "--markdown --help" -- "$cur"))
		return ;;
	init | test)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	*) return ;;
	esac
	# a pipeline: .yaml and .yml files, and folders to look in
	COMPREPLY=($(compgen -f -X '!*.yaml' -- "$cur") $(compgen -f -X '!*.yml' -- "$cur")
		$(compgen -d -- "$cur"))
}

complete -o filenames -F _galley galley
