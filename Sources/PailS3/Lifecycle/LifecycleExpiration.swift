import Foundation

/// A rule's `<Expiration>`: exactly one of its three forms
/// (docs.aws.amazon.com/AmazonS3/latest/API/API_LifecycleExpiration.html; "This cannot be
/// specified with Days or Date").
public enum LifecycleExpiration: Sendable, Equatable, Codable {
    /// `<Days>`: a current version expires this many days after it was created, rounded up to the
    /// next midnight UTC. Must be at least 1.
    case days(Int)
    /// `<Date>`: current versions expire from this instant on. Must be a midnight UTC.
    case date(Date)
    /// `<ExpiredObjectDeleteMarker>`: `true` removes a delete marker left as the only version of
    /// its key; `false` takes no action.
    case expiredObjectDeleteMarker(Bool)
}
