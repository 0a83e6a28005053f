import Hummingbird

/// Answers 405 with `Allow` to a request whose path the server has a route for, with another method (the router alone
/// would say 404, as if the path did not exist).
struct MethodCheck<Context: RequestContext>: RouterMiddleware {
    /// Each route's path, `*` for one component and `**` for the rest, with the methods it takes: the fixed routes and
    /// the JSON API's.
    static var routes: [(path: [Substring], methods: String)] {
        var methods: [(path: String, methods: [String])] = [
            ("healthz", ["GET"]), ("metrics", ["GET"]), ("media/**", ["GET", "HEAD"]), ("hooks/*/*", ["POST"]), ("api/v1/assets", ["POST"]),
        ]
        for route in Api.Route.allCases {
            let path = "api/v1/" + route.path.split(separator: "/").map { $0.hasPrefix(":") ? "*" : $0 }.joined(separator: "/")
            if let index = methods.firstIndex(where: { $0.path == path }) {
                methods[index].methods.append(route.method.rawValue)
            } else {
                methods.append((path, [route.method.rawValue]))
            }
        }
        return methods.map { ($0.path.split(separator: "/"), $0.methods.joined(separator: ", ")) }
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound && (context.endpointPath ?? "NotFound") == "NotFound" {
            let components = request.uri.path.split(separator: "/")
            guard let route = Self.routes.first(where: { Self.matches($0.path, components) }) else { throw error }
            var response = Blocking.text(.methodNotAllowed, "\(request.method.rawValue) is not answered here; \(route.methods) is")
            response.headers[.allow] = route.methods
            return response
        }
    }

    static func matches(_ pattern: [Substring], _ components: [Substring]) -> Bool {
        for (index, part) in pattern.enumerated() {
            if part == "**" { return components.count > index }
            guard index < components.count, part == "*" || part == components[index] else { return false }
        }
        return pattern.count == components.count
    }
}
