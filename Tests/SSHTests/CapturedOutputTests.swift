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

@Suite struct ExecJobTests {
    func job(_ request: ExecRequest = ExecRequest(command: "true", teardown: [.closeInput])) -> ExecJob {
        ExecJob(id: 1, request: request, timeout: .seconds(5), maxOutput: 1000) { _ in }
    }

    @Test func stderrIsPassedThroughUntouched() {
        let job = job()
        for chunk in ["\u{1E}PTPID=4242\n", "bash: -c: line 1: syntax error\n"] {
            Array(chunk.utf8).withUnsafeBytes { job.appendStderr($0) }
        }
        #expect(job.stderr.captured.text == "\u{1E}PTPID=4242\nbash: -c: line 1: syntax error\n")
    }

    /// SSH sends what the layer above composed, byte for byte: it adds no watchdog of its own.
    @Test func theRequestIsSentAsComposed() {
        let request = ExecRequest(command: ": frame\nqm list\necho two", teardown: [.closeInput])
        #expect(job(request).remoteCommand == ": frame\nqm list\necho two")
        #expect(job(request).request.teardown == [.closeInput])
    }

    @Test func theRequestLimitLeavesRoomAroundTheLongestCommand() {
        #expect(ExecRequest.maximumBytes > SessionDriver.maximumCommandBytes + 1_500)
        #expect(ExecRequest.maximumBytes <= 34_720)
    }
}
