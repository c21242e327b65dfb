/// The errors of POST Object (browser uploads): AWS's ErrorResponses page and the messages S3 sends
/// for a form that breaks its policy ("Invalid according to Policy: …").
extension S3Error {
    /// `InvalidPolicyDocument` (400): the policy is not a document S3 can read.
    public static func invalidPolicyDocument(_ m: String) -> S3Error { S3Error("InvalidPolicyDocument", 400, m) }

    /// `MalformedPOSTRequest` (400).
    public static func malformedPOSTRequest(_ m: String = "The body of your POST request is not well-formed multipart/form-data.") -> S3Error {
        S3Error("MalformedPOSTRequest", 400, m)
    }

    /// `MaxPostPreDataLengthExceededError` (400): the fields before the file are too large.
    public static func maxPostPreDataLengthExceeded() -> S3Error {
        S3Error("MaxPostPreDataLengthExceededError", 400, "Your POST request fields preceding the upload file were too large.")
    }

    /// A policy condition that does not hold: 403 AccessDenied quoting the condition.
    public static func postPolicyConditionFailed(_ condition: String) -> S3Error {
        .accessDenied("Invalid according to Policy: Policy Condition failed: \(condition)")
    }

    /// The policy's expiration has passed.
    public static func postPolicyExpired() -> S3Error { .accessDenied("Invalid according to Policy: Policy expired.") }

    /// Form fields that no condition names.
    public static func postExtraInputFields(_ fields: [String]) -> S3Error {
        .accessDenied("Invalid according to Policy: Extra input fields: \(fields.joined(separator: ", "))")
    }

    /// A required form field is missing (AWS also says so when the field comes after `file`, which
    /// ends what S3 reads).
    public static func postMissingField(_ name: String) -> S3Error {
        invalidArgument("Bucket POST must contain a field named '\(name)'.  If it is specified, please check the order of the fields.",
                        name: name, value: "")
    }

    /// The form has no `file` part.
    public static func postFileCount() -> S3Error {
        invalidArgument("POST requires exactly one file upload per request.", name: "file", value: "0")
    }

    /// A bucket POST that is not `multipart/form-data` (412, with the condition S3 names).
    public static func postNotMultipart() -> S3Error {
        S3Error("PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold",
                details: [("Condition", "Bucket POST must be of the enclosure-type multipart/form-data")])
    }

    /// The file is smaller than the policy's `content-length-range` allows.
    public static func postEntityTooSmall(proposed: Int64, min: Int64) -> S3Error {
        S3Error("EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed size",
                details: [("ProposedSize", String(proposed)), ("MinSizeAllowed", String(min))])
    }

    /// The file is larger than the policy's `content-length-range` allows (found while it streams,
    /// so its whole size is not known).
    public static func postEntityTooLarge(max: Int64) -> S3Error {
        S3Error("EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed size",
                details: [("MaxSizeAllowed", String(max))])
    }
}
