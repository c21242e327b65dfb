import Foundation

extension WriteCondition {
    /// Throws `.preconditionFailed` unless the condition holds for `current` (the key's row now).
    /// Called inside the commit transaction, so the check and the write are atomic.
    func check(_ current: ObjectRow?) throws {
        switch self {
        case .none: return
        case .mustNotExist:
            if current != nil { throw StorageError.preconditionFailed }
        case .etagMatches(let etag):
            guard let current, current.info.etag == etag else { throw StorageError.preconditionFailed }
        }
    }
}
