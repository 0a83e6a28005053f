import Foundation
import SluiceDocuments
import SluiceJSON

extension Workspace {
    /// The environment variables (empty when the document does not exist yet).
    public func environmentVariables() throws -> EnvironmentVariables {
        guard FileManager.default.fileExists(atPath: absolute(WorkspaceLayout.environmentVariablesPath)) else { return EnvironmentVariables() }
        let parsed = try load(WorkspaceLayout.environmentVariablesPath)
        guard case .environmentVariables(let variables)? = parsed.document else {
            throw WorkspaceError.invalidDocuments(parsed.problems.filter { $0.severity == .error })
        }
        return variables
    }

    /// Sets an environment variable.
    public func setEnvironmentVariable(_ key: String, value: JSONValue) throws {
        if let problem = Slug.problem(withKey: key) { throw WorkspaceError.invalidInput(problem) }
        try mutate { changes in
            var variables = try environmentVariables()
            variables.variables[key] = value
            try changes.write(.environmentVariables(variables), to: WorkspaceLayout.environmentVariablesPath)
            return ("env: set variable \(key)", ())
        }
    }

    /// Removes an environment variable.
    public func unsetEnvironmentVariable(_ key: String) throws {
        try mutate { changes in
            var variables = try environmentVariables()
            guard variables.variables.removeValue(forKey: key) != nil else { throw WorkspaceError.notFound(kind: "environment variable", query: key) }
            try refuseIfUsed(uses(of: .env, key: key), what: "environment variable \(key)")
            try changes.write(.environmentVariables(variables), to: WorkspaceLayout.environmentVariablesPath)
            return ("env: unset variable \(key)", ())
        }
    }
}
