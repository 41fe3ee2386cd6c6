import Testing
@testable import SSH

@Suite struct CapturedOutputTests {
    func capture(_ bytes: [UInt8], limit: Int) -> CapturedStream {
        var buffer = CappedBuffer(limit: limit)
        bytes.withUnsafeBytes { _ = buffer.append($0) }
        return buffer.captured
    }

    @Test func underTheLimitIsKeptWhole() {
        let stream = capture(Array("héllo\n".utf8), limit: 100)
        #expect(stream.text == "héllo\n")
        #expect(!stream.truncated)
        #expect(stream.totalBytes == 7)
    }

    @Test func overTheLimitGetsAMarkerWithTheDroppedCount() {
        let stream = capture(Array(repeating: UInt8(ascii: "a"), count: 1000), limit: 100)
        #expect(stream.truncated)
        #expect(stream.text == String(repeating: "a", count: 100) + "\n[… truncated 900 bytes]")
    }

    @Test(arguments: 1...7)
    func cutNeverSplitsAMultibyteCharacter(limit: Int) {
        // "€" is 3 bytes (E2 82 AC), "😀" is 4.
        let bytes = Array("a€😀b".utf8)
        let stream = capture(bytes, limit: limit)
        #expect(!stream.text.contains("\u{FFFD}"))
        let kept = stream.text.components(separatedBy: "\n[… truncated").first!
        #expect("a€😀b".hasPrefix(kept))
        #expect(stream.text.hasSuffix("[… truncated \(bytes.count - kept.utf8.count) bytes]"))
    }

    @Test func invalidUTF8BecomesReplacementCharacters() {
        let stream = capture([0x66, 0xFF, 0xFE, 0x6F], limit: 100)
        #expect(stream.text == "f\u{FFFD}\u{FFFD}o")
    }

    @Test func appendsAcrossChunksCountEverything() {
        var buffer = CappedBuffer(limit: 4)
        for chunk in ["ab", "cd", "ef"] { Array(chunk.utf8).withUnsafeBytes { _ = buffer.append($0) } }
        #expect(buffer.captured.text == "abcd\n[… truncated 2 bytes]")
        #expect(buffer.captured.totalBytes == 6)
    }
}

@Suite struct WatchdogLineTests {
    func job(_ command: String = "true") -> ExecJob { ExecJob(id: 1, command: command, timeout: 5, maxOutput: 1000) { _ in } }

    @Test func stderrIsPassedThroughUntouched() {
        let job = job()
        for chunk in ["\u{1E}PTPID=4242\n", "bash: -c: line 1: syntax error\n"] {
            Array(chunk.utf8).withUnsafeBytes { job.appendStderr($0) }
        }
        #expect(job.stderr.captured.text == "\u{1E}PTPID=4242\nbash: -c: line 1: syntax error\n")
    }

    @Test func theCommandFollowsTheWatchdogOnItsOwnLine() {
        let lines = job("qm list\necho two").remoteCommand.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3)
        #expect(lines[0] == Substring(ExecJob.watchdog))
        #expect(lines[1] == "qm list")
        // The watchdog stops the whole process group on stdin EOF, and only while the shell lives.
        #expect(lines[0].contains("read -r _; kill -0 $$ 2>/dev/null && { kill -TERM -- -$$; sleep 1; kill -KILL -- -$$; }"))
        #expect(lines[0].hasSuffix("exec </dev/null"))
    }
}
