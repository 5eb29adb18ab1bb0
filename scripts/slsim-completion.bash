# SPDX-License-Identifier: GPL-3.0-or-later
# bash completion for slsim: commands, options, files, and the scenario keys of --set and
# --vary (asked of `slsim keys --complete`, which reads them from the schema and the element
# names from the scenario on the command line).  Installed as
# $(datadir)/bash-completion/completions/slsim; or `source scripts/slsim-completion.bash`.

_slsim() {
  local cur prev cmd cfg w i
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  cmd=${COMP_WORDS[1]}
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "run sweep merge validate check keys report plot --help --version" -- "$cur"))
    return 0
  fi
  case $prev in
  --set | --vary)
    cfg=
    for ((i = 2; i < ${#COMP_WORDS[@]}; i++)); do
      w=${COMP_WORDS[i]}
      case $w in *.cfg) [ -f "$w" ] && cfg=$w ;; esac
    done
    COMPREPLY=($(slsim keys --complete "$cur" $cfg 2>/dev/null))
    # a key that goes on (a group, a list element) or wants its value: no space after it
    compopt -o nospace 2>/dev/null
    [ ${#COMPREPLY[@]} -eq 1 ] && case ${COMPREPLY[0]} in *.) ;; *) COMPREPLY=("${COMPREPLY[0]}=") ;; esac
    return 0
    ;;
  -o | --output)
    COMPREPLY=($(compgen -f -- "$cur"))
    return 0
    ;;
  --what)
    COMPREPLY=($(compgen -W "concurrency latency queue downstream roots sweep" -- "$cur"))
    return 0
    ;;
  --table)
    COMPREPLY=($(compgen -W "functions sources queues downstreams topics buses joins machines states cost alternatives ci" -- "$cur"))
    return 0
    ;;
  --seed | --reps | --jobs | --task | --max-memory | --max-events | --max-wall | --metric | --entity | --from | --to | --size | --font)
    return 0
    ;;
  esac
  case $cur in
  -*)
    case $cmd in
    run) w="-o --output --seed --set --reps --jobs --force --quiet --max-memory --max-events --max-wall --progress" ;;
    sweep) w="--vary --reps --jobs --seed --set -o --output --force --quiet --list-tasks --task --max-memory --max-events --max-wall --progress" ;;
    merge) w="-o --output --force --quiet" ;;
    validate) w="-o --output --jobs --seed-set --force" ;;
    check) w="--set --max-memory" ;;
    keys) w="--markdown --man --list --complete --words" ;;
    report) w="--wide --csv --table --json --html -o --output --force" ;;
    plot) w="--what --metric --entity --from --to --size --font -o --output --force" ;;
    esac
    COMPREPLY=($(compgen -W "$w --help" -- "$cur"))
    ;;
  *)
    case $cmd in
    run | sweep | check) COMPREPLY=($(compgen -f -X '!*.cfg' -- "$cur") $(compgen -d -- "$cur")) ;;
    report | plot | merge) COMPREPLY=($(compgen -f -X '!*.h5' -- "$cur") $(compgen -d -- "$cur")) ;;
    keys)
      COMPREPLY=($(compgen -W "$(slsim keys --list 2>/dev/null | cut -d' ' -f1)" -- "$cur"))
      ;;
    esac
    ;;
  esac
  return 0
}
complete -F _slsim slsim
