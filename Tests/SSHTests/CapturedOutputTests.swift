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

@Suite struct PIDMarkerTests {
    func job() -> ExecJob { ExecJob(id: 1, command: "true", timeout: 5, maxOutput: 1000) { _ in } }

    func feed(_ job: ExecJob, _ chunks: [String]) {
        for chunk in chunks { Array(chunk.utf8).withUnsafeBytes { job.appendStderr($0) } }
    }

    @Test func markerIsParsedAndStripped() {
        let job = job()
        feed(job, ["\u{1E}PTPID=4242\nreal error\n"])
        #expect(job.remotePID == 4242)
        #expect(job.stderr.captured.text == "real error\n")
    }

    @Test func markerSplitAcrossReads() {
        let job = job()
        feed(job, ["\u{1E}PT", "PID=77", "\nx"])
        #expect(job.remotePID == 77)
        #expect(job.stderr.captured.text == "x")
    }

    @Test func ordinaryStderrIsUntouched() {
        let job = job()
        feed(job, ["bash: -c: line 1: syntax error\n"])
        #expect(job.remotePID == nil)
        #expect(job.stderr.captured.text == "bash: -c: line 1: syntax error\n")
    }

    @Test func wrappedCommandReportsThePIDFirst() {
        #expect(job().remoteCommand == "printf '\\036PTPID=%d\\n' \"$$\" >&2; true")
    }
}
