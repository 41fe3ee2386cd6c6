#!/bin/bash
# A simulated Proxmox task (started by sim_start_task in fake-proxmox.sh, in a session of its own):
#   task-worker.sh FILE DELAY LINE…
# appends each LINE to FILE.log, DELAY seconds apart, then `TASK OK` and writes FILE.exit. SIGTERM
# (pvesh delete of the task) ends it as Proxmox ends a stopped worker.
file=$1
delay=$2
shift 2
# A Proxmox worker's signal handler dies with "received interrupt" (pve-common RESTEnvironment).
trap 'printf "%s\n" "TASK ERROR: received interrupt" >>"$file.log"; printf "received interrupt\n" >"$file.exit"; exit 0' TERM INT
for line in "$@"; do
    printf '%s\n' "$line" >>"$file.log"
    sleep "$delay" &
    wait $!
done
printf 'TASK OK\n' >>"$file.log"
printf 'OK\n' >"$file.exit"
