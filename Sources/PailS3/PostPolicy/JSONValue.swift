/// A JSON value, decoded strictly: a number is never read as a boolean, nor a boolean as a number,
/// which is what POST policy conditions need (`content-length-range` takes integers).
enum JSONValue: Decodable, Equatable {
    case string(String)
    case integer(Int64)
    case number(Double)
    case bool(Bool)
    case null
    case array([JSONValue])
    /// Members in no particular order (only one-member objects are ever rendered).
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { self = .null; return }
        if let b = try? single.decode(Bool.self) { self = .bool(b); return }
        if let i = try? single.decode(Int64.self) { self = .integer(i); return }
        if let d = try? single.decode(Double.self) { self = .number(d); return }
        if let s = try? single.decode(String.self) { self = .string(s); return }
        if let a = try? single.decode([JSONValue].self) { self = .array(a); return }
        self = .object(try single.decode([String: JSONValue].self))
    }

    var string: String? { if case .string(let s) = self { return s } else { return nil } }

    /// The value written back as compact JSON, with `, ` and `: ` separators as S3's messages show
    /// conditions (`["eq", "$key", "a"]`).
    var text: String {
        switch self {
        case .string(let s): return JSONString.quote(s)
        case .integer(let i): return String(i)
        case .number(let d): return String(d)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .array(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.sorted { $0.key < $1.key }.map { JSONString.quote($0.key) + ": " + $0.value.text }
                .joined(separator: ", ") + "}"
        }
    }

}
