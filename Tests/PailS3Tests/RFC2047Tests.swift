import Testing
@testable import PailS3

@Suite struct RFC2047Tests {
    @Test func decodesBAndQWords_andJoinsAdjacentWords() {
        #expect(RFC2047.decode("=?UTF-8?B?R3LDvMOfZQ==?=") == "Grüße")
        #expect(RFC2047.decode("=?iso-8859-1?Q?caf=E9_au_lait?=") == "café au lait")
        #expect(RFC2047.decode("=?UTF-8?B?R3LDvA==?= =?UTF-8?B?w59l?=") == "Grüße")
        #expect(RFC2047.decode("a =?UTF-8?Q?=C3=BC?= b") == "a ü b")
    }

    @Test func leavesPlainAndBrokenValuesAlone() {
        #expect(RFC2047.decode("plain value") == "plain value")
        #expect(RFC2047.decode("=?UTF-8?X?abc?=") == "=?UTF-8?X?abc?=")
        #expect(RFC2047.decode("=?unknown?B?YQ==?=") == "=?unknown?B?YQ==?=")
    }

    @Test func encodesOnlyNonASCII() {
        #expect(RFC2047.encodeIfNeeded("hello") == "hello")
        #expect(RFC2047.encodeIfNeeded("Grüße") == "=?UTF-8?B?R3LDvMOfZQ==?=")
        #expect(RFC2047.decode(RFC2047.encodeIfNeeded("日本")) == "日本")
    }
}
