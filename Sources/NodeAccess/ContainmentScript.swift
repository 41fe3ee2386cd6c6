/// The containment wrapper as it runs on the node: one Perl process (Perl is on every PVE node)
/// that sets up the wall with raw system calls and then execs `bash -c` on the command it reads
/// from fd 3. One process instead of `unshare` + `mount` + `setpriv` (util-linux 2.38's `mount`
/// has no recursive read-only bind, so it would be one `mount` per submount): see `make bench`.
///
/// Steps: unshare(CLONE_NEWNS); make every mount private (nothing propagates back to the node);
/// bind the writable places onto themselves; one tmpfs for the private temp dirs;
/// mount_setattr("/", AT_RECURSIVE, RDONLY); clear RDONLY (and set nodev, nosuid) on the writable
/// places; dot entries of /root back to read-only; secrets and sockets covered; capabilities out of
/// the bounding set; PR_SET_NO_NEW_PRIVS; exec. The command keeps the pid (and so the process
/// group) of the login shell: the watchdog's stop still reaches all of it. Mounts made here are
/// locked for a less privileged namespace, so an unprivileged user namespace cannot undo them.
///
/// System call numbers are x86_64's; any other architecture (read from /proc/sys/kernel/arch,
/// since a wrong number would be another call) and any failed step end the command with
/// `failureStatus` and a `failurePrefix` line on stderr before it runs: it never runs uncontained.
enum ContainmentScript {
    static let failureStatus: Int32 = 97
    static let failurePrefix = "proxmox-tools: containment unavailable: "

    /// The shell line the login shell runs: check for Perl, then become the wrapper, with the rest
    /// of the composed text (the here-document that follows) on fd 3.
    /// A node without Perl: bash cannot exec it and ends the command with 127 before it ran.
    static let missingPerl = "/usr/bin/perl: No such file or directory"

    static func line(_ profile: ContainmentProfile, delimiter: String) -> String {
        "exec /usr/bin/perl -e '\(perl(profile))' 3<<'\(delimiter)'"
    }

    static func perl(_ profile: ContainmentProfile) -> String {
        precondition(profile.allPaths.allSatisfy(ContainmentProfile.isPlainPath) && !profile.privateTemp.isEmpty,
                     "containment paths must be absolute and plain ([A-Za-z0-9/._+*-]), with a private temp dir")
        // qw() needs no quotes or commas (the exec request has little room to spare), and an empty
        // one is an empty list where `for$d()` would be a syntax error. (Its words are strings: Perl
        // passes a string to syscall as a pointer, so numbers get `+0`.)
        func list(_ paths: [String]) -> String { "qw(" + paths.joined(separator: " ") + ")" }
        let capabilities = "qw(" + profile.droppedCapabilities.map(String.init).joined(separator: " ") + ")"
        // Numbers: unshare 272, mount 165, mount_setattr 442, prctl 157 (PR_CAPBSET_DROP 24,
        // PR_SET_NO_NEW_PRIVS 38); CLONE_NEWNS 0x20000; MS_REC|MS_PRIVATE 0x44000; MS_BIND|MS_REC
        // 0x5000; MS_NOSUID|MS_NODEV 6 (+MS_RDONLY|MS_NOEXEC: 15); AT_FDCWD -100; AT_RECURSIVE
        // 0x8000; MOUNT_ATTR_RDONLY 1, NOSUID|NODEV 6. A kept path (the simulator's state under
        // /tmp, `PROXMOX_TOOLS_WALL_KEEP`) is opened after unshare, so the bind comes from this namespace.
        return [
            #"sub f{print STDERR "\#(failurePrefix)@_\n";exit \#(failureStatus)}"#,
            #"sub c{my($n,$s,@r)=@_;syscall($s,@r)<0&&f("$n: $!")}"#,
            #"sub a{c("setattr $_[0]",442,-100,$_[0],0x8000,pack("Q4",$_[1],$_[2],0,0),32)}"#,
            #"sub b{c("bind $_[1]",165,$_[0],$_[1],0,0x5000,0)}"#,
            #"sub g{my@p="";for my$c(grep$_ ne"",split m{/},$_[0]){my$r=quotemeta$c;$r=~s/\\\*/.*/g;@p=map{my$d=$_;my$h;$c=~/\*/?(opendir($h,"$d/")?map("$d/$_",grep(/^$r$/&&!/^\./,readdir$h)):()):"$d/$c"}@p}@p}"#,
            #"open(A,"/proc/sys/kernel/arch")&&<A>eq"x86_64\n"||f("not an x86_64 node");"#,
            #"open(C,"<&=3")||f("fd 3");{local$/;$x=<C>}close C;chop$x;"#,
            #"c("unshare",272,0x20000);c("private /",165,"none","/",0,0x44000,0);"#,
            #"@k=map{my$h;m{^/tmp/[^.]}&&!m{/\.}&&-d&&open($h,"<",$_)?[$_,$h]:()}split/:/,$ENV{PROXMOX_TOOLS_WALL_KEEP};"#,
            #"@w=grep{-d}\#(list(profile.writable));b($_,$_)for@w;"#,
            #"($t,@t)=grep{-d}\#(list(profile.privateTemp));c("tmpfs $t",165,"tmpfs",$t,"tmpfs",6,"mode=1777");b($t,$_)for@t;"#,
            #"for(@k){($p,$h)=@$_;$q="";mkdir($q.="/$_")for grep$_ ne"",split m{/},$p;b("/proc/self/fd/".fileno($h),$p)}"#,
            #"a("/",1,0);a($_,6,1)for$t,@t,@w;a($$_[0],1,0)for@k;"#,
            #"for$d(\#(list(profile.dotEntriesReadOnly))){opendir H,$d;for(grep{/^\./&&!/^\.\.?$/&&!-l"$d/$_"}readdir H){b("$d/$_","$d/$_");a("$d/$_",1,0)}}"#,
            #"for(map{g$_}\#(list(profile.secrets + profile.hidden))){-e||next;-d?c("hide $_",165,"none",$_,"tmpfs",15,"mode=0"):b("/dev/null",$_)}"#,
            #"c("capbset",157,24,$_+0)for \#(capabilities);c("no_new_privs",157,38,1,0,0,0);"#,
            #"exec{"/bin/bash"}"bash","-c",$x;f("/bin/bash: $!")"#,
        ].joined()
    }
}
