extension DecodingError {
    /// One line for a user: where in the JSON (`rules[2].action.status`) and what is wrong.
    public var readableMessage: String {
        func path(_ p: [CodingKey]) -> String {
            var out = ""
            for k in p {
                if let i = k.intValue { out += "[\(i)]" } else { out += out.isEmpty ? k.stringValue : ".\(k.stringValue)" }
            }
            return out.isEmpty ? "top level" : out
        }
        switch self {
        case .dataCorrupted(let ctx):
            if let underlying = ctx.underlyingError { return "\(path(ctx.codingPath)): \(ctx.debugDescription) (\(underlying.localizedDescription))" }
            return "\(path(ctx.codingPath)): \(ctx.debugDescription)"
        case .keyNotFound(let key, let ctx):
            return "\(path(ctx.codingPath + [key])): missing; \(ctx.debugDescription)"
        case .typeMismatch(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(type); \(ctx.debugDescription)"
        case .valueNotFound(let type, let ctx):
            return "\(path(ctx.codingPath)): expected \(type) but found null"
        @unknown default:
            return "\(self)"
        }
    }
}
