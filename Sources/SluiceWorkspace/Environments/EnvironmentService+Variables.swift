import Foundation
import SluiceDocuments
import SluiceJSON

extension EnvironmentService {
    /// The environment variables (none when the document does not exist yet).
    public func variables() throws(WorkspaceError) -> [String: JSONValue] {
        try context.snapshot().environmentVariables().variables
    }

    /// Sets an environment variable.
    public func setVariable(_ key: String, value: JSONValue) throws(WorkspaceError) {
        if let problem = Slug.problem(withKey: key) { throw .invalidInput(problem) }
        try context.mutate { snapshot, changes in
            var variables = try snapshot.environmentVariables()
            variables.variables[key] = value
            try changes.write(.environmentVariables(variables), to: WorkspaceLayout.environmentVariablesPath)
            return ("env: set variable \(key)", ())
        }
    }

    /// Removes an environment variable; refuses while flows use it.
    public func unsetVariable(_ key: String) throws(WorkspaceError) {
        try context.mutate { snapshot, changes in
            var variables = try snapshot.environmentVariables()
            guard variables.variables.removeValue(forKey: key) != nil else { throw WorkspaceError.notFound(.environmentVariable, query: key) }
            let uses = snapshot.uses(of: .variable, key: key)
            if !uses.isEmpty { throw WorkspaceError.refused(.stillUsed(what: "environment variable \(key)", uses: uses)) }
            try changes.write(.environmentVariables(variables), to: WorkspaceLayout.environmentVariablesPath)
            return ("env: unset variable \(key)", ())
        }
    }
}

extension WorkspaceSnapshot {
    /// The environment variables document (empty when it does not exist yet).
    func environmentVariables() throws(WorkspaceError) -> EnvironmentVariables {
        guard case .environmentVariables(let variables)? = try existingDocument(at: WorkspaceLayout.environmentVariablesPath) else {
            return EnvironmentVariables()
        }
        return variables
    }
}
