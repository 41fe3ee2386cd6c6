# shellcheck shell=bash
# Shared by the fake Proxmox commands in ../bin (qm, pct, pvesh, pvesm, pvecm, pveversion).
#
# They print the project's sample outputs (Tests/Fixtures/samples) byte for byte, read at run time,
# so a change to a fixture changes the simulated node at once. Environment, set by sim-session:
#   PVE_NODE          this node's name (pve1 … pveN); default pve1 when run by hand
#   PVE_SIM_DATA      the samples directory; default: found relative to this file
#   PVE_SIM_STATE     the cluster's state directory (to know which other nodes exist)
#   PVE_SIM_NODE_DIR  this node's state directory (scenario file, actions.log)
# Node k uses the samples of node ((k-1) % 3) + 1, so a 16-node cluster has data on every node.
# Texts and exit codes of failures are those of Tests/Fixtures/samples/errors.md (cited as "case N").

: "${PVE_NODE:=pve1}"
: "${PVE_SIM_DATA:=${BASH_SOURCE[0]%/*}/../../../Tests/Fixtures/samples}"

sim_node_number() { # pveK → K (1 for names without a number)
    local n=${1#pve}
    [[ $n =~ ^[0-9]+$ ]] && ((n > 0)) && { echo "$n"; return; }
    echo 1
}

sim_samples_of() { # node name → its sample directory
    local k
    k=$(sim_node_number "$1")
    echo "$PVE_SIM_DATA/pve$(( (k - 1) % 3 + 1 ))"
}

SIM_SAMPLES=$(sim_samples_of "$PVE_NODE")

# The scenario file holds one word per line: standalone, not-quorate, corosync-down, pmxcfs-down,
# not-root. Read on every call (no fork) so tests can switch scenarios while the node runs.
sim_scenario() {
    local line file=${PVE_SIM_NODE_DIR:-/nonexistent}/scenario
    [[ -f $file ]] || return 1
    while IFS= read -r line || [[ -n $line ]]; do
        [[ $line == "$1" ]] && return 0
    done <"$file"
    return 1
}

sim_cat() { cat -- "$1"; }

sim_die() { # exit code, then stderr lines
    local code=$1
    shift
    printf '%s\n' "$@" >&2
    exit "$code"
}

# Records a state-changing command (qm start, pct destroy, …) that the simulator only pretends to run.
sim_log_action() {
    [[ -n ${PVE_SIM_NODE_DIR-} && -d $PVE_SIM_NODE_DIR ]] || return 0
    printf '%s\n' "$*" >>"$PVE_SIM_NODE_DIR/actions.log"
}

# Cases 6 and 7: the whole CLI fails before doing anything.
sim_check_cluster_filesystem() {
    if sim_scenario not-root; then
        sim_die 255 'ipcc_send_rec[1] failed: Unknown error -1' 'ipcc_send_rec[2] failed: Unknown error -1' \
            'ipcc_send_rec[3] failed: Unknown error -1' 'Unable to load access control list: Unknown error -1'
    fi
    if sim_scenario pmxcfs-down; then
        sim_die 111 'ipcc_send_rec[1] failed: Connection refused' 'ipcc_send_rec[2] failed: Connection refused' \
            'ipcc_send_rec[3] failed: Connection refused' 'Unable to load access control list: Connection refused'
    fi
}

# Resolves a subcommand like PVE's CLIHandler: an exact name, or a prefix (`qm li` → list). Among
# several matches, the one that is a prefix of all the others wins (list over listsnapshot).
# Prints the name; prints nothing when unknown or ambiguous.
sim_resolve_command() {
    local given=$1 name best=""
    local -a matches=()
    shift
    [[ -n $given ]] || return 0
    for name in "$@"; do
        [[ $name == "$given" ]] && { echo "$name"; return; }
        [[ $name == "$given"* ]] && matches+=("$name")
    done
    for name in "${matches[@]}"; do
        [[ -z $best || ${#name} -lt ${#best} ]] && best=$name
    done
    for name in "${matches[@]}"; do
        [[ $name == "$best"* ]] || return 0
    done
    [[ -n $best ]] && echo "$best"
    return 0
}

# Case 15 (and "no command"): the CLI's usage error, exit 255.
sim_unknown_command() { # tool, given command ('' = none), known commands…
    local tool=$1 given=$2 name
    shift 2
    if [[ -n $given ]]; then
        printf "ERROR: unknown command '%s %s'\n" "$tool" "$given" >&2
    else
        printf 'ERROR: no command specified\n' >&2
    fi
    printf 'USAGE: %s <COMMAND> [ARGS] [OPTIONS]\n' "$tool" >&2
    for name in "$@"; do printf '       %s %s\n' "$tool" "$name" >&2; done
    printf '\n' >&2
    exit 255
}

# Case 8: VMID parameter checks, in PVE's wording. Usage: sim_check_vmid "qm status" VALUE-OR-EMPTY
sim_check_vmid() {
    local usage="$1 <vmid> [OPTIONS]" value=$2
    if [[ -z $value ]]; then
        sim_die 255 '400 not enough arguments' "$usage"
    elif ! [[ $value =~ ^[0-9]+$ ]]; then
        sim_die 255 '400 Parameter verification failed.' "vmid: type check ('integer') failed - got '$value'" "$usage"
    elif ((10#$value < 100)); then
        sim_die 255 '400 Parameter verification failed.' 'vmid: value must have a minimum value of 100' "$usage"
    fi
}

# True when a boolean option's value (as PVE accepts them) is on; "" (flag without value) is on.
sim_is_true() { [[ -z $1 || $1 == 1 || $1 == true || $1 == yes || $1 == on ]]; }

# Splits "--name=value" and "--name value" options out of the arguments.
# Sets SIM_ARGS (positional arguments) and SIM_OPT_<name> (dashes → underscores) for each option.
# Known boolean flags (passed in SIM_FLAGS) take a value only when it looks like a boolean.
sim_parse_options() {
    SIM_ARGS=()
    local arg name value
    while (($#)); do
        arg=$1
        shift
        if [[ $arg == --* || ($arg == -* && ${#arg} -gt 1 && ! $arg =~ ^-[0-9]) ]]; then
            name=${arg#-}
            name=${name#-}
            if [[ $name == *=* ]]; then
                value=${name#*=}
                name=${name%%=*}
            elif [[ " ${SIM_FLAGS-} " == *" $name "* ]]; then
                value=""
                if (($#)) && [[ $1 =~ ^(0|1|true|false|yes|no|on|off)$ ]]; then
                    value=$1
                    shift
                fi
            elif (($#)); then
                value=$1
                shift
            else
                value=""
            fi
            name=${name//-/_}
            # Only names that can be shell variables; anything else is ignored like an unused option.
            [[ $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] && printf -v "SIM_OPT_$name" '%s' "$value"
        else
            SIM_ARGS+=("$arg")
        fi
    done
}

# sim_fixture's `/nodes/<name>/` patterns need extended globs.
shopt -s extglob

# Scenarios that replace sample files: a scenario NAME with a directory scenarios/NAME/ serves its
# files instead of the node's own (zfs-degraded, ha-no-quorum).
SIM_FILE_SCENARIOS=(zfs-degraded ha-no-quorum)

# The sample file for FILE on the node whose samples are in DIR, after scenario overrides.
sim_sample_path() { # DIR FILE
    local name
    for name in "${SIM_FILE_SCENARIOS[@]}"; do
        if sim_scenario "$name" && [[ -f $PVE_SIM_DATA/scenarios/$name/$2 ]]; then
            echo "$PVE_SIM_DATA/scenarios/$name/$2"
            return
        fi
    done
    echo "$1/$2"
}

# Answers a command from Tests/Fixtures/samples/commands.tsv, the map the unit tests use too:
#   sim_fixture DIR COMMAND-WORDS…
# finds the line whose COMMAND (quotes removed, `/nodes/<name>/` read as `/nodes/localhost/`)
# equals the words, and prints that sample file of DIR (stderr for .err files) with its exit
# status. Returns 1 when no line matches or the node has no such file.
sim_fixture() {
    local samples=$1 file command code wanted candidate prefix suffix middle path
    shift
    wanted="$*"
    wanted=${wanted/\/nodes\/+([^\/])\//\/nodes\/localhost\/}
    while IFS=$'\t' read -r file command code || [[ -n $file ]]; do
        [[ -z $file || $file == \#* ]] && continue
        candidate=${command//\'/}
        candidate=${candidate/\/nodes\/+([^\/])\//\/nodes\/localhost\/}
        if [[ $candidate == *'{vmid}'* ]]; then
            prefix=${candidate%%'{vmid}'*}
            suffix=${candidate#*'{vmid}'}
            [[ $wanted == "$prefix"*"$suffix" ]] || continue
            middle=${wanted#"$prefix"}
            middle=${middle%"$suffix"}
            [[ $middle =~ ^[0-9]+$ ]] || continue
            file=${file/'{vmid}'/$middle}
        elif [[ $candidate != "$wanted" ]]; then
            continue
        fi
        path=$(sim_sample_path "$samples" "$file")
        [[ -f $path ]] || continue
        if [[ $file == *.err ]]; then cat -- "$path" >&2; else cat -- "$path"; fi
        exit "${code:-0}"
    done <"$PVE_SIM_DATA/commands.tsv"
    return 1
}

# ---------------------------------------------------------------------------------------------
# Simulated tasks: `pvesh create` of a guest action, snapshot or vzdump starts a worker that writes
# its log over a few seconds (task-worker.sh); pvesh reads their status and log, lists them as
# running, and stops them on `pvesh delete /nodes/N/tasks/UPID`. Files: <node dir>/tasks/UPID.{log,pid,exit}.

sim_tasks_dir() { # node → its task directory
    local node=$1
    [[ $node == localhost ]] && node=$PVE_NODE
    if [[ -n ${PVE_SIM_STATE-} ]]; then echo "$PVE_SIM_STATE/nodes/$node/tasks"; else echo "/tmp/pve-sim-tasks-$node"; fi
}

sim_start_task() { # TYPE ID DELAY LINE… → runs the task, printing its log and then its UPID
    local type=$1 id=$2 delay=$3 dir start upid uptime
    shift 3
    dir=$(sim_tasks_dir "$PVE_NODE")
    mkdir -p "$dir"
    start=$(date +%s)
    read -r uptime _ </proc/uptime
    upid=$(printf 'UPID:%s:%08X:%08X:%08X:%s:%s:root@pam:' "$PVE_NODE" "$((RANDOM * 32 + $$ % 32))" \
        "$((${uptime%.*} * 100))" "$start" "$type" "$id")
    : >"$dir/$upid.log"
    setsid "${BASH_SOURCE[0]%/*}/task-worker.sh" "$dir/$upid" "$delay" "$@" </dev/null >/dev/null 2>&1 &
    printf '%s\n' "$!" >"$dir/$upid.pid"
    # Like pvesh from a shell (pve-common RESTEnvironment::fork_worker in "sync" mode): stay in the
    # foreground printing the task log, `TASK ERROR` text on stderr, then the UPID. The worker
    # runs in a session of its own, so stopping this command leaves the task running.
    local shown=0 line
    local -a lines
    while :; do
        local done=0
        sim_task_running "$dir/$upid" || done=1
        mapfile -t lines <"$dir/$upid.log"
        while ((shown < ${#lines[@]})); do
            line=${lines[shown]}
            shown=$((shown + 1))
            case $line in
            "TASK ERROR: "*) printf '%s\n' "${line#TASK ERROR: }" >&2 ;;
            "TASK "*) ;;
            *) printf '%s\n' "$line" ;;
            esac
        done
        ((done)) && break
        sleep 0.1
    done
    printf '%s\n' "$upid"
}

# The task file prefix of a simulated task, if UPID is one.
sim_task_file() { # UPID
    local node dir
    IFS=: read -r _ node _ <<<"$1"
    dir=$(sim_tasks_dir "$node")
    [[ -f $dir/$1.log ]] && echo "$dir/$1"
}

sim_task_running() { # FILE
    [[ ! -f $1.exit ]] && kill -0 "$(<"$1.pid")" 2>/dev/null
}

sim_json_string() { # TEXT → a JSON string
    local text=${1//\\/\\\\}
    text=${text//\"/\\\"}
    text=${text//$'\t'/\\t}
    printf '"%s"' "$text"
}

sim_task_json() { # UPID STATUS [EXITSTATUS] → one task object
    local upid=$1 node pid pstart start type id user
    IFS=: read -r _ node pid pstart start type id user _ <<<"$upid"
    printf '{'
    [[ -n ${3-} ]] && printf '"exitstatus":%s,' "$(sim_json_string "$3")"
    printf '"id":"%s","node":"%s","pid":%d,"pstart":%d,"starttime":%d,"status":"%s","type":"%s","upid":"%s","user":"%s"}' \
        "$id" "$node" "$((16#$pid))" "$((16#$pstart))" "$((16#$start))" "$2" "$type" "$upid" "$user"
}

sim_task_status() { # FILE UPID → pvesh get …/status
    if sim_task_running "$1"; then
        sim_task_json "$2" running
    else
        local exit="unexpected status"
        [[ -f $1.exit ]] && exit=$(<"$1.exit")
        sim_task_json "$2" stopped "$exit"
    fi
    printf '\n'
}

sim_task_log() { # FILE START LIMIT → pvesh get …/log
    local n=0 shown=0 out="" line
    while IFS= read -r line; do
        n=$((n + 1))
        ((n <= $2)) && continue
        (($3 > 0 && shown >= $3)) && break
        out+=${out:+,}"{\"n\":$n,\"t\":$(sim_json_string "$line")}"
        shown=$((shown + 1))
    done <"$1.log"
    ((n == 0)) && out='{"n":1,"t":"no content"}'
    printf '[%s]\n' "$out"
}

# Running simulated tasks of a node, as task-list entries joined by commas (newest first).
sim_running_tasks() { # node
    local dir file upid out=""
    dir=$(sim_tasks_dir "$1")
    [[ -d $dir ]] || return 0
    for file in "$dir"/*.log; do
        [[ -f $file ]] || continue
        file=${file%.log}
        sim_task_running "$file" || continue
        upid=${file##*/}
        out=$(sim_task_json "$upid" RUNNING)${out:+,}$out
    done
    printf '%s' "$out"
}
