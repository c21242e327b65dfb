/// One thing `StoreChecker` found in a data directory.
public struct StoreFinding: Sendable, Equatable, CustomStringConvertible {
    /// What kind of inconsistency it is. Every kind but `.pending` is a problem.
    public enum Kind: String, Sendable, CaseIterable {
        /// An index row (current or noncurrent version, or upload part) names a file that is gone.
        case missingFile = "missing-file"
        /// A file is shorter or longer than the length its row records, or a row's size differs from
        /// its bytes (the sum of its segments, or its inline bytes).
        case sizeMismatch = "size-mismatch"
        /// `--deep`: the bytes no longer match the row's ETag (the MD5 of a single PUT, or the MD5 of
        /// the part MD5s of a multipart object) or a stored CRC/SHA checksum.
        case contentMismatch = "content-mismatch"
        /// A file under `objects/` or `uploads/` that no row references, older than the pending age.
        case orphanFile = "orphan"
        /// An unreferenced file younger than the pending age: what a crash in the middle of a write
        /// leaves. Not a problem: the server removes it at its next start.
        case pending = "pending"
        /// Anything under `tmp/` (nothing there outlives a process).
        case tmpFile = "tmp-file"
        /// `PRAGMA integrity_check` reported this, or a table could not be read.
        case indexCorrupt = "index-corrupt"
        /// Noncurrent versions of a key that has no current row (a key has rows in `versions` only
        /// while it has one in `objects`).
        case versionsWithoutCurrent = "versions-without-current"
        /// A part row whose upload no longer exists.
        case danglingPart = "dangling-part"
    }

    public var kind: Kind
    /// What it is about: `bucket/key (version id)`, `upload id part n`, or a path under the root.
    public var subject: String
    public var detail: String

    public init(kind: Kind, subject: String, detail: String) {
        self.kind = kind
        self.subject = subject
        self.detail = detail
    }

    /// False only for `.pending` files.
    public var isProblem: Bool { kind != .pending }

    public var description: String { "\(kind.rawValue): \(subject): \(detail)" }
}
