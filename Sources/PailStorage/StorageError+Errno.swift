import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension StorageError {
    /// The error a failed system call becomes: exhausted space or descriptors keep their own cases
    /// (the S3 layer answers them with a retryable 503, not a 500), anything else is `.io`.
    /// `what` names the call and the file, as in `write objects/3f/3fa9…`.
    static func posix(_ err: Int32, _ what: String) -> StorageError {
        let message = "\(what): \(String(cString: strerror(err)))"
        switch err {
        case ENOSPC, EDQUOT: return .outOfSpace(message)
        case EMFILE, ENFILE: return .outOfDescriptors(message)
        default: return .io(message)
        }
    }

    /// The text of an I/O, database or exhaustion error (what failed, on which file, and why);
    /// the case name for the others.
    public var message: String {
        switch self {
        case .io(let m), .database(let m), .outOfSpace(let m), .outOfDescriptors(let m): return m
        default: return "\(self)"
        }
    }

    /// True for the failures that go away by themselves once the resource is back.
    public var isResourceExhaustion: Bool {
        switch self {
        case .outOfSpace, .outOfDescriptors: return true
        default: return false
        }
    }
}
