import PailS3

/// Streams the `file` part of a POST Object form into storage: each buffer is written and MD5-hashed
/// once (the hash behind the writes, as `BodyIngest` does it), and the size is held to the policy's
/// `content-length-range` as the bytes arrive, so an oversized file fails without being read whole.
/// Memory: the form reader's buffer plus the hash pipeline's ring, whatever the file's size.
enum FormFileIngest {
    struct Result {
        var etag: String
        var size: Int64
    }

    /// `sizes`: the policy's allowed sizes, nil for any size up to S3's single-upload limit.
    /// `small`: the whole request fits one buffer (hash inline, no queue hand-offs).
    static func run(_ reader: MultipartFormReader, sizes: (min: Int64, max: Int64)?, small: Bool,
                    write: (UnsafeRawBufferPointer) throws -> Void) throws -> Result {
        let md5 = Digest(.md5)
        let hashes = HashPipeline(bufferSize: BodyIngest.bufferSize, depth: BodyIngest.pipelineDepth, overlapped: !small,
                                  lanes: [md5.update])
        defer { hashes.finish() }
        var size: Int64 = 0
        while true {
            let buffer = hashes.nextBuffer()
            let n = try fill(buffer, from: reader)
            if n == 0 { break }
            size += Int64(n)
            if let sizes, size > sizes.max { throw S3Error.postEntityTooLarge(max: sizes.max) }
            if size > BodyIngest.maxObjectSize { throw S3Error.entityTooLarge(BodyIngest.maxObjectSize) }
            hashes.hash(count: n)
            do { try write(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) } catch {
                throw S3Error.internalError("Writing the object failed: \(error)")
            }
            if n < buffer.count { break }
        }
        hashes.finish()
        if let sizes, size < sizes.min { throw S3Error.postEntityTooSmall(proposed: size, min: sizes.min) }
        return Result(etag: md5.finalize().hex, size: size)
    }

    /// Reads until `buffer` is full or the file part ends.
    private static func fill(_ buffer: UnsafeMutableRawBufferPointer, from reader: MultipartFormReader) throws -> Int {
        var filled = 0
        do {
            while filled < buffer.count {
                let n = try reader.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]))
                if n == 0 { break }
                filled += n
            }
        } catch let error as MultipartFormError {
            throw PostForm.map(error)
        }
        return filled
    }
}
