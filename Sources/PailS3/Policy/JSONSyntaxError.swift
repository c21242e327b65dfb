/// Where JSON text stops being well-formed: a byte offset, and the 1-based line and column of it
/// (columns count bytes, as most editors' status bars do for ASCII).
public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    public var offset: Int
    public var line: Int
    public var column: Int

    public init(bytes: [UInt8], offset: Int) {
        self.offset = offset
        var line = 1, lineStart = 0
        for i in 0..<min(offset, bytes.count) where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        self.line = line
        column = offset - lineStart + 1
    }

    public var description: String {
        "JSON syntax error at line \(line), column \(column)"
    }
}
