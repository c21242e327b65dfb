/// Header fields in the order received, names as sent.
///
/// SigV4 signs the exact header values, so nothing here normalises, merges or reorders. Lookups are
/// case-insensitive (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Sequence {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// The first value of `name`, or nil when absent.
    public subscript(name: String) -> String? {
        for field in fields where field.name.caseInsensitiveEquals(name) { return field.value }
        return nil
    }

    /// Every value of `name`, in order; empty when absent.
    public func values(_ name: String) -> [String] {
        var out: [String] = []
        for field in fields where field.name.caseInsensitiveEquals(name) { out.append(field.value) }
        return out
    }

    /// How many fields are named `name` (without collecting their values).
    func count(of name: String) -> Int {
        var n = 0
        for field in fields where field.name.caseInsensitiveEquals(name) { n += 1 }
        return n
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field, keeping any existing field of that name.
    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Replaces every field of `name` with one field.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.name.caseInsensitiveEquals(name) }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}

extension String {
    /// ASCII case-insensitive equality, the comparison HTTP field names use. Bytes outside A–Z and a–z
    /// must match exactly.
    @inlinable
    public func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = self.utf8, b = other.utf8
        // Most names compared in a lookup differ in length: that check is O(1) for native strings.
        guard a.count == b.count else { return false }
        var i = a.startIndex, j = b.startIndex
        while i != a.endIndex {
            let x = a[i], y = b[j]
            if x != y {
                // Two different bytes match only as the two cases of one letter, which differ in 0x20.
                let lx = x | 0x20
                guard lx == y | 0x20, lx >= 0x61, lx <= 0x7A else { return false }
            }
            a.formIndex(after: &i)
            b.formIndex(after: &j)
        }
        return true
    }
}
