import Foundation

/// A rule's `<Transition>` (docs.aws.amazon.com/AmazonS3/latest/API/API_Transition.html).
///
/// Kept so a configuration reads back as it was written, and never acted on: Pail has one storage
/// class, so there is nothing to move an object to. `LifecycleEvaluator` ignores transitions.
public struct LifecycleTransition: Sendable, Equatable, Codable {
    /// Days after creation (0 or more); nil when `date` is set.
    public var days: Int?
    /// A midnight UTC; nil when `days` is set.
    public var date: Date?
    /// One of `LifecycleTransition.storageClasses`.
    public var storageClass: String

    public init(days: Int? = nil, date: Date? = nil, storageClass: String) {
        self.days = days
        self.date = date
        self.storageClass = storageClass
    }

    /// The classes S3's schema allows a transition to name (`TransitionStorageClass`).
    public static let storageClasses: Set<String> = [
        "GLACIER", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "DEEP_ARCHIVE", "GLACIER_IR",
    ]
}
