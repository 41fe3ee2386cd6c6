# shellcheck shell=bash
# Process and socket helpers for scripts/sim-cluster, reading /proc directly so that they work on
# a minimal Debian without procps or iproute2.

# Reads the parent of every process once into SIM_CHILDREN (ppid → "pid pid …"). Call it in the main
# shell before using sim_descendants in subshells, so that a 16-node `down` scans /proc only once.
sim_scan_processes() {
    declare -gA SIM_CHILDREN=()
    SIM_CHILDREN_SCANNED=1
    local file line pid rest ppid
    for file in /proc/[0-9]*/stat; do
        read -r line 2>/dev/null <"$file" || continue
        pid=${line%% *}
        rest=${line##*) } # after "pid (comm) ": "state ppid …"; comm may hold spaces and parens
        read -r _ ppid _ <<<"$rest"
        SIM_CHILDREN[$ppid]+="$pid "
    done
}

# Prints the pids of every descendant of the given pid, one per line.
sim_descendants() {
    [[ -n ${SIM_CHILDREN_SCANNED-} ]] || sim_scan_processes
    local -a queue=("$1")
    local current child
    while ((${#queue[@]})); do
        current=${queue[0]}
        queue=("${queue[@]:1}")
        for child in ${SIM_CHILDREN[$current]-}; do
            echo "$child"
            queue+=("$child")
        done
    done
}

# Prints the pids of processes that carry PVE_SIM_NODE_DIR=<dir> in their environment: everything a
# node's sessions started, including processes that were re-parented away from sshd.
sim_marked_processes() {
    local file pid
    # grep -z treats each NUL-separated variable as a line; -x needs the whole variable to match.
    while IFS= read -r file; do
        pid=${file#/proc/}
        echo "${pid%/environ}"
    done < <(grep -lsxzF -- "PVE_SIM_NODE_DIR=$1" /proc/[0-9]*/environ || true)
}

# Prints the pid of this script and of each of its ancestors, so a caller inside a session
# (for example `ssh pve1 sim-cluster down …`) never kills itself.
sim_own_lineage() {
    local pid=$$ line rest
    while [[ -n $pid && $pid != 0 ]]; do
        echo "$pid"
        read -r line 2>/dev/null <"/proc/$pid/stat" || break
        rest=${line##*) }
        read -r _ pid _ <<<"$rest"
    done
}

# True while the process runs. A zombie counts as gone: a daemonized sshd's parent is PID 1, and
# in a container PID 1 may reap its orphans late or never.
sim_alive() {
    local line rest
    kill -0 "$1" 2>/dev/null || return 1
    read -r line 2>/dev/null <"/proc/$1/stat" || return 1
    rest=${line##*) }
    [[ ${rest:0:1} != Z ]]
}

# True if the pid is an sshd started with the given config file.
sim_is_our_sshd() {
    local pid=$1 config=$2 cmdline
    [[ -r /proc/$pid/cmdline ]] || return 1
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
    [[ $cmdline == *sshd* && $cmdline == *"-f $config "* ]]
}

# Sends TERM to the pids, waits up to 5 s, then KILLs what is left and waits until all are gone.
sim_terminate() {
    (($#)) || return 0
    local pid i
    kill -TERM "$@" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        local alive=0
        for pid in "$@"; do sim_alive "$pid" && alive=1 && break; done
        ((alive)) || return 0
        sleep 0.05
    done
    kill -KILL "$@" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        local alive=0
        for pid in "$@"; do sim_alive "$pid" && alive=1 && break; done
        ((alive)) || return 0
        sleep 0.05
    done
    echo "sim-cluster: processes $* did not exit after SIGKILL" >&2
    return 1
}

# IPv4 address + port → the "0B00007F:0016" form of /proc/net/tcp.
sim_proc_net_key() {
    local a b c d
    IFS=. read -r a b c d <<<"$1"
    printf '%02X%02X%02X%02X:%04X' "$d" "$c" "$b" "$a" "$2"
}

# Prints every listening TCP socket as it appears in /proc/net/tcp and tcp6 (ADDR:PORT in hex).
# awk, not a bash read loop: bash reads /proc files a byte at a time.
sim_listening_sockets() {
    awk '$4 == "0A" { print $2 }' /proc/net/tcp /proc/net/tcp6 2>/dev/null || true
}

# True if something listens on address:port, directly or through a wildcard (0.0.0.0 or ::).
# Usage: sim_port_taken ADDRESS PORT "$(sim_listening_sockets)"
sim_port_taken() {
    local key port_hex listening=$3
    key=$(sim_proc_net_key "$1" "$2")
    port_hex=${key#*:}
    local -a candidates=("$key" "00000000:$port_hex" "00000000000000000000000000000000:$port_hex"
        "0000000000000000FFFF0000${key%:*}:$port_hex")
    local candidate
    for candidate in "${candidates[@]}"; do
        [[ $'\n'$listening$'\n' == *$'\n'"$candidate"$'\n'* ]] && return 0
    done
    return 1
}
