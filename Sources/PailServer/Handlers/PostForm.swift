import PailHTTP
import PailS3

/// A POST Object form read up to its `file` part: the fields before it (S3 ignores any after it:
/// "The file or content must be the last field in the form"), and the reader positioned at the
/// file's bytes so that they can be streamed.
struct PostForm {
    /// S3's limit on the form data before the file (MaxPostPreDataLengthExceededError beyond it).
    static let preDataLimit = 20 * 1024

    /// The fields before `file`, names and values as sent, in order.
    var fields: [(name: String, value: String)] = []
    /// The `file` part, nil when the form has none. Its body is next in `reader`.
    var file: FormPart?
    let reader: MultipartFormReader

    /// Reads the fields of the form in `r`'s body, at most `preDataLimit` bytes of them, and stops at
    /// the `file` part. Throws PreconditionFailed when the body is not `multipart/form-data`,
    /// MalformedPOSTRequest when it is not well-formed, MaxPostPreDataLengthExceededError when the
    /// fields are too large.
    static func read(_ r: S3Request) throws -> PostForm {
        guard let contentType = r.headers["Content-Type"], isForm(contentType) else { throw S3Error.postNotMultipart() }
        guard let boundary = MultipartFormReader.boundary(contentType: contentType) else {
            throw S3Error.malformedPOSTRequest()
        }
        let body = r.http.body
        let reader = MultipartFormReader(boundary: boundary) { buffer in
            do { return try body.read(into: buffer) } catch let error as HTTPError { throw PayloadReader.map(error) }
        }
        var form = PostForm(reader: reader)
        do {
            while let part = try reader.nextPart(headerLimit: preDataLimit) {
                if part.name.lowercased() == "file" {
                    form.file = part
                    break
                }
                let budget = preDataLimit - Int(reader.position)
                guard budget > 0 else { throw S3Error.maxPostPreDataLengthExceeded() }
                let value = try reader.readValue(limit: budget)
                form.fields.append((part.name, String(decoding: value, as: UTF8.self)))
            }
        } catch let error as MultipartFormError {
            throw map(error)
        }
        if reader.position > Int64(preDataLimit) { throw S3Error.maxPostPreDataLengthExceeded() }
        return form
    }

    /// True for a `multipart/form-data` Content-Type (with or without parameters).
    static func isForm(_ contentType: String) -> Bool {
        let type = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmedSpaces().lowercased() }
        return type == "multipart/form-data"
    }

    /// The first value of the field `name`, compared case-insensitively (S3 matches form field names
    /// so: `Content-Type` and `content-type` are one field).
    func value(_ name: String) -> String? {
        fields.first { $0.name.caseInsensitiveEquals(name) }?.value
    }

    /// The S3 error for a form that cannot be read: before the file, an oversized part is
    /// MaxPostPreDataLengthExceededError; anything else is MalformedPOSTRequest.
    static func map(_ error: MultipartFormError) -> S3Error {
        switch error {
        case .tooLarge: return .maxPostPreDataLengthExceeded()
        case .malformed, .truncated: return .malformedPOSTRequest()
        }
    }
}
