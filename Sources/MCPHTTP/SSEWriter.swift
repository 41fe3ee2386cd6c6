import Foundation
import Hummingbird
import NIOCore

/// Writes messages as Server-Sent Events (`event: message`, one `data:` line: our JSON is
/// compact), with a comment line every second while nothing else is sent. The comments are how
/// a client that went away is noticed during a long call with no output: the write fails, and
/// the caller cancels what the stream was waiting for.
enum SSEWriter {
    static let keepAliveInterval: Duration = .seconds(1)

    /// True when every message was written and the stream ended; false when the client went away.
    static func write(_ messages: AsyncStream<Data>, to writer: inout any ResponseBodyWriter) async -> Bool {
        let (events, continuation) = AsyncStream<ByteBuffer>.makeStream(bufferingPolicy: .unbounded)
        let forward = Task {
            for await message in messages {
                var buffer = ByteBuffer()
                buffer.writeString("event: message\ndata: ")
                buffer.writeBytes(message)
                buffer.writeString("\n\n")
                continuation.yield(buffer)
            }
            continuation.finish()
        }
        let keepAlive = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: keepAliveInterval)
                if Task.isCancelled { break }
                continuation.yield(ByteBuffer(string: ": keep-alive\n\n"))
            }
        }
        defer {
            keepAlive.cancel()
            forward.cancel()
        }
        do {
            for await event in events {
                try await writer.write(event)
            }
            keepAlive.cancel()
            try await writer.finish(nil)
            return true
        } catch {
            return false
        }
    }
}
