import Foundation

extension HTTPConnection {
    /// Writes the response; returns false when the connection must close because the body could not
    /// be sent exactly as declared (the client then sees a truncated body, never a wrong one).
    func writeResponse(_ response: HTTPResponse, request: HTTPRequestHead, keepAlive: Bool,
                       transport t: ConnectionTransport) -> Bool {
        let status = response.status
        // RFC 9110 §9.3.2, §15.3.5, §15.4.5: HEAD, 204 and 304 responses carry no content.
        let omit = response.omitBody || request.method == "HEAD" || status == 204 || status == 304
            || (status >= 100 && status < 200)
        let head = output
        ResponseHeadEncoder.encode(response, close: !keepAlive,
                                   http10KeepAlive: keepAlive && request.version == "HTTP/1.0", into: head)
        // Whatever way the response ends, the buffer is empty for the next one.
        defer { head.removeAll() }
        let timeout = config.writeTimeout
        do {
            switch (omit, response.body) {
            case (true, _), (_, .empty):
                try head.drain { try t.write($0, stallTimeout: timeout) }
            case (false, .bytes(let bytes)):
                if head.count + bytes.count <= ConnectionBodyWriter.coalesceLimit {
                    head.append(bytes)
                    try head.drain { try t.write($0, stallTimeout: timeout) }
                } else {
                    try head.drain { try t.write($0, stallTimeout: timeout) }
                    try bytes.withUnsafeBytes { try t.write($0, stallTimeout: timeout) }
                }
            case (false, .stream(let length, let produce)):
                let writer = ConnectionBodyWriter(transport: t, head: head, declaredLength: length,
                                                  stallTimeout: timeout, connection: self)
                do {
                    try produce(writer)
                } catch {
                    if !writer.aborted { try? writer.flush() }
                    return false
                }
                if writer.aborted { return false }
                try writer.flush()
                if writer.written != length { return false }
            }
        } catch {
            return false
        }
        return true
    }
}
