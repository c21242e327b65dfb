import Foundation

extension WriteCondition {
    /// Throws unless the condition holds for `current` (the key's current row; a delete marker
    /// counts as no object): `.preconditionFailed`, or `.noSuchKey` for `If-Match` on a key with no
    /// object (AWS answers 404 there). Called inside the commit transaction, so the check and the
    /// write are atomic.
    func check(_ current: ObjectRow?) throws {
        let object = current.flatMap { $0.info.isDeleteMarker ? nil : $0 }
        switch self {
        case .none: return
        case .mustNotExist:
            if object != nil { throw StorageError.preconditionFailed }
        case .etagMatches(let etag):
            guard let object else { throw StorageError.noSuchKey }
            guard object.info.etag == etag else { throw StorageError.preconditionFailed }
        }
    }
}
