import Hummingbird
import SluiceWorkspace

/// Bearer tokens (`sluice tokens create`): the JSON API always asks for one, a webhook takes one instead of a signature.
struct Access: Sendable {
    let verifier: TokenVerifier

    /// The name of the valid token the request carries (`Authorization: Bearer <token>`), or nil.
    func tokenName(of request: Request) -> String? {
        guard let header = request.headers[.authorization], header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            return nil
        }
        return verifier.verify(String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces))
    }

    /// 401 with how to authenticate, for a request without a valid token.
    static func refusal() -> Response {
        var response = Blocking.text(.unauthorized, "this needs an access token: Authorization: Bearer <token> (`sluice tokens create NAME`)")
        response.headers[.wwwAuthenticate] = "Bearer realm=\"sluice\""
        return response
    }
}
