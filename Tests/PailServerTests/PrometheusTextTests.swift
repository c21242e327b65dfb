import Testing
@testable import PailServer

@Suite struct PrometheusTextTests {
    @Test func labelValuesEscapeBackslashQuoteAndLineFeed() {
        var out = PrometheusText()
        out.sample("m", [("rule", "a\\b\"c\nd")], UInt64(3))
        #expect(out.text == "m{rule=\"a\\\\b\\\"c\\nd\"} 3\n")
    }

    @Test func helpTextEscapesBackslashAndLineFeedButNotQuotes() {
        var out = PrometheusText()
        out.family("m", .counter, help: "say \"hi\"\\\nbye")
        #expect(out.text == "# HELP m say \"hi\"\\\\\\nbye\n# TYPE m counter\n")
    }

    @Test func plainLabelValuesAreWrittenAsGiven() {
        #expect(PrometheusText.escape("PutObject é", quotes: true) == "PutObject é")
    }

    @Test func histogramBucketsAreCumulativeAndEndInInfEqualToCount() {
        var out = PrometheusText()
        out.histogram("d", [("operation", "GetObject")], bounds: [0.1, 1], counts: [2, 0, 5], sum: 7.5)
        #expect(out.text == """
            d_bucket{operation="GetObject",le="0.1"} 2
            d_bucket{operation="GetObject",le="1.0"} 2
            d_bucket{operation="GetObject",le="+Inf"} 7
            d_sum{operation="GetObject"} 7.5
            d_count{operation="GetObject"} 7

            """)
    }

    @Test func specialFloatsUsePrometheusSpelling() {
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(.nan) == "NaN")
        #expect(PrometheusText.format(0.0005) == "0.0005")
    }

    @Test func unlabelledSampleHasNoBraces() {
        var out = PrometheusText()
        out.sample("pail_objects", [], UInt64(0))
        #expect(out.text == "pail_objects 0\n")
    }
}
