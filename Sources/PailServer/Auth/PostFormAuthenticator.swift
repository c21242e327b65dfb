import Foundation
import PailS3

/// Verifies the signature of a POST Object form: the `policy` field, as sent, is the string to sign.
///
/// Signature Version 4 (AWS, "Authenticating Requests: Browser-Based Uploads Using POST"): fields
/// `x-amz-algorithm` (`AWS4-HMAC-SHA256`), `x-amz-credential`, `x-amz-date`, `x-amz-signature`
/// (hex HMAC-SHA256 of the policy under the credential's signing key), and `x-amz-security-token`
/// for temporary credentials. Signature Version 2: `AWSAccessKeyId` and `signature` (base64
/// HMAC-SHA1 of the policy under the secret key). The request time is not checked: the policy's
/// `expiration` is what bounds the form's life.
struct PostFormAuthenticator {
    let credentials: CredentialStore
    let region: String
    let signingKeys: SigningKeyCache

    /// The signer and the verified policy; nil for a form with neither a signature nor a policy (an
    /// anonymous upload).
    func authenticate(_ form: PostForm) throws -> (principal: Principal, policy: PostPolicy)? {
        let v4 = form.value("x-amz-signature") != nil || form.value("x-amz-credential") != nil || form.value("x-amz-algorithm") != nil
        let v2 = form.value("AWSAccessKeyId") != nil || form.value("signature") != nil
        let policyField = form.value("policy")
        guard v4 || v2 else {
            if policyField == nil { return nil }
            throw S3Error.accessDenied()
        }
        guard let policyField else { throw S3Error.postMissingField("policy") }
        let principal = v4 ? try verifyV4(form, policy: policyField) : try verifyV2(form, policy: policyField)
        return (principal, try PostPolicy.parse(base64: policyField))
    }

    private func verifyV4(_ form: PostForm, policy: String) throws -> Principal {
        guard let algorithm = form.value("x-amz-algorithm") else { throw S3Error.postMissingField("x-amz-algorithm") }
        guard algorithm == "AWS4-HMAC-SHA256" else {
            throw S3Error.invalidArgument("X-Amz-Algorithm only supports \"AWS4-HMAC-SHA256\"", name: "x-amz-algorithm", value: algorithm)
        }
        guard let credentialField = form.value("x-amz-credential") else { throw S3Error.postMissingField("x-amz-credential") }
        guard let credential = PostPolicySignature.credential(credentialField) else {
            throw S3Error.invalidArgument("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".",
                                          name: "x-amz-credential", value: credentialField)
        }
        guard credential.region == region else {
            throw S3Error.authorizationHeaderMalformed("The authorization header is malformed; the region '\(credential.region)' is wrong; expecting '\(region)'")
                .with("Region", region)
        }
        guard credential.service == "s3" else {
            throw S3Error.authorizationHeaderMalformed("The authorization header is malformed; incorrect service \"\(credential.service)\". This endpoint belongs to \"s3\".")
        }
        guard let date = form.value("x-amz-date") else { throw S3Error.postMissingField("x-amz-date") }
        guard S3Date.parseAmz(date) != nil else {
            throw S3Error.invalidArgument("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"", name: "x-amz-date", value: date)
        }
        guard let signature = form.value("x-amz-signature") else { throw S3Error.postMissingField("x-amz-signature") }
        let principal = try lookup(credential.accessKey, token: form.value("x-amz-security-token"))
        let key = signingKeys.hmacKey(secret: principal.secretKey, date: credential.date, region: credential.region, service: credential.service)
        guard SigV4.signaturesEqual(PostPolicySignature.v4(policy: policy, signingKey: key), signature) else {
            throw S3Error.signatureDoesNotMatch(stringToSign: policy, canonicalRequest: "", accessKey: credential.accessKey, signature: signature)
        }
        return principal
    }

    private func verifyV2(_ form: PostForm, policy: String) throws -> Principal {
        guard let accessKey = form.value("AWSAccessKeyId") else { throw S3Error.postMissingField("AWSAccessKeyId") }
        guard let signature = form.value("signature") else { throw S3Error.postMissingField("Signature") }
        let principal = try lookup(accessKey, token: form.value("x-amz-security-token"))
        guard SigV2.signaturesEqual(PostPolicySignature.v2(policy: policy, secret: principal.secretKey), signature) else {
            throw S3Error.signatureDoesNotMatch(stringToSign: policy, canonicalRequest: "", accessKey: accessKey, signature: signature)
        }
        return principal
    }

    private func lookup(_ accessKey: String, token: String?) throws -> Principal {
        guard let principal = try credentials.principal(accessKey: accessKey, sessionToken: token) else {
            throw S3Error.invalidAccessKeyId(accessKey)
        }
        return principal
    }
}
