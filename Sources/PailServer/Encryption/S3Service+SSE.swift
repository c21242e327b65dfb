import PailHTTP
import PailS3
import PailStorage

/// Server-side encryption in the object handlers: each handler calls one of these in a line or two.
extension S3Service {
    /// The data key a new object or upload gets (PutObject, CopyObject's destination,
    /// CreateMultipartUpload): as its SSE headers ask, else as the bucket's default encryption says;
    /// nil for a plaintext object.
    func newObjectKey(_ r: S3Request, bucket: String) throws -> ObjectKey? {
        try newObjectKey(r.headers, bucket: bucket)
    }

    /// `newObjectKey` from SSE headers or, for POST Object, the form's SSE fields.
    func newObjectKey(_ headers: HTTPHeaders, bucket: String) throws -> ObjectKey? {
        guard let request = try EncryptionRequest.from(headers) ?? bucketEncryption(bucket).map(EncryptionRequest.bucketDefault) else {
            return nil
        }
        return try encryption.newKey(request)
    }

    /// The key to read object `info` with (GetObject, HeadObject; with `copySource`, the source of
    /// CopyObject and UploadPartCopy, whose SSE-C key comes in the `x-amz-copy-source-…` headers);
    /// nil for a plaintext object. Throws as S3 does for SSE-C headers that are missing, wrong or not
    /// applicable, and for SSE headers on a read.
    func objectKey(_ r: S3Request, _ info: ObjectInfo, copySource: Bool = false) throws -> ObjectKey? {
        guard let record = info.metadata.encryption else {
            // The one check a plaintext GET pays: a scan of the header names.
            guard SSEHeader.anyPresent(in: r.headers) || copySource else { return nil }
            if try CustomerKey.from(r.headers, copySource: copySource) != nil { throw S3Error.encryptionParametersNotApplicable() }
            if !copySource { try rejectWriteHeaders(r) }
            return nil
        }
        let customer = try CustomerKey.from(r.headers, copySource: copySource)
        if !copySource { try rejectWriteHeaders(r) }
        if record.mode == .customer {
            guard let customer else { throw S3Error.encryptedObjectNeedsKey() }
            return try encryption.unwrap(record, customer: customer)
        }
        if customer != nil { throw S3Error.encryptionParametersNotApplicable() }
        return try encryption.unwrap(record, customer: nil)
    }

    /// The upload's data key for UploadPart and UploadPartCopy: an SSE-C upload needs its key on
    /// every part (User Guide, SSE-C: "you must provide the same encryption key" for each part).
    func uploadKey(_ r: S3Request, _ upload: UploadInfo) throws -> ObjectKey? {
        let customer = try CustomerKey.from(r.headers, copySource: false)
        guard let record = upload.metadata.encryption else {
            if customer != nil { throw S3Error.encryptionParametersNotApplicable() }
            return nil
        }
        guard record.mode == .customer else {
            if customer != nil { throw S3Error.encryptionParametersNotApplicable() }
            return try encryption.unwrap(record, customer: nil)
        }
        guard let customer else {
            throw S3Error.invalidRequest("The multipart upload initiate requested encryption. Subsequent part requests must include the appropriate encryption parameters.")
        }
        guard customer.matches(record) else {
            throw S3Error.invalidRequest("The provided encryption parameters did not match the ones used originally.")
        }
        return try encryption.unwrap(record, customer: customer)
    }

    /// `writer`, encrypting under `key` when there is one.
    func encrypting(_ writer: ObjectWriter, _ key: ObjectKey?) -> ObjectWriter {
        key.map { $0.encrypting(writer, random: encryption.random) } ?? writer
    }

    /// Part `partNumber`'s `writer`, encrypting under the upload's `key` when there is one.
    func encrypting(_ writer: PartWriter, _ key: ObjectKey?, partNumber: Int) -> PartWriter {
        key.map { $0.encrypting(writer, partNumber: partNumber, random: encryption.random) } ?? writer
    }

    /// Passes the plaintext of `[start, start+length)` of `content` to `sink`: decrypted under `key`,
    /// or the stored bytes of a plaintext object.
    func readPlaintext(_ content: ObjectContent, _ key: ObjectKey?, from start: Int64, length: Int64,
                       _ sink: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard let key else { return try ObjectContent.copy(content.segments(from: start, length: length), to: sink) }
        do {
            try key.reader(content, from: start, length: length).forEach(sink)
        } catch let error as EncryptedDataError {
            throw ObjectKey.corrupt(error)
        }
    }

    /// CopyObject's new version. Plaintext to plaintext, the store copies the stored bytes; otherwise
    /// the source's plaintext is encrypted afresh under the destination's new data key (never the
    /// source's ciphertext under a new wrapping: a changed key must not leave the old key able to read
    /// the copy), part by part so that the copy keeps the source's part sizes, as the store's copy does.
    func copyVersion(_ content: ObjectContent, from source: ObjectKey?, to destination: ObjectKey?, bucket: String,
                     key: String, metadata: ObjectMetadata, tags: [ObjectTag], condition: WriteCondition) throws -> ObjectInfo {
        var metadata = metadata
        metadata.encryption = nil
        guard source != nil || destination != nil else {
            return try store.copy(source: content, destBucket: bucket, destKey: key, metadata: metadata, tags: tags, condition: condition)
        }
        let stored = try store.makeWriter(bucket: bucket)
        defer { stored.abort() }
        let sealed = destination.map { $0.encrypting(stored, random: encryption.random) }
        let writer: ObjectWriter = sealed ?? stored
        let info = content.info
        var start: Int64 = 0
        for (index, size) in info.partSizes.enumerated() {
            try sealed?.startPart(index + 1)
            try readPlaintext(content, source, from: start, length: size) { try writer.write($0) }
            start += size
        }
        if info.partSizes.isEmpty {
            try readPlaintext(content, source, from: 0, length: info.size) { try writer.write($0) }
        }
        return try writer.commit(key: key, etag: info.etag, metadata: metadata, tags: tags, size: info.size,
                                 partSizes: info.partSizes, condition: condition)
    }

    /// CompleteMultipartUpload's encryption headers: the algorithm and KMS key of SSE-S3 and SSE-KMS
    /// objects (its response has no SSE-C members).
    func completionEncryptionHeaders(_ info: ObjectInfo, _ headers: inout HTTPHeaders) {
        guard let record = info.metadata.encryption, record.mode != .customer else { return }
        record.addHeaders(to: &headers, customerKeyMD5: nil)
    }

    /// A bucket's default encryption, nil when it has none (cached: every PUT asks).
    func bucketEncryption(_ bucket: String) throws -> BucketEncryptionConfiguration? {
        try encryption.defaults.value(bucket) {
            try storage(bucket: bucket) { try store.bucketSetting(bucket, BucketSettingName.encryption) }
                .flatMap { try? BucketSettingCoding.decode(BucketEncryptionConfiguration.self, $0) }
        }
    }

    /// S3 refuses the SSE-S3/SSE-KMS headers on reads: only a write chooses the encryption.
    private func rejectWriteHeaders(_ r: S3Request) throws {
        if let value = r.headers[SSEHeader.algorithm] {
            throw S3Error.invalidArgument("x-amz-server-side-encryption header is not supported for this operation.",
                                          name: SSEHeader.algorithm, value: value)
        }
    }
}
