import Foundation
import Testing
@testable import PailFaults

@Suite struct FaultOperationNameTests {
    private func decode(_ json: String) throws -> FaultMatch {
        try JSONDecoder().decode(FaultMatch.self, from: Data(json.utf8))
    }

    @Test func knownOperations_decode_inAnyCase() throws {
        let match = try decode(#"{"operations": ["PutObject", "listobjectversions", "AssumeRole", "GetRoleCredentials"]}"#)
        #expect(match.operations?.count == 4)
    }

    @Test func misspeltOperation_isRefusedWithItsName() {
        #expect(throws: DecodingError.self) { try decode(#"{"operation": "PutObjct"}"#) }
        do {
            _ = try decode(#"{"operations": ["GetObject", "DeleteObjectz"]}"#)
            Issue.record("a misspelt operation decoded")
        } catch {
            #expect("\(error)".contains("DeleteObjectz"))
        }
    }

    @Test func everyS3OperationIsKnown() {
        #expect(FaultOperations.isKnown("PutBucketVersioning") && FaultOperations.isKnown("DeleteObjectTagging"))
        #expect(!FaultOperations.isKnown("Unknown"))
    }
}
