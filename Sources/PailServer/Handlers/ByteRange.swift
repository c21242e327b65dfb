import PailS3

/// A single `Range: bytes=…` request (RFC 9110 §14.1.2). S3 serves one range per GET.
struct ByteRange: Equatable {
    var start: Int64
    var length: Int64

    /// The satisfiable range, nil when the header should be ignored (not a single bytes range, as S3
    /// ignores malformed ranges and serves the whole object), or InvalidRange (416).
    static func parse(_ header: String, size: Int64) throws -> ByteRange? {
        let value = header.trimmedSpaces()
        guard value.hasPrefix("bytes=") else { return nil }
        let spec = value.dropFirst(6)
        guard !spec.contains(","), let dash = spec.firstIndex(of: "-") else { return nil }
        let first = spec[..<dash].trimmedSpaces(), last = spec[spec.index(after: dash)...].trimmedSpaces()
        if first.isEmpty {
            guard let suffix = Int64(last) else { return nil }
            guard suffix > 0, size > 0 else { throw S3Error.invalidRange(size: size, range: value) }
            let n = min(suffix, size)
            return ByteRange(start: size - n, length: n)
        }
        guard let start = Int64(first), start >= 0 else { return nil }
        var end = size - 1
        if !last.isEmpty {
            guard let e = Int64(last) else { return nil }
            guard e >= start else { return nil }
            end = min(e, size - 1)
        }
        guard start < size else { throw S3Error.invalidRange(size: size, range: value) }
        return ByteRange(start: start, length: end - start + 1)
    }
}
