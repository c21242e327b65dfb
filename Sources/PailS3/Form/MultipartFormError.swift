/// Why a `multipart/form-data` body could not be read.
public enum MultipartFormError: Error, Equatable, Sendable {
    /// The body breaks RFC 7578 / RFC 2046 §5.1.1: no delimiter where one must be, a delimiter line
    /// followed by something other than `--` or CRLF, or a part without `Content-Disposition: form-data;
    /// name=…`. The text says which.
    case malformed(String)
    /// The body ended before the closing delimiter (`--boundary--`).
    case truncated
    /// A part's header block, the preamble, or a value read with a limit was larger than allowed.
    case tooLarge
}
