import PailHTTP

extension HTTPResponse {
    /// A "response" that resets the connection before any byte of it is sent (the held-back head is
    /// never flushed), as a crashed peer would.
    static func connectionReset() -> HTTPResponse {
        var response = HTTPResponse(status: 500, body: .stream(length: 1) { $0.abortConnection() })
        response.closeConnection = true
        return response
    }
}
