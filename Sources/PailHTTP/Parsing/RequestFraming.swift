/// How the request body is delimited (RFC 9112 §6.3).
enum RequestFraming: Equatable {
    case empty
    case length(Int64)
    case chunked

    /// Decides the framing from the header fields, refusing ambiguous messages.
    static func determine(_ headers: HTTPHeaders) throws -> RequestFraming {
        // Most requests (every GET and HEAD) carry neither field: one pass answers them.
        guard headers.fields.contains(where: {
            $0.name.caseInsensitiveEquals("Content-Length") || $0.name.caseInsensitiveEquals("Transfer-Encoding")
        }) else { return .empty }
        let te = headers.values("Transfer-Encoding")
        let cl = headers.values("Content-Length")
        if !te.isEmpty {
            // RFC 9112 §6.1: both fields present may be a smuggling attempt; refuse and close.
            if !cl.isEmpty { throw HeadStatusError.badRequest("both Content-Length and Transfer-Encoding") }
            let codings = te.flatMap { $0.split(separator: ",") }
                .map { $0.trimmingSpaces().lowercased() }
                .filter { !$0.isEmpty }
            // RFC 9112 §6.3 rule 4: chunked must be the final coding, else the length is unknowable.
            guard codings.last == "chunked" else {
                if codings.isEmpty { throw HeadStatusError.badRequest("empty Transfer-Encoding") }
                if codings.contains("chunked") { throw HeadStatusError.badRequest("chunked is not the final coding") }
                throw HeadStatusError(status: 501, reason: "unsupported transfer coding")
            }
            // RFC 9112 §6.1: a coding we do not implement gets 501.
            guard codings.count == 1 else { throw HeadStatusError(status: 501, reason: "unsupported transfer coding") }
            return .chunked
        }
        guard !cl.isEmpty else { return .empty }
        // RFC 9110 §8.6: a list of identical values may be taken as one; differing values are an error.
        var length: Int64?
        for part in cl.flatMap({ $0.split(separator: ",", omittingEmptySubsequences: false) }) {
            let text = part.trimmingSpaces()
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let n = Int64(text) else {
                throw HeadStatusError.badRequest("invalid Content-Length")
            }
            if let l = length, l != n { throw HeadStatusError.badRequest("conflicting Content-Length") }
            length = n
        }
        return length! == 0 ? .empty : .length(length!)
    }
}

extension Substring {
    /// Drops leading and trailing SP and HTAB (OWS).
    func trimmingSpaces() -> Substring {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return s
    }
}
